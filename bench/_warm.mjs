import fs from "node:fs";
import { walkRepo } from "../dist/scan/files/walk.js";
import { SOURCES } from "../dist/scan/sources/index.js";
import { parseFile } from "../dist/scan/code/parse-file.js";
const walk = walkRepo(process.argv[2]);
const tasks = walk.files.filter((f) => f.kind === "code").map((f) => ({ virtualPath: `/${f.path}`, text: fs.readFileSync(f.abs, "utf8"), shown: f.path }));
const sources = SOURCES.filter((s) => s.id === "typeorm");
const slice = tasks.slice(0, Number(process.argv[3] ?? 400));
for (let pass = 1; pass <= Number(process.argv[4] ?? 4); pass++) {
  const t0 = performance.now();
  for (const t of slice) parseFile(t.virtualPath, t.text, t.shown, sources, false);
  console.log(`pass ${pass}: ${slice.length} files ${(performance.now() - t0).toFixed(0)} ms`);
}
