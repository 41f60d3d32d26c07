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
  /** How each code unit was formed (folder, file, or files of several layers naming one domain noun). */
  units: import("./roles.js").UnitInfo[];
  /** Every code file the scan could read → its unit (also those left unread by --changed-since). */
  unitOfFile: Record<string, string>;
  sqlFiles: string[];
  imports: ImportFact[];
  sqlSites: SqlSite[];
  /** The final schema after every SQL file (migrations last, in name order) is applied. */
  tables: TableFact[];
  views: ViewFact[];
  foreignKeys: ForeignKeyFact[];
  inherits: InheritFact[];
  accesses: AccessFact[];
  joins: JoinFact[];
  /** Git churn and co-change per unit; null when there is no git history. */
  history: import("./git/history.js").History | null;
  diagnostics: Diagnostic[];
}
