import { Chalk, type ChalkInstance } from "chalk";
import type { Diagnostic } from "../scan/facts.js";
import { diagnosticsText } from "../report/scan-text.js";

/**
 * Whether to colour a stream. `setting` is the user's `--color` (true) or `--no-color` (false); without
 * either, as Node decides for its own output: `FORCE_COLOR` (colour, but `0` or `false`), then `NO_COLOR`
 * (set and not empty: no colour), then colour only on a terminal whose TERM is not `dumb`.
 */
export function colourOn(stream: NodeJS.WriteStream, setting?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (setting !== undefined) return setting;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR) return false;
  return !!stream.isTTY && env.TERM !== "dumb";
}

/** A chalk for the stream as `colourOn` decides; `setting` false (a file, `--no-color`) is never coloured. */
export function colourFor(stream: NodeJS.WriteStream, setting?: boolean): ChalkInstance {
  return new Chalk({ level: colourOn(stream, setting) ? 1 : 0 });
}

/** The flags that decide what goes to stderr besides the result. */
export interface StderrFlags {
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/**
 * Diagnostics on stderr: warnings and errors (information ones with --verbose); with --quiet, errors only.
 */
export function writeDiagnostics(list: Diagnostic[], flags: StderrFlags): void {
  const shown = flags.quiet ? list.filter((d) => d.severity === "error") : list;
  process.stderr.write(diagnosticsText(shown, !!flags.verbose && !flags.quiet, colourFor(process.stderr, flags.color)));
}

/** A line for people on stderr (a file written, counts), left out with --quiet. */
export function note(flags: StderrFlags, line: string): void {
  if (!flags.quiet) process.stderr.write(line);
}

/** A one-line progress indicator on stderr, shown only on a terminal, never with --quiet. */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(quiet = false, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = !quiet && !!stream.isTTY && process.env.TERM !== "dumb" && !process.env.CI;
  }

  update(stage: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 80 && done !== total) return;
    this.last = now;
    const count = total > 0 ? ` ${done}/${total}` : "";
    this.stream.write(`\r\x1b[2K${stage}${count}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}
