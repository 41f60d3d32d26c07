import type { ScanResult } from "../scan/index.js";
import type { StranglerGraph } from "../graph/build.js";
import type { ScanSummary } from "./scan-summary.js";
import type { TableNode } from "../graph/model.js";
import { runtimeJson } from "./runtime-json.js";

/** `strangler scan --json`: stable field order, sorted lists, no absolute paths or times. */
export function scanJson(scan: ScanResult, graph: StranglerGraph, summary: ScanSummary): string {
  const units: Array<{ path: string; role: string; formed: string; files: number; loc: number; churn: number }> = [];
  const tables: Array<{ name: string; relation: TableNode["relation"]; declared: boolean; inDatabase?: boolean; calls?: number }> = [];
  graph.forEachNode((_key, a) => {
    if (a.kind === "module") units.push({ path: a.path, role: a.role, formed: a.formed, files: a.files, loc: a.loc, churn: a.churn });
    else {
      tables.push({
        name: a.name,
        relation: a.relation,
        declared: a.declared,
        ...(a.inDatabase !== undefined ? { inDatabase: a.inDatabase } : {}),
        ...(a.calls !== undefined ? { calls: a.calls } : {}),
      });
    }
  });
  const out = {
    schemaVersion: 1,
    dialect: scan.dialect,
    dialectFrom: scan.dialectFrom,
    granularity: scan.granularity,
    sources: scan.sources,
    history: scan.facts.history ? { commits: scan.facts.history.commits, bulkCommits: scan.facts.history.bulkCommits, cochangePairs: scan.facts.history.cochange.length } : null,
    summary,
    linkage: scan.linkage,
    units,
    tables,
    sqlSites: scan.facts.sqlSites.map((s) => ({ file: s.file, line: s.line, callee: s.callee, scope: s.scope })),
    ...(scan.facts.runtime ? { runtime: runtimeJson(scan.facts.runtime, graph) } : {}),
    diagnostics: scan.facts.diagnostics,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
