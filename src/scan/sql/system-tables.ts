/*
 * Catalogs a database keeps about itself: queried by health checks, migrations and admin code, never part
 * of the domain. PostgreSQL (https://www.postgresql.org/docs/current/catalogs.html): the pg_catalog and
 * information_schema schemas, and the pg_* relations (pg_database, pg_tables, pg_stat_activity …) a query
 * names without a schema; MySQL/MariaDB (https://dev.mysql.com/doc/refman/8.4/en/system-schema.html):
 * mysql, information_schema, performance_schema, sys; SQLite
 * (https://www.sqlite.org/schematab.html): sqlite_master, sqlite_schema, sqlite_sequence, sqlite_stat*.
 */

const SYSTEM_SCHEMAS = new Set(["pg_catalog", "information_schema", "pg_toast", "mysql", "performance_schema", "sys"]);
const SQLITE_TABLES = /^(sqlite_master|sqlite_schema|sqlite_temp_master|sqlite_temp_schema|sqlite_sequence|sqlite_stat\d)$/;

/** True for a normalised `schema.name` that is a database catalog rather than a table of the application. */
export function isSystemTable(table: string): boolean {
  const dot = table.indexOf(".");
  const schema = dot < 0 ? "" : table.slice(0, dot);
  const name = table.slice(dot + 1);
  if (SYSTEM_SCHEMAS.has(schema) || schema.startsWith("pg_temp")) return true;
  if (/^pg_[a-z0-9_]+$/.test(name)) return true;
  if (SQLITE_TABLES.test(name)) return true;
  // MySQL's dummy table for SELECT … FROM DUAL
  return name === "dual" && (schema === "default" || schema === "");
}
