import { UsageError } from "./errors.js";
import { writeOutput } from "./common.js";

/** Every output format a command may write; each command accepts the ones it has. */
export const FORMATS = ["text", "json", "markdown", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

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
export function formatOf(command: string, flags: OutputFlags, has: readonly Format[]): Format {
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

/** Whether the result goes to stdout: no `-o`, or `-o -`. */
export function toStdout(flags: OutputFlags): boolean {
  return flags.output === undefined || flags.output === "-";
}

/** Writes the result where `-o/--output` says: stdout, or the file (atomically). */
export function emit(flags: OutputFlags, content: string): void {
  if (toStdout(flags)) process.stdout.write(content);
  else writeOutput(flags.output!, content);
}
