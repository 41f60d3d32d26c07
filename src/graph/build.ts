import graphology from "graphology";
import type { Facts, Evidence } from "../scan/facts.js";
import { edgeKey, moduleKey, tableKey, type EdgeAttributes, type EdgeKind, type NodeAttributes } from "./model.js";
import { byKeys, compareStrings } from "../util/sort.js";
import { isSystemTable } from "../scan/sql/system-tables.js";

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

  for (const unit of [...modules.keys()].sort(compareStrings)) {
    const m = modules.get(unit)!;
    const info = unitInfo.get(unit);
    graph.addNode(moduleKey(unit), { kind: "module", path: unit, role: info?.role ?? "backend", roleReason: info?.roleReason, formed: info?.formed ?? "folder", files: m.files, loc: m.loc, churn: facts.history?.units[unit]?.commits ?? 0 });
  }
  for (const t of [...tables].sort(compareStrings)) {
    const relation = views.has(t) ? "view" : !declared.has(t) && isSystemTable(t) ? "system" : "table";
    graph.addNode(tableKey(t), { kind: "table", name: t, relation, declared: declared.has(t) });
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
      graph.addDirectedEdgeWithKey(key, source, target, { kind: "cochange", weight: co.count, evidence: co.evidence });
      continue;
    }
    const e = pending.get(key)!;
    const evidence = dedupeEvidence(e.evidence);
    const attrs: EdgeAttributes = { kind: e.kind, weight: evidence.length, evidence };
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
    .sort(byKeys((e) => e.file, (e) => e.line))
    .filter((e) => {
      const k = `${e.file}:${e.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
