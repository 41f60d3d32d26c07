/**
 * The plain data every scanner produces and every later stage reads.
 * Paths are repo-relative with forward slashes; lines are 1-based.
 */

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  file: string;
  line?: number;
  /** Stable id of the problem kind, e.g. `syntax-error`, `binary-file`. */
  code: string;
  severity: Severity;
  message: string;
}

export interface Evidence {
  file: string;
  line: number;
  /** For co-change: the commit that changed both units (file is then one file it changed, line 0). */
  commit?: string;
  /**
   * `runtime`: seen only by the live database or its statistics, not in the repo's text. `file:line` is then
   * the code that sends the statement when known, else the statistics (the queries file and its row, or the
   * statistics view and the statement's place in `runtime.statements`), or `database` for the catalog.
   * Absent: read from the repo (static).
   */
  source?: "runtime";
  /** Runtime evidence: the statement as the database reports it (truncated), or the catalog entry. */
  statement?: string;
  /** Times the database ran the statement: on runtime evidence, and on a static line the database ran. */
  calls?: number;
}

export interface CodeFile {
  path: string;
  /** Code unit the file belongs to (see src/scan/code/units.ts). */
  unit: string;
  loc: number;
}

export interface ImportFact {
  /** Importing file. */
  from: string;
  /** File that defines what is imported (after following barrels). */
  to: string;
  line: number;
  /** 1-based column of the import statement (or call), in UTF-16 code units; absent where not known. */
  column?: number;
  specifier: string;
  typeOnly: boolean;
  /** Barrel files passed through on the way to `to`, in order. */
  via?: string[];
}

export interface SqlSite {
  file: string;
  line: number;
  /** The call or tag that received the SQL: `query`, `tx.query`, `sql` … */
  callee: string;
  /** SQL text with `${…}` holes replaced by placeholders. */
  text: string;
  /** Enclosing function (`file#name:line`), or null at module level. */
  scope: string | null;
  /** Inside a migration's `down()`, however deeply nested (a callback of it): not the final schema. */
  rollback?: boolean;
  /** Written for one database (a `postgresUpQueryRunner` method, a `case DatabaseTypeEnum.sqlite:` branch). */
  dialect?: import("./code/dialect-branch.js").BranchDialect;
}

/** `uses`: an entity or repository referenced with no verb that says whether it reads or writes. */
export type AccessMode = "read" | "write" | "uses";

export interface TableFact extends Evidence {
  /** Normalised `schema.name`. */
  name: string;
}

export interface ForeignKeyFact extends Evidence {
  from: string;
  to: string;
  /** Constraint name, when the DDL gives one. */
  constraint?: string;
}

/** A view and the tables its definition reads. */
export interface ViewFact extends Evidence {
  name: string;
  reads: string[];
}

/** A partition (PARTITION OF, ATTACH PARTITION) or an INHERITS child, and its parent table. */
export interface InheritFact extends Evidence {
  child: string;
  parent: string;
}

export interface AccessFact extends Evidence {
  table: string;
  mode: AccessMode;
  scope: string | null;
  /** A `uses` where the module declares the table's entity or model (not a call). */
  declares?: boolean;
}

export interface JoinFact extends Evidence {
  /** Two distinct tables, sorted. */
  tables: [string, string];
}

export interface Facts {
  files: CodeFile[];
  /** How each code unit was formed (folder, file, files of several layers naming one domain noun, or a feature folder holding layer folders). */
  units: import("./roles.js").UnitInfo[];
  /** Every code file the scan could read → its unit (also those left unread by --changed-since). */
  unitOfFile: Record<string, string>;
  /** A client's requests (fetch, http.get …) and the backend units answering to their paths. */
  clientCalls: import("./client-calls.js").ClientCall[];
  sqlFiles: string[];
  imports: ImportFact[];
  sqlSites: SqlSite[];
  /** The final schema after every SQL file (migrations last, in name order) is applied. */
  tables: TableFact[];
  /** Columns each table declares, where it is declared (src/scan/columns.ts): evidence of money, secrets, stock. */
  columns?: Record<string, import("./columns.js").ColumnFact[]>;
  views: ViewFact[];
  foreignKeys: ForeignKeyFact[];
  inherits: InheritFact[];
  accesses: AccessFact[];
  joins: JoinFact[];
  /** Git churn and co-change per unit; null when there is no git history. */
  history: import("./git/history.js").History | null;
  /** What the live database (`--database`) or an export of its statistics (`--queries`) showed; absent without either. */
  runtime?: RuntimeFacts;
  diagnostics: Diagnostic[];
}

/** One normalised statement the database ran, read as SQL. */
export interface RuntimeStatement {
  /** As the database reports it (constants as `$n` or `?`), truncated to STATEMENT_CHARS. */
  text: string;
  calls: number;
  totalMs?: number;
  rows?: number;
  /** The queries file and the line its row starts on; or the statistics view and this statement's place (1-based) in the list. */
  file: string;
  line: number;
  /** pg_stat_statements' queryid, MySQL's DIGEST. */
  id?: string;
  accesses: Array<{ table: string; mode: AccessMode }>;
  /** Sorted distinct pairs of tables the statement reads together. */
  joins: Array<[string, string]>;
  /** SQL sites in the code with the same statement (values left out): the code that sends it. */
  sites: Array<{ file: string; line: number }>;
  /** False when it reads or writes no application table (BEGIN, SET, catalog queries, DDL): not traffic. */
  application: boolean;
}

/** Calls of the statements that read or write one table. */
export interface RuntimeTable {
  name: string;
  /** Calls of the statements that read or write it (a statement that does both counts once). */
  calls: number;
  readCalls: number;
  writeCalls: number;
  statements: number;
}

export interface RuntimeFacts {
  kind: "database" | "file";
  /** The URL without its password, or the queries file as shown. */
  origin: string;
  dialect: "postgresql" | "mysql" | "mariadb";
  /** The live database's catalog; null for a queries file. */
  catalog: {
    tables: string[];
    views: Array<{ name: string; reads: string[] }>;
    foreignKeys: Array<{ from: string; to: string; constraint: string }>;
    inherits: Array<{ child: string; parent: string }>;
  } | null;
  /** Sorted by calls (most first), then text. */
  statements: RuntimeStatement[];
  /** Application tables the statements read or write, sorted by calls (most first), then name. */
  tables: RuntimeTable[];
  /** Calls of application statements (those that read or write a table). */
  calls: number;
  /** Tables the database shows in use that no code reads or writes; tables the repo declares or its code uses that the database lacks. */
  findings: { runtimeOnlyTables: string[]; codeOnlyTables: string[] };
}
