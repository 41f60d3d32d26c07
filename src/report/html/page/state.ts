import graphology from "graphology";
import type { StranglerGraph } from "../../../graph/build.js";
import type { Measurement, Crossing } from "../../../score/metrics.js";
import { measurePartition, type Partition } from "../partition-metrics.js";
import { orderPartition, type OrderData } from "../partition-order.js";
import { decodeGraph } from "../graph-codec.js";
import type { ReportModel } from "../model.js";
import { contextsYamlText } from "../../../config/contexts-yaml-doc.js";
import { isAccessKind } from "../../../graph/model.js";

const { MultiDirectedGraph } = graphology;

/** What crosses from one context to another, by kind (occurrences), with every crossing behind it. */
export interface PairCrossings {
  a: string;
  b: string;
  weight: number;
  occurrences: number;
  byKind: Record<string, number>;
  crossings: Crossing[];
}

export interface State {
  model: ReportModel;
  orderData: OrderData;
  graph: StranglerGraph;
  partition: Partition;
  initial: Measurement;
  measurement: Measurement;
  pairs: PairCrossings[];
  moves: string[];
  /** The extraction order of the partition, by the code of roadmap; and the one before any move. */
  order: Ordered[];
  initialOrder: Ordered[];
}

export type Ordered = { name: string; rank: number; difficulty: number; risk: number };

export function loadState(model: ReportModel): State {
  const graph = new MultiDirectedGraph({ allowSelfLoops: false }) as unknown as StranglerGraph;
  const { nodes, edges } = decodeGraph(model.graph);
  for (const [key, attrs] of nodes) graph.addNode(key, attrs);
  for (const [s, t, attrs] of edges) graph.addEdge(s, t, attrs);
  const files: Array<[string, string]> = model.unitFiles.flatMap(([u, fs]) => fs.map((f) => [model.graph.strings[f], model.allUnits[u]] as [string, string]));
  const orderData: OrderData = { ...model.orderData, files };
  const partition = clonePartition(model.partition);
  const { measurement, owner } = measurePartition(graph, model.weights, partition);
  const order = orderPartition(partition, measurement, owner, orderData);
  return { model, orderData, graph, partition, initial: measurement, measurement, pairs: pairsOf(measurement), moves: [], order, initialOrder: order };
}

export function clonePartition(p: Partition): Partition {
  return { contexts: p.contexts.map((c) => ({ name: c.name, units: [...c.units], tables: [...c.tables] })), infrastructure: [...p.infrastructure] };
}

/** Measures the partition again, by the code of assess (partition-metrics.ts). */
export function remeasure(s: State): void {
  s.partition.contexts = s.partition.contexts.filter((c) => c.units.length + c.tables.length > 0).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const c of s.partition.contexts) {
    c.units.sort();
    c.tables.sort();
  }
  const { measurement, owner } = measurePartition(s.graph, s.model.weights, s.partition);
  s.measurement = measurement;
  s.pairs = pairsOf(measurement);
  s.order = orderPartition(s.partition, measurement, owner, s.orderData);
}

export function pairsOf(m: Measurement): PairCrossings[] {
  const by = new Map<string, PairCrossings>();
  for (const x of m.crossings) {
    const [a, b] = x.fromContext < x.toContext ? [x.fromContext, x.toContext] : [x.toContext, x.fromContext];
    const key = `${a}\u0000${b}`;
    const p = by.get(key) ?? { a, b, weight: 0, occurrences: 0, byKind: {}, crossings: [] };
    p.weight += x.weight;
    p.occurrences += x.occurrences;
    const k = kindGroup(x.kind);
    p.byKind[k] = (p.byKind[k] ?? 0) + x.occurrences;
    p.crossings.push(x);
    by.set(key, p);
  }
  return [...by.values()].sort((x, y) => y.weight - x.weight || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}

/** The kinds the matrix and the map tell apart: table access (read, write, uses) is one. */
export function kindGroup(kind: string): string {
  return isAccessKind(kind as never) ? "access" : kind;
}

/** Moves a unit or a table to another context (a new one when the name is new). */
export function moveItem(s: State, item: { kind: "unit" | "table"; name: string }, to: string): void {
  for (const c of s.partition.contexts) {
    const list = item.kind === "unit" ? c.units : c.tables;
    const i = list.indexOf(item.name);
    if (i >= 0) list.splice(i, 1);
  }
  let target = s.partition.contexts.find((c) => c.name === to);
  if (!target) s.partition.contexts.push((target = { name: to, units: [], tables: [] }));
  (item.kind === "unit" ? target.units : target.tables).push(item.name);
  s.moves.push(`${item.name} → ${to}`);
  remeasure(s);
}

export function mergeContexts(s: State, from: string, into: string): void {
  const a = s.partition.contexts.find((c) => c.name === from);
  const b = s.partition.contexts.find((c) => c.name === into);
  if (!a || !b || a === b) return;
  b.units.push(...a.units);
  b.tables.push(...a.tables);
  a.units = [];
  a.tables = [];
  s.moves.push(`${from} ⇒ ${into}`);
  remeasure(s);
}

export function splitContext(s: State, from: string, units: string[], tables: string[], name: string): void {
  const a = s.partition.contexts.find((c) => c.name === from);
  if (!a || !name || s.partition.contexts.some((c) => c.name === name)) return;
  a.units = a.units.filter((u) => !units.includes(u));
  a.tables = a.tables.filter((t) => !tables.includes(t));
  s.partition.contexts.push({ name, units: [...units], tables: [...tables] });
  s.moves.push(`${from} ⇒ ${name}`);
  remeasure(s);
}

/** contexts.yaml for the contexts on the page, written by the code `assess --write-contexts` uses. */
export function exportYaml(s: State): string {
  return contextsYamlText(s.partition.contexts, s.partition.infrastructure, s.model.allUnits);
}

export function contextOf(s: State, item: { kind: "unit" | "table"; name: string }): string | undefined {
  return s.partition.contexts.find((c) => (item.kind === "unit" ? c.units : c.tables).includes(item.name))?.name;
}
