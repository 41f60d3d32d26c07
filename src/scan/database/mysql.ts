/*
 * A live MySQL or MariaDB, read-only: information_schema (tables, views and their definitions, referential
 * constraints) and performance_schema.events_statements_summary_by_digest
 * (https://dev.mysql.com/doc/refman/8.4/en/performance-schema-statement-digests.html), the normalised
 * statements run against this database with their call counts. One READ ONLY transaction; nothing is
 * written. `mysql2` is loaded only here, only when `--database` names a MySQL or MariaDB server.
 */

import type { Diagnostic } from "../facts.js";
import { RuntimeInputError, type CatalogInput, type RuntimeInput, type RuntimeStatementInput } from "./input.js";
import { redact, type DatabaseUrl } from "./url.js";
import { CLEARTEXT_REFUSED, loadDriver, messageOf, withDeadline, type DatabaseLimits } from "./driver.js";
import { requalify } from "./names.js";
import { byKeys, compareStrings } from "../../util/sort.js";
import { StatementExtractor } from "../sql/extract.js";

/** Where statements read from the live server say they come from (evidence `file`). */
export const MYSQL_STATISTICS = "performance_schema.events_statements_summary_by_digest";

interface Connection {
  query<R>(sql: string, params?: unknown[]): Promise<[R[], unknown]>;
  end(): Promise<void>;
  destroy(): void;
  on(event: "error", listener: (err: Error) => void): unknown;
}

export async function readMysql(url: DatabaseUrl, limits: DatabaseLimits): Promise<RuntimeInput> {
  const mysql = await loadDriver<{ createConnection(config: object): Promise<Connection> }>("mysql2/promise", url.shown);
  const secrets = [url.password, process.env.MYSQL_PWD ?? ""];
  const fail = (what: string, err: unknown): never => {
    const m = messageOf(err);
    throw new RuntimeInputError(redact(`${url.shown}: ${what}: ${/mysql_clear_password/.test(m) ? CLEARTEXT_REFUSED : m}`, secrets));
  };
  let conn: Connection | undefined;
  let closed = false;
  const abort = () => {
    closed = true;
    conn?.destroy();
  };
  try {
    return await withDeadline(limits, url.shown, abort, async () => {
      try {
        conn = await mysql.createConnection({
          host: url.host,
          port: url.port,
          user: url.user || undefined,
          password: url.password || process.env.MYSQL_PWD || undefined,
          database: url.database,
          connectTimeout: Math.min(15_000, limits.timeoutMs),
          // mysql2 refuses mysql_clear_password unless told; the user says so with --allow-cleartext-password.
          enableCleartextPlugin: limits.allowCleartext,
          ...(url.params.ssl === "true" || url.params["ssl-mode"]?.toLowerCase() === "required" ? { ssl: { rejectUnauthorized: false } } : {}),
        });
      } catch (err) {
        fail("cannot connect", err);
      }
      if (closed) conn!.destroy();
      return readAll(conn!, url, limits, fail);
    });
  } catch (err) {
    if (err instanceof RuntimeInputError) throw err;
    return fail("cannot read", err);
  } finally {
    await conn?.end().catch(() => undefined);
  }
}

async function readAll(c: Connection, url: DatabaseUrl, limits: DatabaseLimits, fail: (what: string, err: unknown) => never): Promise<RuntimeInput> {
  c.on("error", () => undefined);
  // Each statement is cut off by the server too (MySQL: SELECTs, in ms; MariaDB: any, in seconds).
  await c.query(`SET SESSION max_execution_time = ${Math.min(120_000, limits.timeoutMs)}`).catch(() => undefined);
  await c.query(`SET SESSION max_statement_time = ${Math.min(120, limits.timeoutMs / 1000)}`).catch(() => undefined);
  try {
    await c.query("START TRANSACTION READ ONLY");
  } catch (err) {
    fail("cannot start a read-only transaction", err);
  }
  const [[server]] = await c.query<{ version: string; ps: number; db: string }>("SELECT VERSION() AS version, @@performance_schema AS ps, DATABASE() AS db");
  const dialect = /mariadb/i.test(server.version) ? "mariadb" : url.dialect === "mariadb" ? "mariadb" : "mysql";
  const stats = await statistics(c, url, !!Number(server.ps), fail);
  let catalog: CatalogInput;
  try {
    catalog = await readCatalog(c, server.db, dialect);
  } catch (err) {
    return fail("cannot read information_schema", err);
  }
  await c.query("ROLLBACK").catch(() => undefined);
  return { kind: "database", origin: url.shown, dialect, database: server.db, catalog, where: MYSQL_STATISTICS, statements: stats.statements, diagnostics: stats.diagnostics };
}

async function statistics(c: Connection, url: DatabaseUrl, on: boolean, fail: (what: string, err: unknown) => never): Promise<{ statements: RuntimeStatementInput[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string) => diagnostics.push({ file: MYSQL_STATISTICS, code: "runtime-statistics", severity: "warning", message });
  if (!on) throw new RuntimeInputError(`${url.shown}: performance_schema is off: start the server with performance_schema=ON, or give an export with --queries`);
  type Row = { id: string | null; text: string | null; calls: number | string; wait: number | string; sent: number | string; affected: number | string; recent: number };
  let rows: Row[];
  try {
    const [consumers] = await c.query<{ enabled: string }>("SELECT ENABLED AS enabled FROM performance_schema.setup_consumers WHERE NAME = 'statements_digest'");
    if (consumers[0]?.enabled === "NO") throw new RuntimeInputError(`${url.shown}: performance_schema's statements_digest consumer is off: enable it (performance-schema-consumer-statements-digest=ON), or give an export with --queries`);
    [rows] = await c.query<Row>(
      `SELECT DIGEST AS id, DIGEST_TEXT AS text, COUNT_STAR AS calls, SUM_TIMER_WAIT AS wait, SUM_ROWS_SENT AS sent, SUM_ROWS_AFFECTED AS affected,
              FIRST_SEEN > NOW() - INTERVAL 1 DAY AS recent
         FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = DATABASE() OR DIGEST IS NULL`,
    );
  } catch (err) {
    if (err instanceof RuntimeInputError) throw err;
    const m = messageOf(err);
    if (/denied/i.test(m)) throw new RuntimeInputError(redact(`${url.shown}: the user may not read performance_schema (${m}): GRANT SELECT ON performance_schema.* TO it, or use --queries with an export`, [url.password]));
    return fail("cannot read the statement digests", err);
  }
  const statements: RuntimeStatementInput[] = [];
  let lost = 0;
  let recent = false;
  for (const r of rows) {
    const calls = Number(r.calls);
    if (r.id === null || r.text === null) {
      lost += calls;
      continue;
    }
    if (calls <= 0) continue;
    recent ||= !!Number(r.recent);
    statements.push({ text: r.text, calls, totalMs: Number(r.wait) / 1e9, rows: Number(r.sent) + Number(r.affected), file: MYSQL_STATISTICS, line: 0, id: r.id });
  }
  if (statements.length && recent) warn("some statement digests were first seen less than a day ago (statistics reset or server restarted): call counts cover a short window");
  if (lost) warn(`${lost} calls were not summarised because the digest table is full (performance_schema_digests_size): counts are incomplete`);
  return { statements, diagnostics };
}

async function readCatalog(c: Connection, db: string, dialect: "mysql" | "mariadb"): Promise<CatalogInput> {
  const name = (schema: string, table: string) => `${schema.toLowerCase() === db.toLowerCase() ? "default" : schema.toLowerCase()}.${table.toLowerCase()}`;
  const [tables] = await c.query<{ name: string; type: string }>("SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
  const [views] = await c.query<{ name: string; definition: string }>("SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()");
  const [fks] = await c.query<{ t: string; rs: string; rt: string; con: string }>(
    `SELECT TABLE_NAME AS t, UNIQUE_CONSTRAINT_SCHEMA AS rs, REFERENCED_TABLE_NAME AS rt, CONSTRAINT_NAME AS con
       FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
  );
  // A view's definition is SQL: read by the same reader as any query.
  const extractor = new StatementExtractor(dialect);
  const viewOf = (v: { name: string; definition: string }) => ({
    name: name(db, v.name),
    reads: [...new Set(extractor.extract(v.definition ?? "").facts.accesses.map((a) => a.table).map((t) => requalify(t, db)))].sort(compareStrings),
  });
  return {
    tables: tables.filter((t) => t.type !== "VIEW").map((t) => name(db, t.name)).sort(compareStrings),
    views: views.map(viewOf).sort(byKeys((v) => v.name)),
    foreignKeys: fks.map((k) => ({ from: name(db, k.t), to: name(k.rs, k.rt), constraint: k.con.toLowerCase() })).sort(byKeys((k) => k.from, (k) => k.to, (k) => k.constraint)),
    inherits: [],
  };
}
