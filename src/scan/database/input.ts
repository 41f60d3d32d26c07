/**
 * What a live database or an export of its statistics gives, before any of it is read as SQL: the catalog
 * (tables, foreign keys, views, partitions) and the normalised statements with their call counts. Plain
 * data, so the asynchronous reading (network, files) stays apart from the synchronous scan.
 */

import type { Diagnostic } from "../facts.js";

/** The database family the statements are written in (MariaDB reads as MySQL). */
export type RuntimeDialect = "postgresql" | "mysql" | "mariadb";

export interface RuntimeStatementInput {
  /** The normalised statement as the database keeps it (`$1`, `?` for constants). */
  text: string;
  /** Times it ran. */
  calls: number;
  /** Total execution time in milliseconds, when known. */
  totalMs?: number;
  /** Rows returned or affected, when known. */
  rows?: number;
  /** Where it was read: the queries file and the line its row starts on; or the statistics view and the row number. */
  file: string;
  line: number;
  /** The database's own id of the normalised statement (pg_stat_statements.queryid, MySQL's DIGEST). */
  id?: string;
  /** MySQL: the database the statement ran in (SCHEMA_NAME); its tables are the scan's `default` schema. */
  schema?: string;
}

export interface CatalogInput {
  /** Ordinary and partitioned tables, normalised `schema.name`. */
  tables: string[];
  views: Array<{ name: string; reads: string[] }>;
  foreignKeys: Array<{ from: string; to: string; constraint: string }>;
  /** Partitions (and INHERITS children) and their parent. */
  inherits: Array<{ child: string; parent: string }>;
}

export interface RuntimeInput {
  /** `database`: read from a live server; `file`: read from an export of its statistics. */
  kind: "database" | "file";
  /** What was read, for people: the URL without its password, or the file's name. */
  origin: string;
  dialect: RuntimeDialect;
  /** MySQL: the connected database, whose tables are the scan's `default` schema. */
  database?: string;
  /** Null when only statistics were read (a queries file). */
  catalog: CatalogInput | null;
  /** Where the statements were read, as evidence names it: the statistics view, or the export's file. */
  where: string;
  statements: RuntimeStatementInput[];
  /** Warnings about the statistics (empty, reset recently, evicted entries) and anything skipped. */
  diagnostics: Diagnostic[];
}

/** Ends every statement strangler sends to a database, so its own reading never counts as the application's. */
export const STRANGLER_MARK = "/* strangler */";

/** A problem reaching or reading the database or the queries file: one line for the user, exit 2. */
export class RuntimeInputError extends Error {}
