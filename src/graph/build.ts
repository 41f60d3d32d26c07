import graphology from "graphology";
import type { Facts, Evidence } from "../scan/facts.js";
import { edgeKey, moduleKey, tableKey, type EdgeAttributes, type EdgeKind, type NodeAttributes } from "./model.js";
import { byKeys, compareStrings } from "../util/sort.js";
import { isSystemTable } from "../scan/sql/system-tables.js";
import { runtimeClaims, runtimeTables } from "./runtime-claims.js";

const { MultiDirectedGraph } = graphology;
export type StranglerGraph = InstanceType<typeof MultiDirectedGraph<NodeAttributes, EdgeAttributes>>;

interface PendingEdge {
  kind: EdgeKind;
  source: string;
  target: string;
  evidence: Evidence[];
  typeOnly: boolean;
}

/**
 * Facts → the directed multigraph of DESIGN.md: module and table nodes (views are table nodes too); import,
 * read, write, fk, join, tx, view (view → table it reads) and inherit (partition → parent) edges, one per (kind, source, target), each carrying every occurrence as evidence. Nodes and edges
 * are inserted in sorted order so the serialised graph is byte-identical run to run.
 * With runtime facts (`--database`, `--queries`) the catalog's tables, keys, views and partitions and the
 * statements' reads, writes and joins join in: on the edge the repo already has (`source: both`, the calls
 * on the line that sends the statement), or as new runtime evidence (`source: runtime`).
 */
export function buildGraph(facts: Facts): StranglerGraph {
  const graph: StranglerGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  const unitOf = new Map(facts.files.map((f) => [f.path, f.unit]));
  const unitInfo = new Map((facts.units ?? []).map((u) => [u.path, u]));

  const modules = new Map<string, { files: number; loc: number }>();
  for (const f of facts.files) {
    const m = modules.get(f.unit) ?? { files: 0, loc: 0 };
    m.files++;
    m.loc += f.loc;
    modules.set(f.unit, m);
  }
  const views = new Set(facts.views.map((v) => v.name));
  const declared = new Set([...facts.tables.map((t) => t.name), ...views]);
  const tables = new Set<string>(declared);
  const codeAccesses = facts.accesses.filter((a) => unitOf.has(a.file));
  for (const a of codeAccesses) tables.add(a.table);
  for (const fk of facts.foreignKeys) tables.add(fk.from).add(fk.to);
  for (const v of facts.views) v.reads.forEach((t) => tables.add(t));
  for (const i of facts.inherits) tables.add(i.child).add(i.parent);
  for (const j of facts.joins) if (unitOf.has(j.file)) j.tables.forEach((t) => tables.add(t));
  const runtime = facts.runtime ? runtimeTables(facts.runtime) : null;
  runtime?.tables.forEach((t) => tables.add(t));
  runtime?.views.forEach((v) => views.add(v));

  for (const unit of [...modules.keys()].sort(compareStrings)) {
    const m = modules.get(unit)!;
    const info = unitInfo.get(unit);
    graph.addNode(moduleKey(unit), { kind: "module", path: unit, role: info?.role ?? "backend", roleReason: info?.roleReason, formed: info?.formed ?? "folder", files: m.files, loc: m.loc, churn: facts.history?.units[unit]?.commits ?? 0 });
  }
  for (const t of [...tables].sort(compareStrings)) {
    const relation = views.has(t) ? "view" : !declared.has(t) && isSystemTable(t) ? "system" : "table";
    const attrs: NodeAttributes = { kind: "table", name: t, relation, declared: declared.has(t) };
    if (facts.runtime?.catalog) attrs.inDatabase = runtime!.inDatabase.has(t);
    if (facts.runtime) attrs.calls = runtime!.calls.get(t) ?? 0;
    graph.addNode(tableKey(t), attrs);
  }

  const pending = new Map<string, PendingEdge>();
  const add = (kind: EdgeKind, source: string, target: string, ev: Evidence, typeOnly = false) => {
    if (source === target) return;
    const key = edgeKey(kind, source, target);
    const e = pending.get(key) ?? { kind, source, target, evidence: [], typeOnly: true };
    e.evidence.push({ file: ev.file, line: ev.line });
    e.typeOnly &&= typeOnly;
    pending.set(key, e);
  };

  for (const imp of facts.imports) {
    if (!unitOf.has(imp.from) || !unitOf.has(imp.to)) continue;
    add("import", moduleKey(unitOf.get(imp.from)!), moduleKey(unitOf.get(imp.to)!), { file: imp.from, line: imp.line }, imp.typeOnly);
  }
  for (const a of codeAccesses) add(a.mode, moduleKey(unitOf.get(a.file)!), tableKey(a.table), a);
  for (const fk of facts.foreignKeys) add("fk", tableKey(fk.from), tableKey(fk.to), fk);
  for (const j of facts.joins) if (unitOf.has(j.file)) add("join", tableKey(j.tables[0]), tableKey(j.tables[1]), j);
  for (const v of facts.views) for (const t of v.reads) add("view", tableKey(v.name), tableKey(t), v);
  for (const i of facts.inherits) add("inherit", tableKey(i.child), tableKey(i.parent), i);
  for (const tx of transactionPairs(facts, unitOf)) add("tx", tableKey(tx.tables[0]), tableKey(tx.tables[1]), tx);

  // Runtime: a claim at a line the repo already shows for the edge adds its calls there; any other is new
  // runtime evidence. The catalog confirming a key, view or partition the repo declares marks it `both`.
  const runtimeSeen = new Map<string, { calls: Map<string, number>; statements: Map<number, number>; confirmed: boolean }>();
  if (facts.runtime) {
    for (const c of runtimeClaims(facts.runtime, (f) => unitOf.get(f))) {
      if (c.source === c.target) continue;
      const key = edgeKey(c.kind, c.source, c.target);
      const seen = runtimeSeen.get(key) ?? { calls: new Map(), statements: new Map(), confirmed: false };
      runtimeSeen.set(key, seen);
      if (c.statementIndex >= 0) seen.statements.set(c.statementIndex, c.calls ?? 0);
      const e = pending.get(key);
      const staticHere = e?.evidence.some((x) => !x.source && (c.atSite ? x.file === c.file && x.line === c.line : true));
      if (staticHere && c.atSite) {
        const at = `${c.file}:${c.line}`;
        seen.calls.set(at, (seen.calls.get(at) ?? 0) + (c.calls ?? 0));
        continue;
      }
      if (staticHere && c.statementIndex < 0) {
        seen.confirmed = true;
        continue;
      }
      const p = e ?? { kind: c.kind, source: c.source, target: c.target, evidence: [], typeOnly: false };
      p.evidence.push({ file: c.file, line: c.line, source: "runtime", statement: c.statement, ...(c.calls !== undefined ? { calls: c.calls } : {}) });
      pending.set(key, p);
    }
  }

  // Co-change: weight is the number of commits; evidence names the most recent ones.
  const cochange = new Map<string, { count: number; evidence: Evidence[] }>();
  for (const c of facts.history?.cochange ?? []) {
    const [a, b] = c.units.map(moduleKey);
    if (!graph.hasNode(a) || !graph.hasNode(b)) continue;
    cochange.set(edgeKey("cochange", a, b), { count: c.count, evidence: c.commits.map((commit) => ({ file: c.units[0], line: 0, commit })) });
  }

  for (const key of [...pending.keys(), ...cochange.keys()].sort(compareStrings)) {
    const co = cochange.get(key);
    if (co) {
      const [source, target] = key.slice("cochange:".length).split("->");
      graph.addDirectedEdgeWithKey(key, source, target, { kind: "cochange", weight: co.count, evidence: co.evidence, source: "static" });
      continue;
    }
    const e = pending.get(key)!;
    const evidence = dedupeEvidence(e.evidence);
    const seen = runtimeSeen.get(key);
    if (seen) for (const ev of evidence) if (!ev.source && seen.calls.has(`${ev.file}:${ev.line}`)) ev.calls = seen.calls.get(`${ev.file}:${ev.line}`);
    const hasStatic = evidence.some((ev) => !ev.source);
    const hasRuntime = !!seen && (seen.confirmed || seen.statements.size > 0 || evidence.some((ev) => ev.source === "runtime"));
    const attrs: EdgeAttributes = { kind: e.kind, weight: evidence.length, evidence, source: hasStatic && hasRuntime ? "both" : hasRuntime ? "runtime" : "static" };
    if (seen?.statements.size) attrs.calls = [...seen.statements.values()].reduce((a, b) => a + b, 0);
    if (e.kind === "import") attrs.typeOnly = e.typeOnly;
    graph.addDirectedEdgeWithKey(key, e.source, e.target, attrs);
  }
  return graph;
}

/** Tables written in one function (a transaction callback counts as one): each pair, with every write site. */
function transactionPairs(facts: Facts, unitOf: Map<string, string>): Array<{ tables: [string, string]; file: string; line: number }> {
  const byScope = new Map<string, Array<{ table: string; file: string; line: number }>>();
  for (const a of facts.accesses) {
    if (a.mode !== "write" || !a.scope || !unitOf.has(a.file)) continue;
    const list = byScope.get(a.scope) ?? [];
    list.push(a);
    byScope.set(a.scope, list);
  }
  const out: Array<{ tables: [string, string]; file: string; line: number }> = [];
  for (const scope of [...byScope.keys()].sort(compareStrings)) {
    const writes = byScope.get(scope)!;
    const tables = [...new Set(writes.map((w) => w.table))].sort(compareStrings);
    for (let i = 0; i < tables.length; i++) {
      for (let j = i + 1; j < tables.length; j++) {
        for (const w of writes) if (w.table === tables[i] || w.table === tables[j]) out.push({ tables: [tables[i], tables[j]], file: w.file, line: w.line });
      }
    }
  }
  return out;
}

function dedupeEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list
    .sort(byKeys((e) => e.file, (e) => e.line, (e) => e.source ?? "", (e) => e.statement ?? ""))
    .filter((e) => {
      // Runtime evidence from the catalog or one statistics row shares a place: its statement tells it apart.
      const k = `${e.file}:${e.line}:${e.source ?? ""}:${e.statement ?? ""}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
