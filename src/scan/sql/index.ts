import type { AccessFact, Diagnostic, ForeignKeyFact, JoinFact, SqlSite, TableFact } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import { readSource } from "../files/read.js";
import { splitStatements } from "./split.js";
import { StatementExtractor, firstWords, noTableReason } from "./extract.js";
import { detectDialect, type Dialect } from "./dialect.js";
import { isEmpty } from "./statement-facts.js";

export interface SqlScanResult {
  dialect: Dialect;
  sqlFiles: string[];
  statements: number;
  /** Statements node-sql-parser could not parse (the keyword fallback read them). */
  fallbackStatements: number;
  tables: TableFact[];
  foreignKeys: ForeignKeyFact[];
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

/**
 * SQL files (schema, migrations, in path order) and SQL found in code, turned into tables, foreign keys,
 * reads, writes and joins with file:line. A statement that yields nothing is a diagnostic, never dropped.
 */
export function scanSql(files: RepoFile[], sites: SqlSite[], dialectOption: Dialect | undefined): SqlScanResult {
  const diagnostics: Diagnostic[] = [];
  const sqlTexts: Array<{ file: string; text: string }> = [];
  for (const f of files) {
    if (f.kind !== "sql") continue;
    const read = readSource(f.abs, f.path);
    if (read.ok) sqlTexts.push({ file: f.path, text: read.text });
    else diagnostics.push(read.diagnostic);
  }
  const dialect = dialectOption ?? detectDialect([...sqlTexts.map((s) => s.text), ...sites.map((s) => s.text)]);
  const extractor = new StatementExtractor(dialect);
  const result: SqlScanResult = {
    dialect,
    sqlFiles: sqlTexts.map((s) => s.file),
    statements: 0,
    fallbackStatements: 0,
    tables: [],
    foreignKeys: [],
    accesses: [],
    joins: [],
    diagnostics,
  };

  const located: Located[] = [];
  for (const { file, text } of sqlTexts) {
    for (const stmt of splitStatements(text)) located.push({ file, line: stmt.line, text: stmt.text, scope: null });
  }
  for (const site of sites) located.push({ file: site.file, line: site.line, text: site.text, scope: site.scope });

  for (const s of located) {
    result.statements++;
    const { facts, parsed, parseError } = extractor.extract(s.text);
    if (!parsed) result.fallbackStatements++;
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
    for (const name of facts.creates) result.tables.push({ ...at, name });
    for (const fk of facts.foreignKeys) result.foreignKeys.push({ ...at, line: s.line + referenceLineOffset(s.text, fk.to), ...fk });
    for (const a of facts.accesses) result.accesses.push({ ...at, ...a, scope: s.scope });
    for (const tables of facts.joins) result.joins.push({ ...at, tables });
  }
  return result;
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
