import type { AccessFact, Diagnostic, Evidence, ForeignKeyFact, InheritFact, JoinFact, SqlSite, TableFact, ViewFact } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import { readSource } from "../files/read.js";
import { shortenBulkInsert } from "./bulk-insert.js";
import { splitOptionsFor, splitSql, type Unterminated } from "./split.js";
import { StatementExtractor, firstWords } from "./extract.js";
import { noTableReason } from "./no-table-reasons.js";
import { detectDialect, type Dialect } from "./dialect.js";
import { isEmpty } from "./statement-facts.js";
import { SchemaState } from "./schema-state.js";
import { compareStrings } from "../../util/sort.js";
import { isRollbackSite } from "./rollback.js";
import { applyOrder, isMigrationPath, isUndoMigration } from "./migration-order.js";

export interface SqlScanResult {
  dialect: Dialect;
  /** SQL files in the order they were applied. */
  sqlFiles: string[];
  statements: number;
  /** Statements node-sql-parser could not parse (the keyword reader read them). */
  fallbackStatements: number;
  tables: TableFact[];
  views: ViewFact[];
  foreignKeys: ForeignKeyFact[];
  inherits: InheritFact[];
  accesses: AccessFact[];
  joins: JoinFact[];
  diagnostics: Diagnostic[];
}

interface Located {
  file: string;
  line: number;
  text: string;
  scope: string | null;
  /** From a migration (SQL file or code): its data copies may name tables that no longer exist. */
  migration: boolean;
}

/** One input that shapes the schema in order: a SQL file, or the SQL sites of one code file. */
interface Input {
  file: string;
  migration: boolean;
  sql?: string;
  sites?: SqlSite[];
}

export { applyOrder };

/**
 * SQL files (schema, then migrations in their tool's order) and SQL found in code, turned into the final
 * schema (tables, views, foreign keys, partitions) and the reads, writes and joins of each statement, with
 * file:line. SQL sites of code migrations take their place among the SQL migrations; other code comes last.
 * A statement that yields nothing is a diagnostic with its reason, never dropped.
 */
/** MySQL and MariaDB share their SQL: a branch for one is the other's too. */
const family = (d: string) => (d === "mariadb" ? "mysql" : d);

export function scanSql(files: RepoFile[], sites: SqlSite[], dialectOption: Dialect | undefined): SqlScanResult {
  const diagnostics: Diagnostic[] = [];
  const inputs: Input[] = [];
  for (const f of files.filter((x) => x.kind === "sql")) {
    const read = readSource(f.abs, f.path);
    if (read.diagnostic) diagnostics.push(read.diagnostic);
    if (!read.ok) continue;
    if (isUndoMigration(f.path) && isMigrationPath(f.path, read.text)) {
      diagnostics.push({ file: f.path, line: 1, code: "sql-rollback", severity: "info", message: "a migration that undoes another: not applied to the schema" });
      continue;
    }
    inputs.push({ file: f.path, migration: isMigrationPath(f.path, read.text), sql: read.text });
  }
  // SQL written for one database of several (a migration's per-database branch) does not vote.
  const dialect = dialectOption ?? detectDialect([...inputs.map((i) => i.sql!), ...sites.filter((s) => !s.dialect).map((s) => s.text)]);
  const sitesByFile = new Map<string, SqlSite[]>();
  for (const site of sites) {
    // The undo half of a TypeScript migration undoes its `up`: it does not shape the final schema.
    if (site.rollback || isRollbackSite(site.file, site.scope)) {
      diagnostics.push({ file: site.file, line: site.line, code: "sql-rollback", severity: "info", message: `"${firstWords(site.text)}": in a migration's down(), not applied to the schema` });
      continue;
    }
    // Only the project's database: a migration's branch for another one is not its schema.
    if (site.dialect && family(site.dialect) !== family(dialect)) {
      diagnostics.push({ file: site.file, line: site.line, code: "sql-other-dialect", severity: "info", message: `"${firstWords(site.text)}": written for ${site.dialect === "other" ? "another database" : site.dialect}, not ${dialect}; not applied` });
      continue;
    }
    const list = sitesByFile.get(site.file) ?? [];
    list.push(site);
    sitesByFile.set(site.file, list);
  }
  for (const [file, list] of sitesByFile) inputs.push({ file, migration: isMigrationPath(file), sites: [...list].sort((a, b) => a.line - b.line) });
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  // SQL files first (schema dumps, then migrations), code sites after; code migrations among the migrations.
  const plainSql = inputs.filter((i) => i.sql !== undefined && !i.migration).map((i) => i.file).sort(compareStrings);
  const migrations = applyOrder(inputs.filter((i) => i.migration).map((i) => i.file), () => true);
  const plainCode = inputs.filter((i) => i.sites && !i.migration).map((i) => i.file).sort(compareStrings);
  const ordered = [...plainSql, ...migrations, ...plainCode].map((f) => byFile.get(f)!);

  const sqlTexts = ordered.filter((i) => i.sql !== undefined);
  const split = splitOptionsFor(dialect);
  const extractor = new StatementExtractor(dialect);
  const schema = new SchemaState();
  const accesses: AccessFact[] = [];
  const joins: JoinFact[] = [];
  let statements = 0;
  let fallbackStatements = 0;
  const migrationAt = new Set<string>();

  const located: Located[] = [];
  const stopped = (file: string, line: number, what: Unterminated) =>
    diagnostics.push({ file, line, code: "sql-unterminated", severity: "warning", message: `${what.what}: reading stopped here; nothing after it is read` });
  for (const input of ordered) {
    if (input.sql !== undefined) {
      const { statements: list, unterminated } = splitSql(input.sql, split);
      for (const stmt of list) located.push({ file: input.file, line: stmt.line, text: shortenBulkInsert(stmt.text), scope: null, migration: input.migration });
      if (unterminated) stopped(input.file, unterminated.line, unterminated);
      continue;
    }
    for (const site of input.sites!) {
      // A site's text may hold several statements (`db.runSql("CREATE TABLE a …; CREATE INDEX …")`). The
      // first keeps the site's line (the call's); each next one is as many lines below it as in the text.
      const { statements: list, unterminated } = splitSql(site.text, split);
      const first = list[0]?.line ?? unterminated?.line ?? 1;
      for (const stmt of list) located.push({ file: site.file, line: site.line + stmt.line - first, text: stmt.text, scope: site.scope, migration: input.migration });
      if (unterminated) stopped(site.file, site.line + Math.max(0, unterminated.line - first), unterminated);
    }
  }

  for (const s of located) {
    statements++;
    const { facts, parsed, parseError, dynamicTables } = extractor.extract(s.text);
    if (!parsed) fallbackStatements++;
    for (const d of dynamicTables) {
      diagnostics.push({
        file: s.file,
        line: s.line + d.lineOffset,
        code: "sql-dynamic-table",
        severity: "warning",
        message: `"${firstWords(s.text)}": table name ${d.text} is computed at run time; not read as a table`,
      });
    }
    if (isEmpty(facts)) {
      if (dynamicTables.length) continue;
      const expected = noTableReason(s.text) ?? facts.understood[0] ?? null;
      diagnostics.push({
        file: s.file,
        line: s.line,
        code: "sql-no-tables",
        severity: expected ? "info" : "warning",
        message: `"${firstWords(s.text)}": ${expected ?? (parseError ? `not understood (${parseError})` : "no table found")}`,
      });
      continue;
    }
    const at = { file: s.file, line: s.line };
    schema.apply(facts, at, (to) => s.line + referenceLineOffset(s.text, to));
    for (const a of facts.accesses) accesses.push({ ...at, ...a, scope: s.scope });
    for (const tables of facts.joins) joins.push({ ...at, tables });
    if (s.migration) migrationAt.add(`${s.file}:${s.line}`);
  }
  // A migration that rebuilds a table (SQLite's CREATE temporary_x, INSERT … SELECT, DROP x, RENAME) names
  // tables that are gone from the final schema: those reads and writes are not the app's.
  const transient = (table: string, at: Evidence) => migrationAt.has(`${at.file}:${at.line}`) && schema.isGone(table);
  const kept = { accesses: accesses.filter((a) => !transient(a.table, a)), joins: joins.filter((j) => !j.tables.some((t) => transient(t, j))) };
  return {
    dialect,
    sqlFiles: sqlTexts.map((s) => s.file),
    statements,
    fallbackStatements,
    ...schema.result(),
    ...kept,
    diagnostics,
  };
}

/** Lines from a statement's start to the `REFERENCES <table>` naming `table` (0 when not found). */
function referenceLineOffset(text: string, table: string): number {
  const bare = table.slice(table.indexOf(".") + 1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`\\breferences\\s+(?:[\\w"\`]+\\.)?["\`]?${bare}\\b`, "i").exec(text);
  if (!m) return 0;
  let n = 0;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
