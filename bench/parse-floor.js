// The floor of one core: every code file strangler would read (its own walker's list) parsed once with
// `ts.createSourceFile`, on one thread, nothing read from the trees. Prints the files and bytes parsed.
// TypeScript is loaded as strangler loads it (#ts: the compiler alone, not ts-morph). `--no-jsdoc` parses
// as strangler does, without JSDoc (the floor the issue names parses it).
import fs from "node:fs";
import { ts } from "#ts";
import { walkRepo } from "../dist/scan/files/walk.js";

const noJsDoc = process.argv.includes("--no-jsdoc");
const options = noJsDoc ? { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone } : ts.ScriptTarget.Latest;
const walk = walkRepo(process.argv[2]);
let files = 0;
let bytes = 0;
for (const f of walk.files) {
  if (f.kind !== "code") continue;
  const text = fs.readFileSync(f.abs, "utf8");
  ts.createSourceFile(`/${f.path}`, text, options, true);
  files++;
  bytes += text.length;
}
process.stdout.write(JSON.stringify({ files, bytes }) + "\n");
