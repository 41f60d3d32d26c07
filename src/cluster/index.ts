import type { StranglerGraph } from "../graph/build.js";
import type { Diagnostic } from "../scan/facts.js";
import type { Weights } from "../rules/weights.js";
import type { Domain } from "../rules/domains.js";
import type { AgreedContext } from "../config/contexts-yaml.js";
import { PatternIndex } from "../config/pattern-index.js";
import { pinsFrom } from "./pins.js";
import { project, type Projection } from "./projection.js";
import { findInfrastructure, type InfrastructureUnit } from "./infrastructure.js";
import { contract, louvainOn, mergeSmall, type Contraction, type Labels } from "./louvain.js";
import { nameGroups, type NameEvidence } from "./naming.js";
import { isDomainTable } from "./shell.js";
import { findShell } from "./shell.js";
import { ownTables, type SharedWrite } from "./ownership.js";
import { sweepResolutions, type SweepPoint } from "./sweep.js";
import type { ClientCall } from "../scan/client-calls.js";
import { compareStrings } from "../util/sort.js";
import { isAccessKind } from "../graph/model.js";
import { emptyRecord } from "../util/record.js";
import { agreedDomain } from "./agreed-domain.js";

export interface Context {
  name: string;
  /** Why a context has code and no table, or tables and no code (a read model, a gateway, an orphan schema). */
  explanation?: string;
  /** The domain of rules/domains.yaml the name comes from (null: named after its dominant table, else its folder). */
  domain: string | null;
  /** True when people agreed it in contexts.yaml. */
  agreed: boolean;
  /** Where the name comes from: its aggregate root, its most written table, or its folder (src/cluster/naming.ts). */
  naming?: NameEvidence;
  units: string[];
  tables: string[];
}

/** A unit that is no backend code (a client, a tool, a library, migrations): listed once, never clustered. */
export interface ApartUnit {
  unit: string;
  role: "client" | "library" | "tooling" | "schema";
  reason: string;
  /** Contexts whose code it imports (what a client depends on). */
  reaches: string[];
  /** A client's requests, each path once, with the context whose code answers to it (null: none shown). */
  calls: Array<{ path: string; context: string | null; file: string; line: number }>;
}

export interface Clustering {
  contexts: Context[];
  infrastructure: InfrastructureUnit[];
  apart: ApartUnit[];
  /** Tables several contexts write: kept with the biggest writer, each writer's evidence listed. */
  sharedWrites: SharedWrite[];
  /** The resolutions tried and the objective of each (empty when --resolution or --contexts decided). */
  sweep: SweepPoint[];
  /** Nodes with no edge at all: nothing places them. */
  unplaced: { units: string[]; tables: string[] };
  resolution: number;
  seed: number;
  /** Node key → context name (infrastructure and unplaced nodes absent). */
  owner: Map<string, string>;
  projection: Projection;
  diagnostics: Diagnostic[];
}

export interface ClusterOptions {
  weights: Weights;
  domains: Domain[];
  resolution?: number;
  /** Search the resolution that gives about this many contexts. */
  targetContexts?: number;
  agreed?: { contexts: AgreedContext[]; infrastructure: string[] };
  /** Clients' requests matched to backend units (src/scan/client-calls.ts). */
  clientCalls?: ClientCall[];
  /** Leading words of platform tables (rules/domains.yaml `platform`): not domain tables. */
  platform?: readonly string[];
  /** Unit path → its files (the folders they sit in say what a unit is for). */
  unitFiles?: ReadonlyMap<string, readonly string[]>;
}

const RESOLUTION_GRID = Array.from({ length: 40 }, (_, i) => Math.round((0.1 + i * 0.1) * 10) / 10);

/**
 * Graph → candidate bounded contexts: infrastructure set aside, Louvain (seeded, sorted input) on the
 * weighted projection keeping agreed assignments, tiny contexts merged into their strongest neighbour,
 * names from the domain vocabulary.
 */
export function clusterGraph(graph: StranglerGraph, options: ClusterOptions): Clustering {
  const { weights } = options;
  const diagnostics: Diagnostic[] = [];
  const agreedInfra = options.agreed?.infrastructure ?? [];
  const declared: InfrastructureUnit[] = [];
  const infraPatterns = new PatternIndex([agreedInfra]);
  graph.forEachNode((n, a) => {
    if (a.kind === "module" && infraPatterns.matches(a.path)) declared.push({ node: n, reason: "agreed" });
  });
  let infrastructure = findInfrastructure(graph, weights, declared);
  const pins = pinsFrom(graph, options.agreed?.contexts ?? [], diagnostics);
  const fixed = options.resolution ?? weights.resolution;
  let projection = project(graph, weights, new Set(infrastructure.map((i) => i.node)));
  const partitions = partitionParents(graph);
  // Runs are pure in (projection, pins, resolution, seed): the contraction is built once per projection and
  // pins, and a run asked for again (the sweep's pick, the second look) is taken from the first.
  let memo: { projection: Projection; contraction: Contraction; runs: Map<string, Labels> } | null = null;
  const run = (r: number, seed = weights.seed): Labels => {
    if (!memo || memo.projection !== projection) memo = { projection, contraction: contract(projection, pins, partitions), runs: new Map() };
    const key = `${r}\u0000${seed}`;
    let labels = memo.runs.get(key);
    if (!labels) {
      labels = mergeSmall(projection, louvainOn(memo.contraction, projection, r, seed), weights.minContextSize);
      memo.runs.set(key, labels);
    }
    return new Map(labels);
  };
  const anchors = dataAnchors(graph);
  let sweep: SweepPoint[] = [];
  const choose = () => {
    if (fixed !== null) return fixed;
    sweep = sweepResolutions(projection, weights.resolutions, weights.balancePenalty, weights.tolerance, run, anchors, weights.seed);
    return sweep.find((p) => p.chosen)!.resolution;
  };
  let resolution = choose();

  // Second look: a unit touching no table that units of three or more contexts import is shared too, and
  // the application shell (bootstrap, middleware, config, migrators, health …: src/cluster/shell.ts) is
  // infrastructure, never a context. People's assignments in contexts.yaml always win.
  const first = run(resolution);
  const known = new Set(infrastructure.map((i) => i.node));
  const spread = sharedAcrossContexts(graph, first, known);
  const shell = findShell({ graph, labels: first, infrastructure: new Set([...known, ...spread]), platformWords: options.platform ?? [], unitFiles: options.unitFiles }).filter((s) => !pins.has(s.node));
  if (spread.length || shell.length) {
    infrastructure = findInfrastructure(graph, weights, [
      ...infrastructure,
      ...spread.map((node) => ({ node, reason: "used-across-contexts" as const })),
      ...shell.map((s) => ({ node: s.node, reason: "shell" as const, why: s.why })),
    ]);
    projection = project(graph, weights, new Set(infrastructure.map((i) => i.node)));
    resolution = choose();
  }
  for (const i of infrastructure) pins.delete(i.node);
  memo = null;

  let labels: Labels;
  if (options.targetContexts) {
    sweep = [];
    let best: { r: number; labels: Labels; off: number } | null = null;
    for (const r of RESOLUTION_GRID) {
      const l = run(r);
      const off = Math.abs(countContexts(projection, l) - options.targetContexts);
      if (!best || off < best.off || (off === best.off && Math.abs(r - 1) < Math.abs(best.r - 1))) best = { r, labels: l, off };
    }
    resolution = best!.r;
    labels = best!.labels;
  } else {
    labels = run(resolution);
  }
  // Tables go to the context that writes them (src/cluster/ownership.ts).
  const owned = ownTables(graph, labels, new Set([...pins.keys()].filter((n) => n.startsWith("table:"))));
  labels = owned.labels;

  // Group nodes by label; isolated nodes are unplaced.
  const groups = new Map<string, { units: string[]; tables: string[] }>();
  const unplaced = { units: [] as string[], tables: [] as string[] };
  for (const node of projection.nodes()) {
    const attrs = graph.getNodeAttributes(node);
    const name = attrs.kind === "module" ? attrs.path : attrs.name;
    if (projection.degree(node) === 0 && !pins.has(node)) {
      (attrs.kind === "module" ? unplaced.units : unplaced.tables).push(name);
      continue;
    }
    const label = labels.get(node)!;
    const g = groups.get(label) ?? { units: [], tables: [] };
    (attrs.kind === "module" ? g.units : g.tables).push(name);
    groups.set(label, g);
  }
  const labelsSorted = [...groups.keys()].sort(compareStrings);
  const autoLabels = labelsSorted.filter((l) => l.startsWith("auto:"));
  const agreedNames = new Set(labelsSorted.filter((l) => l.startsWith("pin:")).map((l) => l.slice(4)));
  // How much code reaches each table: the dominant table names a group no domain word names.
  const tableWeights = emptyRecord<number>();
  graph.forEachEdge((_e, x, _s, target) => {
    if (!isAccessKind(x.kind)) return;
    const t = graph.getNodeAttributes(target);
    if (t.kind === "table") tableWeights[t.name] = (tableWeights[t.name] ?? 0) + x.evidence.length * (x.kind === "write" ? 2 : 1);
  });
  // Every unit of the repo (clients and tools too) spells words a case-folded table name may join.
  const unitPaths: string[] = [];
  graph.forEachNode((_n, a) => {
    if (a.kind === "module") unitPaths.push(a.path);
  });
  // Foreign keys between a group's own tables: the table they point to most is its aggregate root.
  const groupOfTable = new Map<string, string>();
  for (const l of autoLabels) for (const t of groups.get(l)!.tables) groupOfTable.set(t, l);
  const inbound = new Map<string, Record<string, number>>();
  const platformWords = new Set(options.platform ?? []);
  const platformTables = new Set<string>();
  graph.forEachNode((_n, a) => {
    if (a.kind === "table" && !isDomainTable(a.name, a.relation, platformWords)) platformTables.add(a.name);
  });
  graph.forEachEdge((_e, x, source, target) => {
    if (x.kind !== "fk") return;
    const from = graph.getNodeAttributes(source);
    const to = graph.getNodeAttributes(target);
    if (from.kind !== "table" || to.kind !== "table" || from.name === to.name) return;
    const g = groupOfTable.get(to.name);
    if (!g || groupOfTable.get(from.name) !== g) return;
    const rec = inbound.get(g) ?? emptyRecord<number>();
    rec[to.name] = (rec[to.name] ?? 0) + 1;
    inbound.set(g, rec);
  });
  const names = nameGroups(
    autoLabels.map((l) => ({ ...groups.get(l)!, tableWeights, inboundFks: inbound.get(l) ?? emptyRecord<number>(), platformTables })),
    options.domains,
    unitPaths,
    agreedNames,
  );
  const nameOf = new Map<string, { name: string; domain: string | null; agreed: boolean; naming?: NameEvidence }>();
  autoLabels.forEach((l, i) => nameOf.set(l, { ...names[i], agreed: false }));
  for (const l of labelsSorted) {
    if (l.startsWith("pin:")) {
      const name = l.slice(4);
      nameOf.set(l, { name, domain: agreedDomain(name, options.domains), agreed: true });
    }
  }

  const contexts: Context[] = labelsSorted
    .map((l) => ({ ...nameOf.get(l)!, units: groups.get(l)!.units.sort(compareStrings), tables: groups.get(l)!.tables.sort(compareStrings) }))
    .sort((a, b) => compareStrings(a.name, b.name));
  const owner = new Map<string, string>();
  for (const node of projection.nodes()) {
    const l = labels.get(node);
    if (l && groups.has(l) && !(projection.degree(node) === 0 && !pins.has(node))) owner.set(node, nameOf.get(l)!.name);
  }
  explain(graph, contexts, owner);
  const named = (label: string) => nameOf.get(label)?.name ?? label;
  const sharedWritesNamed = owned.sharedWrites.map((w) => ({ ...w, owner: named(w.owner), writers: w.writers.map((x) => ({ ...x, context: named(x.context) })) }));
  return { contexts, infrastructure, apart: apartUnits(graph, owner, options.clientCalls ?? []), sharedWrites: sharedWritesNamed, sweep, unplaced, resolution, seed: weights.seed, owner, projection, diagnostics };
}

/** Says why a context holds code and no table, or tables and no code. */
function explain(graph: StranglerGraph, contexts: Context[], owner: Map<string, string>): void {
  for (const c of contexts) {
    if (c.units.length && c.tables.length) continue;
    if (!c.units.length) {
      // Who reaches these tables at all: tooling only (a CLI's scaffolding templates, test helpers) says
      // they are not the application's schema; else migrations or nothing.
      const reachers = new Set<string>();
      for (const t of c.tables) {
        graph.forEachInEdge(`table:${t}`, (_e, _x, source) => {
          const a = graph.getNodeAttributes(source);
          if (a.kind === "module") reachers.add(`${a.role}:${a.path}`);
        });
      }
      const tooling = [...reachers].filter((r) => r.startsWith("tooling:")).map((r) => r.slice(8)).sort(compareStrings);
      c.explanation =
        tooling.length && tooling.length === reachers.size
          ? `declared only by tooling (${tooling.slice(0, 3).join(", ")}${tooling.length > 3 ? ", …" : ""}): not the application's schema`
          : "orphan schema: no backend code reads or writes these tables (only migrations, tools or nothing)";
      continue;
    }
    const reads = new Set<string>();
    const writes = new Set<string>();
    for (const u of c.units) {
      graph.forEachOutEdge(`module:${u}`, (_e, x, _s, target) => {
        const other = owner.get(target);
        if (!other || other === c.name) return;
        if (x.kind === "write") writes.add(other);
        else if (x.kind === "read" || x.kind === "uses") reads.add(other);
      });
    }
    const list = (s: Set<string>) => [...s].sort(compareStrings).join(", ");
    if (writes.size) c.explanation = `writes tables of ${list(writes)} and owns none: its code may belong there, or the writes become calls`;
    else if (reads.size) c.explanation = `a read model: reads tables of ${list(reads)} and owns none`;
    else c.explanation = "code with no table: logic, or a gateway to other contexts or outside services";
  }
}

/** Units that are no backend code, each with the contexts whose code it imports. */
function apartUnits(graph: StranglerGraph, owner: Map<string, string>, clientCalls: ClientCall[]): ApartUnit[] {
  const out: ApartUnit[] = [];
  const callsOf = new Map<string, ApartUnit["calls"]>();
  for (const c of clientCalls) {
    const contexts = [...new Set(c.units.map((u) => owner.get(`module:${u}`)).filter((x): x is string => x !== undefined))].sort(compareStrings);
    const list = callsOf.get(c.unit) ?? [];
    for (const context of contexts.length ? contexts : [null]) {
      if (!list.some((x) => x.path === c.path && x.context === context)) list.push({ path: c.path, context, file: c.file, line: c.line });
    }
    callsOf.set(c.unit, list);
  }
  graph.forEachNode((node, a) => {
    if (a.kind !== "module" || a.role === "backend") return;
    const reaches = new Set<string>();
    graph.forEachOutEdge(node, (_e, x, _s, target) => {
      const ctx = x.kind === "import" ? owner.get(target) : undefined;
      if (ctx) reaches.add(ctx);
    });
    const calls = a.role === "client" ? (callsOf.get(a.path) ?? []) : [];
    out.push({ unit: a.path, role: a.role, reason: a.roleReason ?? a.role, reaches: [...reaches].sort(compareStrings), calls });
  });
  return out.sort((x, y) => compareStrings(x.role, y.role) || compareStrings(x.unit, y.unit));
}

/** Tables tied by a foreign key and written by one unit (an aggregate and its parts), sorted. */
function dataAnchors(graph: StranglerGraph): Array<[string, string]> {
  const writers = new Map<string, Set<string>>();
  graph.forEachEdge((_e, x, source, target) => {
    if (x.kind !== "write") return;
    const set = writers.get(target) ?? new Set<string>();
    set.add(source);
    writers.set(target, set);
  });
  const out = new Map<string, [string, string]>();
  graph.forEachEdge((_e, x, source, target) => {
    if (x.kind !== "fk" || source === target) return;
    const a = writers.get(source);
    const b = writers.get(target);
    if (!a || !b || ![...a].some((u) => b.has(u))) return;
    const pair: [string, string] = compareStrings(source, target) <= 0 ? [source, target] : [target, source];
    out.set(pair.join("\u0000"), pair);
  });
  return [...out.keys()].sort(compareStrings).map((k) => out.get(k)!);
}

/** Partition (or INHERITS child) → the root table it belongs to: one logical table, one context. */
function partitionParents(graph: StranglerGraph): Map<string, string> {
  const parent = new Map<string, string>();
  graph.forEachEdge((_e, a, source, target) => {
    if (a.kind === "inherit") parent.set(source, target);
  });
  const root = (n: string, seen = new Set<string>()): string => {
    const p = parent.get(n);
    if (!p || seen.has(n)) return n;
    seen.add(n);
    return root(p, seen);
  };
  return new Map([...parent.keys()].map((n) => [n, root(n)]));
}

const MIN_CONTEXTS_FOR_SHARED = 3;

function sharedAcrossContexts(graph: StranglerGraph, labels: Labels, infra: Set<string>): string[] {
  const out: string[] = [];
  graph.forEachNode((node, a) => {
    if (a.kind !== "module" || infra.has(node) || a.role !== "backend") return;
    if (graph.someOutEdge(node, (_e, x) => isAccessKind(x.kind))) return;
    const importerContexts = new Set<string>();
    graph.forEachInEdge(node, (_e, x, source) => {
      if (x.kind === "import" && !infra.has(source) && labels.get(source) !== labels.get(node)) importerContexts.add(labels.get(source)!);
    });
    if (labels.has(node)) importerContexts.add(labels.get(node)!);
    if (importerContexts.size >= MIN_CONTEXTS_FOR_SHARED) out.push(node);
  });
  return out;
}

function countContexts(projection: Projection, labels: Labels): number {
  const used = new Set<string>();
  for (const n of projection.nodes()) if (projection.degree(n) > 0 || labels.get(n)!.startsWith("pin:")) used.add(labels.get(n)!);
  return used.size;
}
