import type { StranglerGraph } from "../graph/build.js";
import { isAccessKind, type EdgeKind } from "../graph/model.js";
import type { Evidence } from "../scan/facts.js";
import type { Clustering } from "../cluster/index.js";
import { edgeWeight } from "../cluster/projection.js";
import { modularity } from "../cluster/modularity.js";
import type { Weights } from "../rules/weights.js";
import { compareStrings } from "../util/sort.js";
import { emptyRecord } from "../util/record.js";

/** Contexts with fewer or more nodes (units + tables) than this are "extreme" for NED. */
export const NED_BOUNDS = { min: 3, max: 30 } as const;

export interface ContextMetrics {
  units: number;
  tables: number;
  loc: number;
  /** Internal projected weight ÷ (internal + crossing weight touching the context); 1 = self-contained. */
  cohesion: number;
  /** Projected weight of edges crossing the context's boundary. */
  coupling: number;
  /** Nodes of the context that another context reaches (imports, reads, writes, foreign keys): its interface. */
  interfaces: number;
  crossJoins: number;
  crossForeignKeys: number;
  crossTransactions: number;
  /** Reads and writes by this context's units of tables other contexts own. */
  foreignTableAccess: number;
  /** Reads and writes of this context's tables by other contexts' units. */
  inboundTableAccess: number;
  /** Mean CARGO entropy (bits) of its tables: 0 when only this context touches them. */
  tableEntropy: number;
}

export interface OverallMetrics {
  contexts: number;
  /** Newman modularity Q of the partition on the weighted projection (infrastructure excluded). */
  modularity: number;
  /** Share of projected edge weight that crosses contexts (0 = none). */
  icp: number;
  /** Mean number of interface nodes per context. */
  ifn: number;
  /** Share of units and tables in contexts of extreme size (see NED_BOUNDS). */
  ned: number;
  /** Mean CARGO entropy of tables touched by code. */
  tableEntropy: number;
  /** Share of tables touched by code that only one context touches. */
  pureTables: number;
  crossJoins: number;
  crossForeignKeys: number;
  crossTransactions: number;
  foreignTableAccess: number;
  crossImports: number;
}

export interface Crossing {
  kind: EdgeKind;
  from: string;
  to: string;
  fromContext: string;
  toContext: string;
  /** Weight in the clustering projection (kind weight × occurrences^exponent). */
  weight: number;
  occurrences: number;
  evidence: Evidence[];
}

export interface Measurement {
  contexts: Record<string, ContextMetrics>;
  overall: OverallMetrics;
  /** Every edge that crosses two contexts, heaviest first. */
  crossings: Crossing[];
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const nameOf = (graph: StranglerGraph, node: string) => {
  const a = graph.getNodeAttributes(node);
  return a.kind === "module" ? a.path : a.name;
};

/** Metrics of a clustering, per context and overall, each traceable to the edges behind it. */
export function measure(graph: StranglerGraph, clustering: Clustering, weights: Weights): Measurement {
  const owner = clustering.owner;
  const per = emptyRecord<ContextMetrics>();
  for (const c of clustering.contexts) {
    const loc = c.units.reduce((s, u) => s + ((graph.getNodeAttributes(`module:${u}`) as { loc: number }).loc ?? 0), 0);
    per[c.name] = { units: c.units.length, tables: c.tables.length, loc, cohesion: 0, coupling: 0, interfaces: 0, crossJoins: 0, crossForeignKeys: 0, crossTransactions: 0, foreignTableAccess: 0, inboundTableAccess: 0, tableEntropy: 0 };
  }
  const internal = emptyRecord<number>();
  const interfaces = emptyRecord<Set<string>>();
  const crossings: Crossing[] = [];
  const overall = { crossJoins: 0, crossForeignKeys: 0, crossTransactions: 0, foreignTableAccess: 0, crossImports: 0 };
  let totalWeight = 0;
  let crossWeight = 0;

  graph.forEachEdge((_key, attrs, source, target) => {
    const a = owner.get(source);
    const b = owner.get(target);
    if (!a || !b) return; // infrastructure or unplaced
    const w = edgeWeight(attrs, weights);
    totalWeight += w;
    if (a === b) {
      internal[a] = (internal[a] ?? 0) + w;
      return;
    }
    crossWeight += w;
    per[a].coupling += w;
    per[b].coupling += w;
    const n = attrs.kind === "cochange" ? attrs.weight : attrs.evidence.length;
    if (attrs.kind === "join") (per[a].crossJoins += n), (per[b].crossJoins += n), (overall.crossJoins += n);
    else if (attrs.kind === "fk") (per[a].crossForeignKeys += n), (per[b].crossForeignKeys += n), (overall.crossForeignKeys += n);
    else if (attrs.kind === "tx") (per[a].crossTransactions += n), (per[b].crossTransactions += n), (overall.crossTransactions += n);
    else if (isAccessKind(attrs.kind)) (per[a].foreignTableAccess += n), (per[b].inboundTableAccess += n), (overall.foreignTableAccess += n);
    else if (attrs.kind === "import") overall.crossImports += n;
    if (["import", "read", "write", "uses", "fk", "view"].includes(attrs.kind)) (interfaces[b] ??= new Set()).add(target);
    crossings.push({ kind: attrs.kind, from: nameOf(graph, source), to: nameOf(graph, target), fromContext: a, toContext: b, weight: round(w), occurrences: n, evidence: attrs.evidence });
  });
  for (const [name, m] of Object.entries(per)) {
    const inside = internal[name] ?? 0;
    m.cohesion = inside + m.coupling > 0 ? round(inside / (inside + m.coupling)) : 1;
    m.coupling = round(m.coupling);
    m.interfaces = interfaces[name]?.size ?? 0;
  }

  // CARGO: entropy of the contexts that touch each table.
  const entropies: number[] = [];
  const entropyOf = emptyRecord<number[]>();
  graph.forEachNode((node, attrs) => {
    if (attrs.kind !== "table" || attrs.relation === "system") return;
    const touch = new Map<string, number>();
    graph.forEachInEdge(node, (_e, ea, source) => {
      const c = owner.get(source);
      if (isAccessKind(ea.kind) && c) touch.set(c, (touch.get(c) ?? 0) + ea.evidence.length);
    });
    if (touch.size === 0) return;
    const total = [...touch.values()].reduce((s, x) => s + x, 0);
    const h = -[...touch.values()].reduce((s, x) => s + (x / total) * Math.log2(x / total), 0);
    entropies.push(h);
    const own = owner.get(node);
    if (own) (entropyOf[own] ??= []).push(h);
  });
  for (const [name, list] of Object.entries(entropyOf)) per[name].tableEntropy = round(list.reduce((s, x) => s + x, 0) / list.length);

  const sizes = clustering.contexts.map((c) => c.units.length + c.tables.length);
  const placed = sizes.reduce((s, x) => s + x, 0);
  const extreme = sizes.filter((s) => s < NED_BOUNDS.min || s > NED_BOUNDS.max).reduce((s, x) => s + x, 0);
  crossings.sort((x, y) => y.weight - x.weight || compareStrings(x.kind, y.kind) || compareStrings(x.from, y.from) || compareStrings(x.to, y.to));

  return {
    contexts: per,
    overall: {
      contexts: clustering.contexts.length,
      modularity: round(modularity(clustering.projection, (n) => clustering.owner.get(n))),
      icp: totalWeight > 0 ? round(crossWeight / totalWeight) : 0,
      ifn: clustering.contexts.length ? round(Object.values(per).reduce((s, m) => s + m.interfaces, 0) / clustering.contexts.length) : 0,
      ned: placed ? round(extreme / placed) : 0,
      tableEntropy: entropies.length ? round(entropies.reduce((s, x) => s + x, 0) / entropies.length) : 0,
      pureTables: entropies.length ? round(entropies.filter((h) => h === 0).length / entropies.length) : 0,
      ...overall,
    },
    crossings,
  };
}

