import type { YAMLError } from "yaml";

/** A yaml parse error as one line (its position is given separately) and the line it is on. */
export function yamlError(e: YAMLError): { message: string; line: number | undefined } {
  const first = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return { message: /maximum call stack/i.test(first) ? "nested too deeply to read" : first, line: e.linePos?.[0].line };
}
