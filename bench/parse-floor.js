// The floor of one core: every code file strangler would read (its own walker's list) parsed once with
// `ts.createSourceFile`, on one thread, nothing read from the trees. Prints the files and bytes parsed.
import fs from "node:fs";
import { ts } from "ts-morph";
import { walkRepo } from "../dist/scan/files/walk.js";

const walk = walkRepo(process.argv[2]);
let files = 0;
let bytes = 0;
for (const f of walk.files) {
  if (f.kind !== "code") continue;
  const text = fs.readFileSync(f.abs, "utf8");
  ts.createSourceFile(`/${f.path}`, text, ts.ScriptTarget.Latest, true);
  files++;
  bytes += text.length;
}
process.stdout.write(JSON.stringify({ files, bytes }) + "\n");
