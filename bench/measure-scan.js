// One measurement in its own process, so peak memory is this scan's alone: scan + graph of argv[2].
import { scanRepo } from "../dist/scan/index.js";
import { buildGraph } from "../dist/graph/build.js";

const repo = process.argv[2];
const t0 = process.hrtime.bigint();
const scan = scanRepo(repo);
const t1 = process.hrtime.bigint();
const graph = buildGraph(scan.facts);
const t2 = process.hrtime.bigint();
const lines = scan.facts.files.reduce((n, f) => n + f.loc, 0);
process.stdout.write(
  JSON.stringify({
    files: scan.facts.files.length,
    sqlFiles: scan.facts.sqlFiles.length,
    loc: lines,
    sqlSites: scan.facts.sqlSites.length,
    statements: scan.stats.statements,
    nodes: graph.order,
    edges: graph.size,
    scanMs: Number(t1 - t0) / 1e6,
    graphMs: Number(t2 - t1) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
