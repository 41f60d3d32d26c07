import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { walkRepo } from "../dist/scan/files/walk.js";
const walk = walkRepo(process.argv[2]);
const tasks = walk.files.filter((f) => f.kind === "code").map((f) => ({ virtualPath: `/${f.path}`, text: fs.readFileSync(f.abs, "utf8"), shown: f.path }));
const ygen = Number(process.argv[3]);
const code = `
import { workerData, parentPort } from "node:worker_threads";
const { SOURCES } = await import(${JSON.stringify(new URL("../dist/scan/sources/index.js", import.meta.url).href)});
const { parseFile } = await import(${JSON.stringify(new URL("../dist/scan/code/parse-file.js", import.meta.url).href)});
const sources = SOURCES.filter((s) => ["typeorm"].includes(s.id));
const t0 = performance.now();
let n = 0;
for (const t of workerData.tasks) { const o = parseFile(t.virtualPath, t.text, t.shown, sources, false); n += JSON.stringify(o).length; }
parentPort.postMessage({ ms: performance.now() - t0, n });
`;
const t0 = performance.now();
const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(code)), { workerData: { tasks }, resourceLimits: ygen ? { maxYoungGenerationSizeMb: ygen } : undefined });
w.on("message", (m) => { console.log(`ygen ${ygen || "default"}: parse ${m.ms.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms`); w.terminate(); });
