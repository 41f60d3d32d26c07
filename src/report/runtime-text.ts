import type { ChalkInstance } from "chalk";
import type { RuntimeFacts } from "../scan/facts.js";
import { shortTable } from "../scan/sql/dialect.js";

const TOP_TABLES = 8;

/** What the database showed, under the scan's summary: statements, calls, the busiest tables, the findings. */
export function runtimeText(rt: RuntimeFacts, c: ChalkInstance): string {
  const app = rt.statements.filter((s) => s.application);
  const tied = app.filter((s) => s.sites.length);
  const lines = [`${c.bold(rt.kind === "database" ? `database ${rt.origin}` : `statistics export ${rt.origin}`)} (${rt.dialect})`];
  if (rt.catalog) {
    const k = rt.catalog;
    lines.push(`  catalog: ${k.tables.length} tables, ${k.views.length} views, ${k.foreignKeys.length} foreign keys, ${k.inherits.length} partitions`);
  }
  lines.push(`  statements: ${rt.statements.length} (${app.length} read or write tables, ${tied.length} of them found in the code), ${fmt(rt.calls)} calls`);
  const top = rt.tables.slice(0, TOP_TABLES);
  if (top.length) {
    lines.push(`  busiest tables: ${top.map((t) => `${shortTable(t.name)} ${fmt(t.calls)} (${pct(t.calls, rt.calls)})`).join(", ")}${rt.tables.length > top.length ? ", …" : ""}`);
  }
  const f = rt.findings;
  if (f.runtimeOnlyTables.length) lines.push(`  ${c.yellow("used by the database, named by no code")}: ${f.runtimeOnlyTables.map(shortTable).join(", ")}`);
  if (f.codeOnlyTables.length) lines.push(`  ${c.yellow("in the repo, missing from the database")}: ${f.codeOnlyTables.map(shortTable).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (n: number, total: number) => `${total ? Math.round((n / total) * 1000) / 10 : 0}%`;
