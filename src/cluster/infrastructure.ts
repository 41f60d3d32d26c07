import type { StranglerGraph } from "../graph/build.js";
import type { Weights } from "../rules/weights.js";
import { isAccessKind } from "../graph/model.js";

export interface InfrastructureUnit {
  node: string;
  reason: "shared" | "composition-root" | "only-infrastructure-neighbours" | "used-across-contexts" | "shell" | "agreed";
  /** For the application shell (src/cluster/shell.ts): the evidence, in a few words. */
  why?: string;
}

/**
 * Units that are shared infrastructure rather than a context: they touch no table, and are imported by
 * many units (a shared kernel: db pool, logger, config), or import many (the composition root: main.ts),
 * or are only connected to such units (a barrel over the shared kernel).
 */
export function findInfrastructure(graph: StranglerGraph, weights: Weights, known: InfrastructureUnit[] = []): InfrastructureUnit[] {
  // Only backend code: clients, tools and migrations are set apart before (src/scan/roles.ts).
  const modules: string[] = [];
  graph.forEachNode((n, a) => {
    if (a.kind === "module" && a.role === "backend") modules.push(n);
  });
  const backend = new Set(modules);
  const others = Math.max(1, modules.length - 1);
  // A system catalog (a health check reading pg_database) is not a table of the domain.
  const touchesTables = (n: string) =>
    graph.someOutEdge(n, (_e, a, _s, target) => {
      const t = graph.getNodeAttributes(target);
      return isAccessKind(a.kind) && !(t.kind === "table" && t.relation === "system");
    });
  const importers = (n: string) => new Set(graph.filterInEdges(n, (_e, a) => a.kind === "import").map((e) => graph.source(e)).filter((m) => backend.has(m)));
  const imported = (n: string) => new Set(graph.filterOutEdges(n, (_e, a) => a.kind === "import").map((e) => graph.target(e)).filter((m) => backend.has(m)));

  const result = new Map<string, InfrastructureUnit["reason"]>(known.map((k) => [k.node, k.reason]));
  const whyOf = new Map(known.filter((k) => k.why).map((k) => [k.node, k.why!]));
  for (const n of modules) {
    if (result.has(n)) continue;
    if (touchesTables(n)) continue;
    if (importers(n).size / others >= weights.minFanInShare) result.set(n, "shared");
    else if (imported(n).size / others >= weights.minFanOutShare) result.set(n, "composition-root");
  }
  // Units touching no table whose every import neighbour is infrastructure are infrastructure too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of modules) {
      if (result.has(n) || touchesTables(n)) continue;
      const neighbours = new Set([...importers(n), ...imported(n)]);
      if (neighbours.size > 0 && [...neighbours].every((m) => result.has(m))) {
        result.set(n, "only-infrastructure-neighbours");
        changed = true;
      }
    }
  }
  return [...result].map(([node, reason]) => ({ node, reason, ...(whyOf.has(node) ? { why: whyOf.get(node) } : {}) })).sort((a, b) => (a.node < b.node ? -1 : 1));
}
