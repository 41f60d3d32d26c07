import type { StranglerGraph } from "../graph/build.js";
import type { Clustering } from "../cluster/index.js";
import type { ContextsFile } from "../config/contexts-yaml.js";
import { PatternIndex } from "../config/pattern-index.js";
import { TableEntries } from "../config/table-entries.js";
import { adjustedRandIndex, mojoFM, type Partition } from "./compare.js";

export const INFRASTRUCTURE = "(infrastructure)";

/**
 * Object (unit path or table name) → context, from a contexts-format file; infrastructure is one group. The
 * file's patterns are compiled once (config/pattern-index.ts), so a long file costs its length, not its
 * length times the graph.
 */
export function partitionFromFile(graph: StranglerGraph, file: ContextsFile): Partition {
  const out: Partition = new Map();
  const infrastructure = new PatternIndex([file.infrastructure]);
  const modules = new PatternIndex(file.contexts.map((c) => c.modules));
  const tables = new TableEntries(file.contexts.map((c) => c.tables));
  graph.forEachNode((_n, a) => {
    if (a.kind === "module") {
      if (infrastructure.matches(a.path)) out.set(a.path, INFRASTRUCTURE);
      else {
        const c = file.contexts[modules.ownerOf(a.path)];
        if (c) out.set(a.path, c.name);
      }
    } else {
      const c = file.contexts[tables.ownersOf(a.name)[0] ?? -1];
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
