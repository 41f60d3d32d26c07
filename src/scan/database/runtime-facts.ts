import type { AccessFact, Diagnostic, JoinFact, RuntimeFacts, RuntimeStatement, RuntimeTable, SqlSite, TableFact, ViewFact } from "../facts.js";
import { uniqueBy } from "../../util/unique.js";
import type { Dialect } from "../sql/dialect.js";
import { StatementExtractor } from "../sql/extract.js";
import { splitOptionsFor, splitSql } from "../sql/split.js";
import { isSystemTable } from "../sql/system-tables.js";
import { byKeys, compareStrings } from "../../util/sort.js";
import { fingerprint } from "./fingerprint.js";
import { requalify } from "./names.js";
import { STRANGLER_MARK, type RuntimeInput } from "./input.js";

/** Statement text kept in facts and output: enough to recognise it, never a whole generated query. */
export const STATEMENT_CHARS = 300;
/** Shorter still on each piece of evidence. */
export const EVIDENCE_CHARS = 160;

const DDL = /^\s*(create|alter|drop|rename|comment|grant|revoke|vacuum|analyze|reindex|cluster|refresh)\b/i;

export interface StaticView {
  /** The scan's dialect (how the code's SQL strings are split into statements). */
  dialect: Dialect;
  sites: SqlSite[];
  /** Code files (not SQL files): their accesses are what "the code names". */
  codeFiles: Set<string>;
  tables: TableFact[];
  views: ViewFact[];
  accesses: AccessFact[];
  joins: JoinFact[];
}

/**
 * The database's statements read as SQL by the scan's own reader (reads, writes, joins), each tied to the
 * SQL sites of the code that send it (same statement, values left out); calls per table; and the findings:
 * tables the database shows in use that no code reads or writes, and tables the repo declares or uses that
 * the database does not have.
 */
export function readRuntime(input: RuntimeInput, stat: StaticView): { runtime: RuntimeFacts; diagnostics: Diagnostic[] } {
  const extractor = new StatementExtractor(input.dialect);
  const mysql = input.dialect !== "postgresql";
  const sitesByShape = siteShapes(stat);
  const read = new Map<string, ReturnType<StatementExtractor["extract"]>["facts"] | null>();

  // strangler's own reading of an earlier run is no traffic of the application's.
  const statements: RuntimeStatement[] = input.statements.filter((s) => !s.text.includes(STRANGLER_MARK)).map((s) => {
    // MySQL's digest text spaces out qualified names: `o` . `id`
    const text = mysql ? s.text.replace(/\s+\.\s+/g, ".") : s.text;
    const db = s.schema ?? input.database;
    const local = (t: string) => (mysql && db ? requalify(t, db) : t);
    // The same text in several rows (per user, per database) is read as SQL once.
    let facts = read.get(text);
    if (facts === undefined) {
      facts = DDL.test(text) ? null : extractor.extract(text).facts;
      read.set(text, facts);
    }
    const accesses = uniqueBy((facts?.accesses ?? []).map((a) => ({ table: local(a.table), mode: a.mode })), (a) => `${a.mode}:${a.table}`);
    const joins = uniqueBy((facts?.joins ?? []).map((j) => [local(j[0]), local(j[1])].sort(compareStrings) as [string, string]), (j) => j.join("|"));
    const out: RuntimeStatement = {
      text: truncate(s.text.replace(/\s+/g, " ").trim(), STATEMENT_CHARS),
      calls: s.calls,
      ...(s.totalMs !== undefined ? { totalMs: Math.round(s.totalMs * 1000) / 1000 } : {}),
      ...(s.rows !== undefined ? { rows: s.rows } : {}),
      file: s.file,
      line: s.line,
      ...(s.id ? { id: s.id } : {}),
      accesses: accesses.sort(byKeys((a) => a.table, (a) => a.mode)),
      joins: joins.sort(byKeys((j) => j[0], (j) => j[1])),
      sites: sitesByShape.get(fingerprint(text)) ?? [],
      application: accesses.some((a) => !isSystemTable(a.table)),
    };
    return out;
  });
  statements.sort((a, b) => b.calls - a.calls || compareStrings(a.text, b.text) || compareStrings(a.id ?? "", b.id ?? "") || compareStrings(a.file, b.file) || a.line - b.line);
  // Read from a live server: a statement's place in this list stands for its line.
  statements.forEach((s, i) => {
    if (s.line === 0) s.line = i + 1;
  });

  const tables = tableCalls(statements);
  const calls = statements.filter((s) => s.application).reduce((n, s) => n + s.calls, 0);
  const { findings, diagnostics } = findingsOf(input, statements, tables, stat);
  if (!statements.some((s) => s.application)) {
    diagnostics.push({ file: input.where, code: "runtime-statistics", severity: "warning", message: `no statement that reads or writes a table in ${input.kind === "file" ? "the export" : `the statistics of ${input.origin}`}: no call counts (statistics empty or just reset)` });
  }
  return {
    runtime: {
      kind: input.kind,
      origin: input.origin,
      dialect: input.dialect,
      catalog: input.catalog,
      statements,
      tables,
      calls,
      findings,
    },
    diagnostics: [...input.diagnostics, ...diagnostics],
  };
}

/** Every statement of every SQL site of the code, by fingerprint: where the code sends it. */
function siteShapes(stat: StaticView): Map<string, Array<{ file: string; line: number }>> {
  const split = splitOptionsFor(stat.dialect);
  const out = new Map<string, Array<{ file: string; line: number }>>();
  for (const site of stat.sites) {
    if (!stat.codeFiles.has(site.file)) continue;
    const { statements } = splitSql(site.text, split);
    const first = statements[0]?.line ?? 1;
    for (const st of statements) {
      const key = fingerprint(st.text);
      const list = out.get(key) ?? [];
      const at = { file: site.file, line: site.line + st.line - first };
      if (!list.some((x) => x.file === at.file && x.line === at.line)) list.push(at);
      out.set(key, list);
    }
  }
  for (const list of out.values()) list.sort(byKeys((x) => x.file, (x) => x.line));
  return out;
}

function tableCalls(statements: RuntimeStatement[]): RuntimeTable[] {
  const byName = new Map<string, RuntimeTable>();
  for (const s of statements) {
    const touched = new Set<string>();
    for (const a of s.accesses) {
      if (isSystemTable(a.table)) continue;
      const t = byName.get(a.table) ?? { name: a.table, calls: 0, readCalls: 0, writeCalls: 0, statements: 0 };
      if (a.mode === "read") t.readCalls += s.calls;
      else if (a.mode === "write") t.writeCalls += s.calls;
      if (!touched.has(a.table)) {
        t.calls += s.calls;
        t.statements++;
        touched.add(a.table);
      }
      byName.set(a.table, t);
    }
  }
  return [...byName.values()].sort((a, b) => b.calls - a.calls || compareStrings(a.name, b.name));
}

function findingsOf(input: RuntimeInput, statements: RuntimeStatement[], tables: RuntimeTable[], stat: StaticView): { findings: RuntimeFacts["findings"]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const inCode = new Set<string>();
  for (const a of stat.accesses) if (stat.codeFiles.has(a.file)) inCode.add(a.table);
  for (const j of stat.joins) if (stat.codeFiles.has(j.file)) j.tables.forEach((t) => inCode.add(t));
  const declaredAt = new Map<string, { file: string; line: number }>();
  for (const t of [...stat.tables, ...stat.views.map((v) => ({ name: v.name, file: v.file, line: v.line }))]) if (!declaredAt.has(t.name)) declaredAt.set(t.name, { file: t.file, line: t.line });

  const runtimeOnlyTables = tables.filter((t) => !inCode.has(t.name)).map((t) => t.name);
  for (const name of runtimeOnlyTables) {
    const t = tables.find((x) => x.name === name)!;
    const top = statements.find((s) => s.accesses.some((a) => a.table === name))!;
    const declared = declaredAt.get(name);
    diagnostics.push({
      file: top.file,
      line: top.line,
      code: "runtime-only-table",
      severity: "warning",
      message: `${name}: the database ran ${t.calls} call${t.calls === 1 ? "" : "s"} on it (${t.statements} statement${t.statements === 1 ? "" : "s"}, e.g. "${truncate(top.text, 80)}") but no code in the repo reads or writes it${declared ? ` (declared at ${declared.file}:${declared.line})` : ", nor declares it"}: dynamic SQL, an ORM not read, or code outside the repo`,
    });
  }

  const codeOnlyTables: string[] = [];
  if (input.catalog) {
    const inDatabase = new Set([...input.catalog.tables, ...input.catalog.views.map((v) => v.name)]);
    const claimed = new Map(declaredAt);
    for (const a of stat.accesses) if (stat.codeFiles.has(a.file) && !claimed.has(a.table)) claimed.set(a.table, { file: a.file, line: a.line });
    for (const name of [...claimed.keys()].sort(compareStrings)) {
      if (inDatabase.has(name) || isSystemTable(name)) continue;
      codeOnlyTables.push(name);
      const at = claimed.get(name)!;
      diagnostics.push({
        file: at.file,
        line: at.line,
        code: "code-only-table",
        severity: "warning",
        message: `${name}: ${declaredAt.has(name) ? "declared" : "read or written"} here, but the database ${input.origin} has no such table or view: a migration not applied, a renamed table, or dead code`,
      });
    }
    const known = new Set([...claimed.keys(), ...tables.map((t) => t.name)]);
    for (const name of [...inDatabase].sort(compareStrings)) {
      if (known.has(name)) continue;
      diagnostics.push({ file: "database", code: "database-only-table", severity: "info", message: `${name}: in the database, but neither the repo nor the statistics name it` });
    }
  }
  return { findings: { runtimeOnlyTables: runtimeOnlyTables.sort(compareStrings), codeOnlyTables }, diagnostics };
}

export function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
