import type { StranglerGraph } from "../graph/build.js";
import type { Clustering } from "../cluster/index.js";
import { modulePatternMatches, tableEntryMatches, type ContextsFile } from "../config/contexts-yaml.js";
import { adjustedRandIndex, mojoFM, type Partition } from "./compare.js";

export const INFRASTRUCTURE = "(infrastructure)";

/** Object (unit path or table name) → context, from a contexts-format file; infrastructure is one group. */
export function partitionFromFile(graph: StranglerGraph, file: ContextsFile): Partition {
  const out: Partition = new Map();
  graph.forEachNode((_n, a) => {
    if (a.kind === "module") {
      if (file.infrastructure.some((p) => modulePatternMatches(p, a.path))) out.set(a.path, INFRASTRUCTURE);
      else {
        const c = file.contexts.find((ctx) => ctx.modules.some((p) => modulePatternMatches(p, a.path)));
        if (c) out.set(a.path, c.name);
      }
    } else {
      const c = file.contexts.find((ctx) => ctx.tables.some((t) => tableEntryMatches(t, a.name)));
      if (c) out.set(a.name, c.name);
    }
  });
  return out;
}

/** The same view of a clustering. */
export function partitionFromClustering(graph: StranglerGraph, clustering: Clustering): Partition {
  const out: Partition = new Map();
  for (const i of clustering.infrastructure) out.set((graph.getNodeAttributes(i.node) as { path: string }).path, INFRASTRUCTURE);
  for (const c of clustering.contexts) {
    for (const u of c.units) out.set(u, c.name);
    for (const t of c.tables) out.set(t, c.name);
  }
  return out;
}

export interface TruthComparison {
  mojoFM: number;
  adjustedRandIndex: number;
  /** Objects placed by both and compared. */
  objects: number;
  /** MoJo distance: moves and joins from the proposal to the expected mapping. */
  mno: number;
  /** Objects the expected mapping places in another group than the proposal's best match for it. */
  misplaced: Array<{ object: string; proposed: string; expected: string }>;
}

export function compareWithTruth(proposed: Partition, expected: Partition): TruthComparison {
  const m = mojoFM(proposed, expected);
  // For the listing: each proposed group's expected majority; objects outside it are misplaced.
  const byGroup = new Map<string, Map<string, number>>();
  for (const [o, p] of proposed) {
    const e = expected.get(o);
    if (e === undefined) continue;
    const counts = byGroup.get(p) ?? new Map<string, number>();
    counts.set(e, (counts.get(e) ?? 0) + 1);
    byGroup.set(p, counts);
  }
  const majority = new Map([...byGroup].map(([p, counts]) => [p, [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]]));
  const misplaced = [...proposed]
    .filter(([o, p]) => expected.has(o) && expected.get(o) !== majority.get(p))
    .map(([object, p]) => ({ object, proposed: p, expected: expected.get(object)! }))
    .sort((a, b) => (a.object < b.object ? -1 : 1));
  return { mojoFM: m.value, adjustedRandIndex: adjustedRandIndex(proposed, expected), objects: m.objects, mno: m.mno, misplaced };
}
