import type { StranglerGraph } from "../graph/build.js";

/**
 * Tables no DDL, migration or entity of the repo declares, when the repo declares others (undefined when it
 * declares none: then nothing tells a query's table from the schema's). The order plans a context of only
 * such tables after the rest (score/order.ts).
 */
export function undeclaredTablesOf(graph: StranglerGraph): Set<string> | undefined {
  let declared = 0;
  const undeclared = new Set<string>();
  graph.forEachNode((_n, x) => {
    if (x.kind !== "table" || x.relation !== "table") return;
    if (x.declared) declared++;
    else undeclared.add(x.name);
  });
  return declared > 0 ? undeclared : undefined;
}
