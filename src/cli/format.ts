import { UsageError } from "./errors.js";

/*
 * The format part of the output convention, light enough for src/cli/index.ts to check a command's flags
 * before it loads the command's stages: a format the command does not write is refused at once.
 */

/** Every output format a command may write; each command accepts the ones it has. */
export const FORMATS = ["text", "json", "markdown", "sarif", "github", "html", "codeclimate", "junit"] as const;
export type Format = (typeof FORMATS)[number];

/** The formats each command writes, its default first. */
export const COMMAND_FORMATS = {
  scan: ["text", "json"],
  assess: ["text", "json", "html"],
  roadmap: ["markdown", "json"],
  check: ["text", "json", "sarif", "github", "codeclimate", "junit", "markdown"],
  report: ["html"],
  trend: ["text", "json"],
} as const satisfies Record<string, readonly Format[]>;

/** The output flags every command takes: `--format`, its alias `--json`, and `-o/--output` (`-`: stdout). */
export interface OutputFlags {
  format?: string;
  json?: boolean;
  output?: string;
}

/**
 * The format asked for, checked against the formats this command has. `--json` is `--format json`, so
 * `--json --format sarif` asks for two things and is refused, as is a format the command does not write.
 */
export function formatOf(command: keyof typeof COMMAND_FORMATS, flags: OutputFlags, has: readonly Format[] = COMMAND_FORMATS[command]): Format {
  if (flags.json && flags.format !== undefined && flags.format !== "json") {
    throw new UsageError(`--json means --format json; it conflicts with --format ${flags.format}`);
  }
  const format = flags.json ? "json" : (flags.format ?? has[0]);
  if (!(has as readonly string[]).includes(format)) {
    const known = (FORMATS as readonly string[]).includes(format);
    throw new UsageError(`${command} ${known ? "has no" : "knows no"} --format ${format}; it writes ${has.join(", ")}`);
  }
  return format as Format;
}

