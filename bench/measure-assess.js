// One `assess` measurement in its own process: seconds per stage and peak memory.
import { assessRepo } from "../dist/assess/index.js";

const a = assessRepo(process.argv[2]);
process.stdout.write(
  JSON.stringify({
    contexts: a.clustering.contexts.length,
    nodes: a.graph.order,
    edges: a.graph.size,
    timings: a.timings,
    linkage: { units: a.scan.linkage.units, unitsTouchingTables: a.scan.linkage.unitsTouchingTables },
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
