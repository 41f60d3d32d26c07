import type { AccessFact, Diagnostic, ForeignKeyFact, InheritFact, JoinFact, SqlSite, TableFact, ViewFact } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import { readSource } from "../files/read.js";
import { splitStatements } from "./split.js";
import { StatementExtractor, firstWords } from "./extract.js";
import { noTableReason } from "./no-table-reasons.js";
import { detectDialect, type Dialect } from "./dialect.js";
import { isEmpty } from "./statement-facts.js";
import { SchemaState } from "./schema-state.js";
import { compareStrings } from "../../util/sort.js";
import { isRollbackScope } from "../scope.js";

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
}

const MIGRATION_DIR = /(^|\/)(migrations?|migrate)\//i;

/**
 * Order in which SQL files build the schema: plain files (schema dumps) by path, then migrations
 * (files under a `migrations`/`migrate` folder) by file name, so `20240101_x.sql` runs before `20240202_y.sql`
 * wherever each sits.
 */
export function applyOrder(paths: string[]): string[] {
  const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);
  const plain = paths.filter((p) => !MIGRATION_DIR.test(p)).sort(compareStrings);
  const migrations = paths
    .filter((p) => MIGRATION_DIR.test(p))
    .sort((a, b) => compareStrings(base(a), base(b)) || compareStrings(a, b));
  return [...plain, ...migrations];
}

/**
 * SQL files (schema, then migrations) and SQL found in code, turned into the final schema (tables, views,
 * foreign keys, partitions) and the reads, writes and joins of each statement, with file:line. A
 * statement that yields nothing is a diagnostic with its reason, never dropped.
 */
export function scanSql(files: RepoFile[], sites: SqlSite[], dialectOption: Dialect | undefined): SqlScanResult {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map(files.filter((f) => f.kind === "sql").map((f) => [f.path, f]));
  const sqlTexts: Array<{ file: string; text: string }> = [];
  for (const path of applyOrder([...byPath.keys()])) {
    const f = byPath.get(path)!;
    const read = readSource(f.abs, f.path);
    if (read.ok) sqlTexts.push({ file: f.path, text: read.text });
    else diagnostics.push(read.diagnostic);
  }
  const dialect = dialectOption ?? detectDialect([...sqlTexts.map((s) => s.text), ...sites.map((s) => s.text)]);
  const extractor = new StatementExtractor(dialect);
  const schema = new SchemaState();
  const accesses: AccessFact[] = [];
  const joins: JoinFact[] = [];
  let statements = 0;
  let fallbackStatements = 0;

  const located: Located[] = [];
  for (const { file, text } of sqlTexts) {
    for (const stmt of splitStatements(text)) located.push({ file, line: stmt.line, text: stmt.text, scope: null });
  }
  for (const site of sites) {
    // The `down` half of a TypeScript migration undoes its `up`: it does not shape the final schema.
    if (site.rollback || isRollbackScope(site.scope)) {
      diagnostics.push({ file: site.file, line: site.line, code: "sql-rollback", severity: "info", message: `"${firstWords(site.text)}": in a migration's down(), not applied to the schema` });
      continue;
    }
    located.push({ file: site.file, line: site.line, text: site.text, scope: site.scope });
  }

  for (const s of located) {
    statements++;
    const { facts, parsed, parseError } = extractor.extract(s.text);
    if (!parsed) fallbackStatements++;
    if (isEmpty(facts)) {
      const expected = noTableReason(s.text);
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
  }
  return {
    dialect,
    sqlFiles: sqlTexts.map((s) => s.file),
    statements,
    fallbackStatements,
    ...schema.result(),
    accesses,
    joins,
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
