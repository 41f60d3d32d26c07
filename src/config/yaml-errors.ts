import type { YAMLError } from "yaml";

/** A yaml parse error as one line (its position is given separately) and the line it is on. */
export function yamlError(e: YAMLError): { message: string; line: number | undefined } {
  return { message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), line: e.linePos?.[0].line };
}
