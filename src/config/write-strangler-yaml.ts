import fs from "node:fs";
import { isMap, LineCounter, parseDocument } from "yaml";
import { validateDocument } from "./schema.js";
import { writeFileAtomic } from "../util/write-file.js";
import { yamlError } from "./yaml-errors.js";
import { readConfigText } from "./read-text.js";
import type { Field } from "./team-fields.js";

const HEADER = `# strangler.yaml: the team and business figures the roadmap computes effort, cost and staffing from.
# Written by \`strangler init\` (every question also has a flag); edit it freely, init keeps your edits.
`;

/**
 * Sets the answered fields in strangler.yaml, keeping every comment, key and value people wrote; a file
 * that is not valid YAML is never rewritten. Written atomically, and only inside `within` (the repository, or
 * the folder of a --config file the user named).
 */
export function writeTeamValues(file: string, answers: Array<{ field: Field; value: string | number | string[] }>, within: string): void {
  const exists = fs.existsSync(file);
  const doc = parseDocument(exists ? readConfigText(file, file, within) : HEADER);
  if (doc.errors.length) {
    const { message, line } = yamlError(doc.errors[0]);
    throw new Error(`${file}${line ? `:${line}` : ""}: not valid YAML (${message}); not rewritten`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error(`${file}: expected a mapping of settings; not rewritten`);
  for (const { field, value } of answers) doc.setIn(field.path, doc.createNode(value, { flow: Array.isArray(value) }));
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // Never a file check would refuse: what the answers leave broken (an unknown key, a wrong type) is fixed first.
  const lines = new LineCounter();
  const problems = validateDocument("strangler", parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines);
  if (problems.length) {
    const [p] = problems;
    throw new Error(`${file}${p.line ? `:${p.line}` : ""}: ${p.message}; not rewritten (check would refuse the file: fix this first)`);
  }
  writeFileAtomic(file, text, { within });
}
