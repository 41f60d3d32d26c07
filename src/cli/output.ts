import { writeOutput } from "./common.js";
import type { OutputFlags } from "./format.js";

export { formatOf, type Format, type OutputFlags } from "./format.js";


/** Whether the result goes to stdout: no `-o`, or `-o -`. */
export function toStdout(flags: OutputFlags): boolean {
  return flags.output === undefined || flags.output === "-";
}

/** Writes the result where `-o/--output` says: stdout, or the file (atomically). */
export function emit(flags: OutputFlags, content: string): void {
  if (toStdout(flags)) process.stdout.write(content);
  else writeOutput(flags.output!, content);
}
