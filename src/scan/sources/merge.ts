import type { SqlScanResult } from "../sql/index.js";
import type { OrmFacts } from "./resolve.js";

/**
 * One schema from SQL and ORM sources: a table declared twice (a migration and an entity, names
 * normalised) is one table, kept at its first declaration; a foreign key both declare is kept once (the
 * SQL one, which has the constraint name). Reads, writes and joins of both are kept.
 */
export function mergeSchema(sql: SqlScanResult, orm: OrmFacts): SqlScanResult {
  const tables = new Set(sql.tables.map((t) => t.name));
  const keys = new Set(sql.foreignKeys.map((f) => `${f.from}>${f.to}`));
  return {
    ...sql,
    tables: [...sql.tables, ...orm.tables.filter((t) => !tables.has(t.name) && (tables.add(t.name), true))],
    foreignKeys: [...sql.foreignKeys, ...orm.foreignKeys.filter((f) => !keys.has(`${f.from}>${f.to}`) && (keys.add(`${f.from}>${f.to}`), true))],
    accesses: [...sql.accesses, ...orm.accesses],
    joins: [...sql.joins, ...orm.joins],
  };
}
