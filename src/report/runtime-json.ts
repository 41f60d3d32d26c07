import type { RuntimeFacts } from "../scan/facts.js";
import type { StranglerGraph } from "../graph/build.js";
import type { EdgeSource } from "../graph/model.js";

/**
 * The `runtime` part of `scan --json`: what the database (or the export of its statistics) showed, read as
 * SQL. Statements keep their truncated text and counts, where they were read, and the code lines that send
 * them; the URL is shown without its password.
 */
export function runtimeJson(rt: RuntimeFacts, graph: StranglerGraph) {
  const edges: Record<EdgeSource, number> = { static: 0, runtime: 0, both: 0 };
  graph.forEachEdge((_e, a) => {
    edges[a.source]++;
  });
  return {
    kind: rt.kind,
    origin: rt.origin,
    dialect: rt.dialect,
    catalog: rt.catalog
      ? { tables: rt.catalog.tables.length, views: rt.catalog.views.length, foreignKeys: rt.catalog.foreignKeys.length, partitions: rt.catalog.inherits.length }
      : null,
    calls: rt.calls,
    counts: {
      statements: rt.statements.length,
      application: rt.statements.filter((s) => s.application).length,
      tiedToCode: rt.statements.filter((s) => s.application && s.sites.length).length,
    },
    edgesBySource: edges,
    findings: rt.findings,
    tables: rt.tables,
    statements: rt.statements.map((s) => ({
      text: s.text,
      calls: s.calls,
      ...(s.totalMs !== undefined ? { totalMs: s.totalMs } : {}),
      ...(s.rows !== undefined ? { rows: s.rows } : {}),
      file: s.file,
      line: s.line,
      ...(s.id ? { id: s.id } : {}),
      application: s.application,
      reads: s.accesses.filter((a) => a.mode === "read").map((a) => a.table),
      writes: s.accesses.filter((a) => a.mode === "write").map((a) => a.table),
      joins: s.joins.map((j) => `${j[0]} ~ ${j[1]}`),
      sites: s.sites.map((x) => `${x.file}:${x.line}`),
    })),
  };
}
