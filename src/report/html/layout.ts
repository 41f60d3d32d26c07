import graphology from "graphology";
import forceAtlas2Module from "graphology-layout-forceatlas2";
import { compareStrings } from "../../util/sort.js";
import { seededRng } from "../../util/rng.js";

const { UndirectedGraph } = graphology;
// A CommonJS package whose types say `export default`: at run time the import may be the function itself.
interface ForceAtlas2 {
  assign(graph: unknown, params: { iterations: number; settings: Record<string, unknown>; getEdgeWeight: string }): void;
  inferSettings(graph: unknown): Record<string, unknown>;
}
const forceAtlas2 = ((forceAtlas2Module as unknown as { default?: ForceAtlas2 }).default ?? forceAtlas2Module) as unknown as ForceAtlas2;

/** Iterations of ForceAtlas2: fixed, so the same contexts are laid out the same on every run. */
export const LAYOUT_ITERATIONS = 300;
const LAYOUT_SEED = 24;

/**
 * Positions of the contexts on the map, computed when the report is written (never in the page): a
 * weighted graph of contexts, each placed first on a circle in name order with a seeded jitter, then
 * ForceAtlas2 for a fixed number of iterations, each node as large as its label (adjustSizes) so labels do not
 * overlap. Same contexts and weights, same positions, byte for byte.
 */
export function layoutContexts(names: string[], links: Array<{ a: string; b: string; weight: number }>, size: (name: string) => number): Record<string, { x: number; y: number }> {
  const g = new UndirectedGraph<{ x: number; y: number; size: number }, { weight: number }>();
  const sorted = [...names].sort(compareStrings);
  const rng = seededRng(LAYOUT_SEED);
  sorted.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, sorted.length);
    g.addNode(n, { x: 100 * Math.cos(angle) + rng(), y: 100 * Math.sin(angle) + rng(), size: Math.max(4 + 2 * Math.sqrt(size(n)), n.length * 1.2) });
  });
  for (const l of [...links].sort((x, y) => compareStrings(x.a, y.a) || compareStrings(x.b, y.b))) {
    if (l.a === l.b || !g.hasNode(l.a) || !g.hasNode(l.b)) continue;
    if (g.hasEdge(l.a, l.b)) g.updateEdgeAttribute(l.a, l.b, "weight", (w) => (w ?? 0) + l.weight);
    else g.addEdge(l.a, l.b, { weight: l.weight });
  }
  if (g.order > 1) {
    const settings = { ...forceAtlas2.inferSettings(g), adjustSizes: true, barnesHutOptimize: false, edgeWeightInfluence: 0.5, gravity: 1, scalingRatio: 20 };
    forceAtlas2.assign(g, { iterations: LAYOUT_ITERATIONS, settings, getEdgeWeight: "weight" });
  }
  const out: Record<string, { x: number; y: number }> = {};
  g.forEachNode((n, a) => (out[n] = { x: Math.round(a.x * 1000) / 1000, y: Math.round(a.y * 1000) / 1000 }));
  return out;
}
