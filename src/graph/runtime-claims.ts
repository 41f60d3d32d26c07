import type { EdgeKind } from "./model.js";
import { moduleKey, tableKey } from "./model.js";
import type { RuntimeFacts } from "../scan/facts.js";
import { isSystemTable } from "../scan/sql/system-tables.js";
import { EVIDENCE_CHARS, truncate } from "../scan/database/runtime-facts.js";

/**
 * One edge the database says exists, and where: at a line of the code that sends the statement (`file:line`
 * of a SQL site), else at the statistics row (`file:line` of the export, or the statement's place in the
 * list) or the catalog (`database`, line 0). `statement` ties together the claims of one statement, so an
 * edge's calls count each statement once.
 */
export interface RuntimeClaim {
  kind: EdgeKind;
  source: string;
  target: string;
  file: string;
  line: number;
  /** What the database showed: the statement (truncated) or the catalog entry. */
  statement: string;
  /** Runtime statements: their calls; catalog entries: none. */
  calls?: number;
  /** The statement's index in runtime.statements (-1 for the catalog). */
  statementIndex: number;
  /** True when `file:line` is a SQL site of the code (static evidence there would be the same occurrence). */
  atSite: boolean;
}

/** The database's catalog and statements as edge claims; `codeUnit` maps a code file to its unit. */
export function runtimeClaims(rt: RuntimeFacts, codeUnit: (file: string) => string | undefined): RuntimeClaim[] {
  const out: RuntimeClaim[] = [];
  if (rt.catalog) {
    const at = { file: "database", line: 0, statementIndex: -1, atSite: false };
    for (const fk of rt.catalog.foreignKeys) out.push({ kind: "fk", source: tableKey(fk.from), target: tableKey(fk.to), statement: `FOREIGN KEY ${fk.constraint}`, ...at });
    for (const v of rt.catalog.views) for (const t of v.reads) out.push({ kind: "view", source: tableKey(v.name), target: tableKey(t), statement: `VIEW ${v.name}`, ...at });
    for (const i of rt.catalog.inherits) out.push({ kind: "inherit", source: tableKey(i.child), target: tableKey(i.parent), statement: `PARTITION OF ${i.parent}`, ...at });
  }
  rt.statements.forEach((s, index) => {
    if (!s.application) return;
    const statement = truncate(s.text, EVIDENCE_CHARS);
    const sites = s.sites.filter((site) => codeUnit(site.file) !== undefined);
    for (const a of s.accesses) {
      if (isSystemTable(a.table)) continue;
      // Without a line of code there is no module to draw a read or write from: the table's calls say it.
      for (const site of sites) {
        out.push({ kind: a.mode, source: moduleKey(codeUnit(site.file)!), target: tableKey(a.table), file: site.file, line: site.line, statement, calls: s.calls, statementIndex: index, atSite: true });
      }
    }
    for (const [x, y] of s.joins) {
      if (isSystemTable(x) || isSystemTable(y)) continue;
      const where = sites.length ? sites.map((site) => ({ ...site, atSite: true })) : [{ file: s.file, line: s.line, atSite: false }];
      for (const w of where) out.push({ kind: "join", source: tableKey(x), target: tableKey(y), file: w.file, line: w.line, statement, calls: s.calls, statementIndex: index, atSite: w.atSite });
    }
  });
  return out;
}

/** Tables the database has (catalog) or shows in use (statements), for the graph's table nodes. */
export function runtimeTables(rt: RuntimeFacts): { tables: string[]; views: string[]; inDatabase: Set<string>; calls: Map<string, number> } {
  const views = rt.catalog?.views.map((v) => v.name) ?? [];
  const inDatabase = new Set([...(rt.catalog?.tables ?? []), ...views]);
  const tables = [...inDatabase, ...rt.tables.map((t) => t.name)];
  for (const c of rt.catalog?.foreignKeys ?? []) tables.push(c.from, c.to);
  for (const v of rt.catalog?.views ?? []) tables.push(...v.reads);
  for (const i of rt.catalog?.inherits ?? []) tables.push(i.child, i.parent);
  return { tables, views, inDatabase, calls: new Map(rt.tables.map((t) => [t.name, t.calls])) };
}
