import type { Assessment } from "../../assess/index.js";
import type { Roadmap } from "../../plan/roadmap.js";
import type { Weights } from "../../rules/weights.js";
import type { Lang } from "../roadmap-text.js";
import { encodeGraph, StringTable, type CompactGraph } from "./graph-codec.js";
import type { TrendPoint } from "../../score/trend.js";
import { compareStrings } from "../../util/sort.js";
import { layoutContexts } from "./layout.js";
import type { Partition } from "./partition-metrics.js";
import type { OrderData } from "./partition-order.js";

/** One bar of the timeline: a piece of work, its build weeks, the week it is done, and its P50–P90 done week. */
export interface TimelineRow {
  kind: "foundation" | "training" | "saga" | "context";
  label: string;
  phase: number;
  stream: number;
  start: number;
  end: number;
  done: number;
  p50: number | null;
  p90: number | null;
  /** Contexts: the cutover gate (the monolith path switched off once the gates pass), drawn at the done week. */
  gate: boolean;
}

/**
 * Everything the page shows, as plain JSON: the graph the metrics are computed on (nodes and edges with
 * their evidence), the contexts as assess (or contexts.yaml) made them, their places on the map, the plan's
 * timeline and the coupling trend. The page measures every partition itself with the code of assess.
 */
export interface ReportModel {
  schema: 1;
  lang: Lang;
  repo: string;
  weights: Weights;
  /** The graph the metrics are computed on, with its string table (graph-codec.ts). */
  graph: CompactGraph;
  partition: Partition;
  /** Whether the contexts come from contexts.yaml (agreed) or are proposed. */
  agreed: string[];
  /** Every unit of the repo, sorted: contexts.yaml compresses a whole folder to `folder/**` only if no other unit is under it. */
  allUnits: string[];
  positions: Record<string, { x: number; y: number }>;
  order: Array<{ name: string; rank: number; difficulty: number; risk: number; phase: number }>;
  /** What the page orders a moved partition with, by the code of roadmap (partition-order.ts); its files as `unitFiles`. */
  orderData: Omit<OrderData, "files">;
  /** Each unit's files: [index in allUnits, indices in graph.strings]. */
  unitFiles: Array<[number, number[]]>;
  timeline: { rows: TimelineRow[]; phases: Array<{ number: number; id: string; start: number; weeks: number; p50: number | null; p90: number | null }>; totalWeeks: number; total: { p50: number; p90: number } | null; start: string | null; backlog: string[] };
  trend: TrendPoint[] | null;
}

export interface ReportInputs {
  assessment: Assessment;
  roadmap: Roadmap | null;
  weights: Weights;
  lang: Lang;
  repo: string;
  trend: TrendPoint[] | null;
  orderData: OrderData;
}

export function buildReportModel(inp: ReportInputs): ReportModel {
  const a = inp.assessment;
  const strings = new StringTable();
  const graph = encodeGraph(a.graph, strings);
  const partition: Partition = {
    contexts: a.clustering.contexts.map((c) => ({ name: c.name, units: [...c.units], tables: [...c.tables] })),
    infrastructure: a.clustering.infrastructure.map((i) => i.node.replace(/^module:/, "")).sort(compareStrings),
  };
  const links = a.measurement.crossings.map((x) => ({ a: x.fromContext, b: x.toContext, weight: x.weight }));
  const sizeOf = new Map(a.clustering.contexts.map((c) => [c.name, c.units.length + c.tables.length]));
  const positions = layoutContexts(
    partition.contexts.map((c) => c.name),
    links,
    (n) => sizeOf.get(n) ?? 1,
  );
  const r = inp.roadmap;
  const allUnits = [...new Set(a.scan.facts.files.map((f) => f.unit))].sort(compareStrings);
  return {
    schema: 1,
    lang: inp.lang,
    repo: inp.repo,
    weights: inp.weights,
    graph,
    partition,
    agreed: a.clustering.contexts.filter((c) => c.agreed).map((c) => c.name),
    allUnits,
    positions,
    orderData: withoutFiles(inp.orderData),
    unitFiles: unitFilesOf(inp.orderData.files, allUnits, strings),
    order: r ? r.contexts.map((c) => ({ name: c.name, rank: c.rank, difficulty: c.difficulty, risk: c.risk, phase: c.phase })) : [],
    timeline: r ? timelineOf(r, inp.lang) : { rows: [], phases: [], totalWeeks: 0, total: null, start: null, backlog: [] },
    trend: inp.trend,
  };
}

function withoutFiles({ files: _files, ...rest }: OrderData): Omit<OrderData, "files"> {
  return rest;
}

function unitFilesOf(files: Array<[string, string]>, allUnits: string[], strings: StringTable): Array<[number, number[]]> {
  const index = new Map(allUnits.map((u, i) => [u, i]));
  const by = new Map<number, number[]>();
  for (const [file, unit] of files) {
    const u = index.get(unit);
    if (u !== undefined) (by.get(u) ?? by.set(u, []).get(u)!).push(strings.of(file));
  }
  return [...by].sort(([x], [y]) => x - y);
}

function timelineOf(r: Roadmap, lang: Lang): ReportModel["timeline"] {
  const k = lang === "ko";
  const done = (id: string) => r.range?.done[id] ?? null;
  const rows: TimelineRow[] = [];
  if (r.foundation.weeks) rows.push({ kind: "foundation", label: k ? "기반 구축" : "foundation", phase: 1, stream: 0, start: 1, end: r.foundation.weeks, done: r.foundation.weeks, p50: r.range?.phases.foundation?.p50 ?? null, p90: r.range?.phases.foundation?.p90 ?? null, gate: false });
  if (r.foundation.training) rows.push({ kind: "training", label: k ? "교육" : "training", phase: 1, stream: 0, start: 1, end: r.foundation.training.weeks, done: r.foundation.training.weeks, p50: null, p90: null, gate: false });
  for (const w of r.sagaWork) rows.push({ kind: "saga", label: k ? `${w.orchestrator} 사가` : `saga: ${w.orchestrator}`, phase: w.phase, stream: w.stream, start: w.startWeek, end: w.endWeek, done: w.doneWeek, p50: done(w.id)?.p50 ?? null, p90: done(w.id)?.p90 ?? null, gate: false });
  for (const c of r.contexts) rows.push({ kind: "context", label: c.name, phase: c.phase, stream: c.stream, start: c.startWeek, end: c.endWeek, done: c.doneWeek, p50: done(`context:${c.name}`)?.p50 ?? null, p90: done(`context:${c.name}`)?.p90 ?? null, gate: true });
  rows.sort((x, y) => x.start - y.start || x.stream - y.stream || compareStrings(x.label, y.label));
  return {
    rows,
    phases: r.phases.map((p) => ({ number: p.number, id: p.id, start: p.startWeek, weeks: p.weeks, p50: r.range?.phases[p.id]?.p50 ?? null, p90: r.range?.phases[p.id]?.p90 ?? null })),
    totalWeeks: r.totalWeeks,
    total: r.range ? r.range.total : null,
    start: r.calendar?.start ?? null,
    // Past two years, or more contexts than the team can staff, the plan takes a scope; the rest waits.
    backlog: r.notices.flatMap((n) => (n.kind === "scope" ? n.backlog : [])),
  };
}
