import type { SqlScanResult } from "../sql/index.js";
import type { OrmFacts } from "./resolve.js";

/**
 * One schema from SQL and ORM sources: a table declared twice (a migration and an entity, names
 * normalised) is one table, kept at its first declaration; a foreign key both declare is kept once (the
 * SQL one, which has the constraint name). Reads, writes and joins of both are kept, except SQL and query
 * builders in a file reading a name a query builder of that file defines for itself (`.with("ranked", …)` and
 * `raw("select … from ranked")`) when no table has that name.
 */
export function mergeSchema(sql: SqlScanResult, orm: OrmFacts): SqlScanResult {
  const tables = new Set(sql.tables.map((t) => t.name));
  const keys = new Set(sql.foreignKeys.map((f) => `${f.from}>${f.to}`));
  const merged = [...sql.tables, ...orm.tables.filter((t) => !tables.has(t.name) && (tables.add(t.name), true))];
  const declared = new Set(merged.map((t) => t.name));
  const queryName = (file: string, table: string) => !declared.has(table) && !!orm.queryNames.get(file)?.has(table.slice(table.indexOf(".") + 1));
  return {
    ...sql,
    tables: merged,
    foreignKeys: [...sql.foreignKeys, ...orm.foreignKeys.filter((f) => !keys.has(`${f.from}>${f.to}`) && (keys.add(`${f.from}>${f.to}`), true))],
    accesses: [...sql.accesses, ...orm.accesses].filter((a) => !queryName(a.file, a.table)),
    joins: [...sql.joins, ...orm.joins].filter((j) => !j.tables.some((t) => queryName(j.file, t))),
  };
}
