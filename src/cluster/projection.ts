import graphology from "graphology";
import type { StranglerGraph } from "../graph/build.js";
import type { EdgeAttributes } from "../graph/model.js";
import type { Weights } from "../rules/weights.js";
import { compareStrings } from "../util/sort.js";

const { UndirectedGraph } = graphology;
export type Projection = InstanceType<typeof UndirectedGraph<Record<string, never>, { weight: number }>>;

/** Clustering weight of one edge of the evidence graph: kind weight × occurrences ^ exponent. */
export function edgeWeight(attrs: EdgeAttributes, weights: Weights): number {
  const kind = attrs.kind === "import" && attrs.typeOnly ? "import-type-only" : attrs.kind;
  return weights.kinds[kind] * Math.pow(attrs.weight, weights.occurrenceExponent);
}

/**
 * The undirected weighted graph clustering sees: every edge kind folded into one weight per node pair.
 * `skip` nodes (shared infrastructure), system catalogs and code that is not backend are left out. Nodes and edges are inserted sorted.
 */
export function project(graph: StranglerGraph, weights: Weights, skip: Set<string> = new Set()): Projection {
  const proj: Projection = new UndirectedGraph();
  // System catalogs (pg_database, information_schema.tables …) are shown, never clustered.
  const left = new Set(skip);
  graph.forEachNode((node, a) => {
    if (a.kind === "table" && a.relation === "system") left.add(node);
    // Only backend code forms contexts: clients, tooling, libraries and migrations are listed apart.
    if (a.kind === "module" && a.role !== "backend") left.add(node);
  });
  graph.forEachNode((node) => {
    if (!left.has(node)) proj.addNode(node);
  });
  const pairs = new Map<string, number>();
  graph.forEachEdge((_key, attrs, source, target) => {
    if (left.has(source) || left.has(target)) return;
    const w = edgeWeight(attrs, weights);
    if (w <= 0) return;
    const [a, b] = compareStrings(source, target) <= 0 ? [source, target] : [target, source];
    const key = `${a}\u0000${b}`;
    pairs.set(key, (pairs.get(key) ?? 0) + w);
  });
  for (const key of [...pairs.keys()].sort(compareStrings)) {
    const [a, b] = key.split("\u0000");
    proj.addEdge(a, b, { weight: pairs.get(key)! });
  }
  return proj;
}
