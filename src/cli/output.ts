import { writeOutput } from "./common.js";
import { terminalText } from "../report/escape-text.js";
import type { OutputFlags } from "./format.js";

export { formatOf, type Format, type OutputFlags } from "./format.js";


/** Whether the result goes to stdout: no `-o`, or `-o -`. */
export function toStdout(flags: OutputFlags): boolean {
  return flags.output === undefined || flags.output === "-";
}

/**
 * Writes the result where `-o/--output` says: stdout, or the file (atomically). Control characters a name
 * carried are escaped and no line starts with `::` (report/escape-text.ts), but in `workflowCommands`
 * output (`--format github`), whose lines are GitHub's commands, built from escaped data.
 */
export function emit(flags: OutputFlags, content: string, options: { workflowCommands?: boolean } = {}): void {
  const safe = options.workflowCommands ? content : terminalText(content);
  if (toStdout(flags)) process.stdout.write(safe);
  else writeOutput(flags.output!, safe);
}
