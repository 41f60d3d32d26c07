import type { ScanResult } from "../scan/index.js";
import type { StranglerGraph } from "../graph/build.js";
import { EDGE_KINDS, type EdgeKind } from "../graph/model.js";
import type { Diagnostic } from "../scan/facts.js";

export interface ScanSummary {
  files: number;
  sqlFiles: number;
  units: number;
  tables: number;
  views: number;
  /** Database catalogs the code queries (relation `system`): not counted in `tables`. */
  systemTables: number;
  sqlSites: number;
  sqlStatements: number;
  sqlFallbackStatements: number;
  /** Statements that yielded no table fact (each one a `sql-no-tables` diagnostic). */
  sqlNoTableStatements: number;
  importEdges: number;
  externalImports: number;
  edges: Record<EdgeKind, number>;
  excluded: { tests: number; generated: number; ignored: number };
  diagnostics: { warning: number; info: number; error: number };
}

/** The numbers the scan summary table and `--json` both show. */
export function summarise(scan: ScanResult, graph: StranglerGraph): ScanSummary {
  const edges = Object.fromEntries(EDGE_KINDS.map((k) => [k, 0])) as Record<EdgeKind, number>;
  graph.forEachEdge((_e, attrs) => {
    edges[attrs.kind]++;
  });
  let units = 0;
  let tables = 0;
  let views = 0;
  let systemTables = 0;
  graph.forEachNode((_n, attrs) => {
    if (attrs.kind === "module") units++;
    else if (attrs.relation === "view") views++;
    else if (attrs.relation === "system") systemTables++;
    else tables++;
  });
  return {
    files: scan.facts.files.length,
    sqlFiles: scan.facts.sqlFiles.length,
    units,
    tables,
    views,
    systemTables,
    sqlSites: scan.facts.sqlSites.length,
    sqlStatements: scan.stats.statements,
    sqlFallbackStatements: scan.stats.fallbackStatements,
    sqlNoTableStatements: scan.facts.diagnostics.filter((d) => d.code === "sql-no-tables").length,
    importEdges: edges.import,
    externalImports: scan.stats.externalImports,
    edges,
    excluded: scan.stats.excluded,
    diagnostics: countBySeverity(scan.facts.diagnostics),
  };
}

function countBySeverity(list: Diagnostic[]): ScanSummary["diagnostics"] {
  const out = { error: 0, warning: 0, info: 0 };
  for (const d of list) out[d.severity]++;
  return out;
}
