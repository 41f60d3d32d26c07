import graphology from "graphology";
import louvainModule from "graphology-communities-louvain";
import type { Projection } from "./projection.js";
import { seededRng } from "../util/rng.js";
import { compareStrings } from "../util/sort.js";
import { pushTo } from "../util/push-to.js";

const { UndirectedGraph } = graphology;
// A CommonJS package whose types say `export default`: at run time the import is the function itself.
type Louvain = typeof louvainModule.default;
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain)) as Louvain;

/** Label of a node's community: `pin:<context>` for agreed contexts, `auto:<n>` for proposed ones. */
export type Labels = Map<string, string>;

/**
 * The projection with people's assignments contracted: nodes pinned to one context (and partitions with
 * their parent table) become one node, edges between them summed. Built once per projection and pins, and
 * run at every resolution and seed (building it is most of a run's cost on a large graph).
 */
export interface Contraction {
  graph: InstanceType<typeof UndirectedGraph<Record<string, never>, { weight: number }>>;
  superNodes: string[];
  superOf: (n: string) => string;
}

export function contract(proj: Projection, pins: Map<string, string>, alias: Map<string, string> = new Map()): Contraction {
  // A node with an alias (a partition) always goes where its representative (the parent table) goes.
  const superOf = (n: string) => {
    const r = alias.get(n) ?? n;
    return pins.has(r) ? `pin:${pins.get(r)}` : r;
  };
  const contracted = new UndirectedGraph<Record<string, never>, { weight: number }>();
  const superNodes = [...new Set(proj.nodes().map(superOf))].sort(compareStrings);
  for (const s of superNodes) contracted.addNode(s);
  const weights = new Map<string, number>();
  proj.forEachEdge((_e, a, u, v) => {
    const su = superOf(u);
    const sv = superOf(v);
    if (su === sv) return;
    const key = compareStrings(su, sv) <= 0 ? `${su}\u0000${sv}` : `${sv}\u0000${su}`;
    weights.set(key, (weights.get(key) ?? 0) + a.weight);
  });
  for (const key of [...weights.keys()].sort(compareStrings)) {
    const cut = key.indexOf("\u0000");
    contracted.addUndirectedEdge(key.slice(0, cut), key.slice(cut + 1), { weight: weights.get(key)! });
  }
  return { graph: contracted, superNodes, superOf };
}

/**
 * One seeded Louvain run on a contraction of `proj` (see contract), keeping people's assignments: pinned
 * nodes were contracted into one node, so they stay together (as partitions with their parent); a community
 * that ends up holding two agreed contexts is split between them by connection strength. Labels for every
 * node of `proj`.
 */
export function louvainOn(c: Contraction, proj: Projection, resolution: number, seed: number): Labels {
  const { graph: contracted, superNodes, superOf } = c;
  const communities =
    contracted.size > 0
      ? louvain(contracted, { getEdgeWeight: "weight", resolution, rng: seededRng(seed) })
      : Object.fromEntries(superNodes.map((s, i) => [s, i]));

  // Name each community after the agreed contexts in it; split those holding more than one.
  const pinsIn = new Map<number, string[]>();
  for (const s of superNodes) {
    if (!s.startsWith("pin:")) continue;
    const c = communities[s];
    pushTo(pinsIn, c, s);
  }
  const labels: Labels = new Map();
  for (const n of proj.nodes()) {
    const s = superOf(n);
    if (s.startsWith("pin:")) {
      labels.set(n, s);
      continue;
    }
    const c = communities[s];
    const pinned = pinsIn.get(c) ?? [];
    if (pinned.length === 0) labels.set(n, `auto:${c}`);
    else if (pinned.length === 1) labels.set(n, pinned[0]);
    else labels.set(n, strongest(proj, n, pinned, superOf) ?? pinned[0]);
  }
  return labels;
}

function strongest(proj: Projection, node: string, candidates: string[], superOf: (n: string) => string): string | null {
  const score = new Map<string, number>();
  proj.forEachEdge(node, (_e, a, u, v) => {
    const other = superOf(u === node ? v : u);
    if (candidates.includes(other)) score.set(other, (score.get(other) ?? 0) + a.weight);
  });
  let best: string | null = null;
  for (const c of [...candidates].sort(compareStrings)) if (best === null || (score.get(c) ?? 0) > (score.get(best) ?? 0)) best = c;
  return best;
}

/**
 * Proposed contexts smaller than `minSize` nodes join the community they are most connected to, smallest
 * first; agreed contexts are never merged away. A node with no connection at all stays alone.
 */
export function mergeSmall(proj: Projection, labels: Labels, minSize: number): Labels {
  const out = new Map(labels);
  const stuck = new Set<string>();
  for (;;) {
    const members = new Map<string, string[]>();
    for (const [n, l] of out) {
      const list = members.get(l);
      if (list) list.push(n);
      else members.set(l, [n]);
    }
    const small = [...members]
      .filter(([l, ns]) => l.startsWith("auto:") && ns.length < minSize && !stuck.has(l))
      .sort((a, b) => a[1].length - b[1].length || compareStrings(a[0], b[0]));
    if (small.length === 0) return out;
    const [label, nodes] = small[0];
    const ties = new Map<string, number>();
    for (const n of nodes) {
      proj.forEachEdge(n, (_e, a, u, v) => {
        const other = out.get(u === n ? v : u)!;
        if (other !== label) ties.set(other, (ties.get(other) ?? 0) + a.weight);
      });
    }
    const target = [...ties].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]?.[0];
    if (!target) {
      stuck.add(label);
      continue;
    }
    for (const n of nodes) out.set(n, target);
  }
}
