import type { AccessFact, Diagnostic, Evidence, ForeignKeyFact, InheritFact, JoinFact, SqlSite, TableFact, ViewFact } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import fs from "node:fs";
import { PIECE_BYTES, readSource, readSourceInPieces } from "../files/read.js";
import { SqlSplitter, splitOptionsFor, splitSql, type SqlStatement, type Unterminated } from "./split.js";
import { StatementExtractor, firstWords } from "./extract.js";
import { noTableReason } from "./no-table-reasons.js";
import { detectDialect, dialectSignals, type Dialect } from "./dialect.js";
import { isEmpty, type StatementFacts } from "./statement-facts.js";
import { SchemaState } from "./schema-state.js";
import { compareStrings } from "../../util/sort.js";
import { isRollbackSite } from "./rollback.js";
import { applyOrder, isMigrationPath, isUndoMigration } from "./migration-order.js";
import { migrationFolderDialect } from "./path-dialect.js";

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

/** One input that shapes the schema in order: a SQL file (its text, or read again a piece at a time), or the SQL sites of one code file. */
interface Input {
  file: string;
  migration: boolean;
  sql?: string;
  /** A SQL file too large to hold: its path on disk, read a piece at a time. */
  abs?: string;
  sites?: SqlSite[];
}

/** A SQL file larger than one piece is never held whole: it is read a piece at a time, once for its dialect and once for its statements. */
const READ_IN_PIECES_FROM = PIECE_BYTES;
/** Diagnostics of one kind kept per file; more of them are counted in one last diagnostic (a dump repeats itself). */
const DIAGNOSTICS_PER_KIND = 1000;

export { applyOrder };

/**
 * SQL files (schema, then migrations in their tool's order) and SQL found in code, turned into the final
 * schema (tables, views, foreign keys, partitions) and the reads, writes and joins of each statement, with
 * file:line. SQL sites of code migrations take their place among the SQL migrations; other code comes last.
 * A statement that yields nothing is a diagnostic with its reason, never dropped.
 */
/** MySQL and MariaDB share their SQL: a branch for one is the other's too. */
const family = (d: string) => (d === "mariadb" ? "mysql" : d);

export function scanSql(files: RepoFile[], sites: SqlSite[], dialectOption: Dialect | undefined, options: { judgeEveryFile?: boolean } = {}): SqlScanResult {
  const diagnostics: Diagnostic[] = [];
  const inputs: Input[] = [];
  const signals = { mysql: 0, pg: 0 };
  for (const f of files.filter((x) => x.kind === "sql")) {
    let head = "";
    let input: Input;
    if (sizeOf(f.abs) > READ_IN_PIECES_FROM) {
      const read = readSourceInPieces(f.abs, f.path, (text) => {
        if (!head) head = text.slice(0, 4096);
        if (!dialectOption) dialectSignals(text, signals);
      });
      if (read.diagnostic) diagnostics.push(read.diagnostic);
      if (!read.ok) continue;
      input = { file: f.path, migration: isMigrationPath(f.path, head), abs: f.abs };
    } else {
      const read = readSource(f.abs, f.path, { binaryAsText: options.judgeEveryFile });
      if (read.diagnostic) diagnostics.push(read.diagnostic);
      if (!read.ok) continue;
      head = read.text;
      input = { file: f.path, migration: isMigrationPath(f.path, read.text), sql: read.text };
    }
    if (isUndoMigration(f.path) && isMigrationPath(f.path, head)) {
      diagnostics.push({ file: f.path, line: 1, code: "sql-rollback", severity: "info", message: "a migration that undoes another: not applied to the schema" });
      continue;
    }
    inputs.push(input);
  }
  // SQL written for one database of several (a migration's per-database branch) does not vote.
  // A migration set for one database (`migrations-sqlite/`) does not vote either, and applies only to its own.
  const votes = (i: { file: string }) => migrationFolderDialect(i.file) === null;
  const dialect = dialectOption ?? detectDialect([...inputs.filter((i) => i.sql !== undefined && votes(i)).map((i) => i.sql!), ...sites.filter((s) => !s.dialect && votes(s)).map((s) => s.text)], signals);
  // With a set of its own (`db/migrations-sqlite/`), the database does not run the generic one beside it (`db/migrations/`).
  const ownSets = new Set(inputs.filter((i) => family(migrationFolderDialect(i.file) ?? "") === family(dialect)).map((i) => genericSibling(i.file)).filter((x): x is string => !!x));
  for (let i = 0; i < inputs.length; i++) {
    const set = migrationFolderDialect(inputs[i].file);
    const generic = !set && [...ownSets].some((g) => inputs[i].file.startsWith(g));
    if (!generic && (!set || family(set) === family(dialect))) continue;
    const why = generic ? `a migration of the generic set, while ${dialect} has its own` : `a migration of the set for ${set === "other" ? "another database" : set}, not ${dialect}`;
    diagnostics.push({ file: inputs[i].file, line: 1, code: "sql-other-dialect", severity: "info", message: `${why}; not applied` });
    inputs.splice(i--, 1);
  }
  const sitesByFile = new Map<string, SqlSite[]>();
  for (const site of sites) {
    // The undo half of a TypeScript migration undoes its `up`: it does not shape the final schema.
    if (site.rollback || isRollbackSite(site.file, site.scope)) {
      diagnostics.push({ file: site.file, line: site.line, code: "sql-rollback", severity: "info", message: `"${firstWords(site.text)}": in a migration's down(), not applied to the schema` });
      continue;
    }
    // Only the project's database: a migration's branch (or a migration set's folder) for another one is not its schema.
    const siteDialect = site.dialect ?? migrationFolderDialect(site.file);
    if (siteDialect && family(siteDialect) !== family(dialect)) {
      diagnostics.push({ file: site.file, line: site.line, code: "sql-other-dialect", severity: "info", message: `"${firstWords(site.text)}": written for ${siteDialect === "other" ? "another database" : siteDialect}, not ${dialect}; not applied` });
      continue;
    }
    const list = sitesByFile.get(site.file) ?? [];
    list.push(site);
    sitesByFile.set(site.file, list);
  }
  for (const [file, list] of sitesByFile) inputs.push({ file, migration: isMigrationPath(file), sites: [...list].sort((a, b) => a.line - b.line) });
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  // SQL files first (schema dumps, then migrations), code sites after; code migrations among the migrations.
  const isFile = (i: Input) => i.sites === undefined;
  const plainSql = inputs.filter((i) => isFile(i) && !i.migration).map((i) => i.file).sort(compareStrings);
  const migrations = applyOrder(inputs.filter((i) => i.migration).map((i) => i.file), () => true);
  const plainCode = inputs.filter((i) => i.sites && !i.migration).map((i) => i.file).sort(compareStrings);
  const ordered = [...plainSql, ...migrations, ...plainCode].map((f) => byFile.get(f)!);

  const split = splitOptionsFor(dialect);
  const extractor = new StatementExtractor(dialect);
  const schema = new SchemaState();
  const accesses: AccessFact[] = [];
  const joins: JoinFact[] = [];
  let statements = 0;
  let fallbackStatements = 0;
  const migrationAt = new Set<string>();
  const limit = new DiagnosticLimit(diagnostics);

  const stopped = (file: string, line: number, what: Unterminated) =>
    diagnostics.push({ file, line, code: "sql-unterminated", severity: "warning", message: `${what.what}: reading stopped here; nothing after it is read` });

  /** One statement, read as soon as it is split off: its schema changes applied in order, its reads, writes and joins kept. */
  const read = (s: Located, accessSeen: Set<string> | null, temporaries: Set<string>) => {
    statements++;
    const extracted = extractor.extract(s.text);
    const { parsed, parseError, dynamicTables } = extracted;
    // A temporary table lives for the session that made it (a migration file, one code file's SQL): it is
    // no table of the schema, and what that session reads or writes under its name is not the app's table.
    for (const t of extracted.facts.temporaries) {
      temporaries.add(t);
      limit.push({ file: s.file, line: s.line, code: "sql-temporary-table", severity: "info", message: `"${firstWords(s.text)}": a temporary table, not part of the schema` });
    }
    const facts = temporaries.size ? withoutTemporaries(extracted.facts, temporaries) : extracted.facts;
    // DROP of a temporary table: its name stands for the schema's table again.
    for (const d of extracted.facts.drops) if (!facts.drops.includes(d)) temporaries.delete(d);
    if (!parsed) fallbackStatements++;
    for (const d of dynamicTables) {
      limit.push({
        file: s.file,
        line: s.line + d.lineOffset,
        code: "sql-dynamic-table",
        severity: "warning",
        message: `"${firstWords(s.text)}": table name ${d.text} is computed at run time; not read as a table`,
      });
    }
    if (isEmpty(facts)) {
      // Only a temporary table named (or computed names): nothing of the schema to tell.
      if (dynamicTables.length || !isEmpty(extracted.facts)) return;
      const expected = noTableReason(s.text) ?? facts.understood[0] ?? null;
      limit.push({
        file: s.file,
        line: s.line,
        code: "sql-no-tables",
        severity: expected ? "info" : "warning",
        message: `"${firstWords(s.text)}": ${expected ?? (parseError ? `not understood (${parseError})` : "no table found")}`,
      });
      return;
    }
    const at = { file: s.file, line: s.line };
    schema.apply(facts, at, (to) => s.line + referenceLineOffset(s.text, to));
    for (const a of facts.accesses) {
      // A SQL file's reads and writes of one table are one fact, at its first statement: a dump's million
      // INSERTs say no more than its first.
      if (accessSeen) {
        const key = `${a.mode}\u0000${a.table}`;
        if (accessSeen.has(key)) continue;
        accessSeen.add(key);
      }
      accesses.push({ ...at, ...a, scope: s.scope });
    }
    for (const tables of facts.joins) joins.push({ ...at, tables });
    if (s.migration) migrationAt.add(`${s.file}:${s.line}`);
  };

  for (const input of ordered) {
    const temporaries = new Set<string>();
    if (isFile(input)) {
      const accessSeen = new Set<string>();
      const splitter = new SqlSplitter({ ...split, shortenBulkInserts: true }, (stmt: SqlStatement) =>
        read({ file: input.file, line: stmt.line, text: stmt.text, scope: null, migration: input.migration }, accessSeen, temporaries),
      );
      if (input.sql !== undefined) splitter.push(input.sql);
      else {
        // Read again, a piece at a time: the first reading's diagnostics are already told.
        const again = readSourceInPieces(input.abs!, input.file, (text) => splitter.push(text));
        if (!again.ok && again.diagnostic) diagnostics.push(again.diagnostic);
      }
      const unterminated = splitter.end();
      if (unterminated) stopped(input.file, unterminated.line, unterminated);
      limit.endFile(input.file);
      continue;
    }
    for (const site of input.sites!) {
      // A site's text may hold several statements (`db.runSql("CREATE TABLE a …; CREATE INDEX …")`). The
      // first keeps the site's line (the call's); each next one is as many lines below it as in the text.
      const { statements: list, unterminated } = splitSql(site.text, split);
      const first = list[0]?.line ?? unterminated?.line ?? 1;
      for (const stmt of list) read({ file: site.file, line: site.line + stmt.line - first, text: stmt.text, scope: site.scope, migration: input.migration }, null, temporaries);
      if (unterminated) stopped(site.file, site.line + Math.max(0, unterminated.line - first), unterminated);
    }
    limit.endFile(input.file);
  }
  // A migration that rebuilds a table (SQLite's CREATE temporary_x, INSERT … SELECT, DROP x, RENAME) names
  // tables that are gone from the final schema: those reads and writes are not the app's.
  const transient = (table: string, at: Evidence) => migrationAt.has(`${at.file}:${at.line}`) && schema.isGone(table);
  const kept = { accesses: accesses.filter((a) => !transient(a.table, a)), joins: joins.filter((j) => !j.tables.some((t) => transient(t, j))) };
  return {
    dialect,
    sqlFiles: ordered.filter(isFile).map((i) => i.file),
    statements,
    fallbackStatements,
    ...schema.result(),
    ...kept,
    diagnostics,
  };
}

/** A statement's facts with the session's temporary tables left out: they are not the schema's tables. */
function withoutTemporaries(facts: StatementFacts, temporaries: Set<string>): StatementFacts {
  const keep = (t: string) => !temporaries.has(t);
  return {
    ...facts,
    temporaries: [],
    foreignKeys: facts.foreignKeys.filter((f) => keep(f.from) && keep(f.to)),
    drops: facts.drops.filter(keep),
    accesses: facts.accesses.filter((a) => keep(a.table)),
    joins: facts.joins.filter((j) => j.every(keep)),
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

/** `db/migrations-sqlite/001.sql` → `db/migrations/`: the generic set beside a database's own. */
function genericSibling(file: string): string | null {
  const m = /^(.*?(?:^|\/))(migrations?|migrate)[-_][A-Za-z0-9]+\//i.exec(file);
  return m ? `${m[1]}${m[2]}/` : null;
}

function sizeOf(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}

/**
 * Keeps at most DIAGNOSTICS_PER_KIND statement diagnostics of one code per file; the rest are counted, and
 * told in one diagnostic at the first one left out, when the file is done.
 */
class DiagnosticLimit {
  private readonly kept = new Map<string, number>();
  private readonly over = new Map<string, { first: Diagnostic; more: number }>();

  constructor(private readonly out: Diagnostic[]) {}

  push(d: Diagnostic): void {
    const n = this.kept.get(d.code) ?? 0;
    if (n < DIAGNOSTICS_PER_KIND) {
      this.kept.set(d.code, n + 1);
      this.out.push(d);
      return;
    }
    const o = this.over.get(d.code);
    if (o) o.more++;
    else this.over.set(d.code, { first: d, more: 1 });
  }

  endFile(file: string): void {
    for (const [code, { first, more }] of [...this.over].sort(([a], [b]) => compareStrings(a, b))) {
      this.out.push({
        file,
        line: first.line,
        code,
        severity: first.severity,
        message: `${more} more statement${more === 1 ? "" : "s"} like the ${DIAGNOSTICS_PER_KIND} above from here on (${code}), not listed one by one; the first: ${first.message}`,
      });
    }
    this.kept.clear();
    this.over.clear();
  }
}
