/*
 * A live PostgreSQL, read-only: the catalog (pg_class, pg_constraint, pg_inherits, pg_rewrite's
 * dependencies) and pg_stat_statements (https://www.postgresql.org/docs/current/pgstatstatements.html),
 * the normalised statements this database ran with their call counts. One READ ONLY transaction; nothing is
 * written. `pg` is loaded only here, only when `--database` names a PostgreSQL server.
 */

import type { Diagnostic } from "../facts.js";
import { RuntimeInputError, STRANGLER_MARK, type CatalogInput, type RuntimeInput, type RuntimeStatementInput } from "./input.js";
import { redact, type DatabaseUrl } from "./url.js";
import { CLEARTEXT_REFUSED, loadDriver, messageOf, withDeadline, type DatabaseLimits } from "./driver.js";
import { byKeys, compareStrings } from "../../util/sort.js";

/** Where statements read from the live server say they come from (evidence `file`). */
export const PG_STATISTICS = "pg_stat_statements";


interface Client {
  /** pg's protocol connection: its events come before the client acts on them. */
  connection?: { on(event: string, listener: () => void): unknown; stream?: { destroy(): void } };
  connect(): Promise<unknown>;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
  on(event: "error", listener: (err: Error) => void): unknown;
}

const USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
const name = (schema: string, table: string) => `${schema}.${table}`.toLowerCase();

export async function readPostgres(url: DatabaseUrl, limits: DatabaseLimits): Promise<RuntimeInput> {
  const pg = await loadDriver<{ Client: new (config: object) => Client }>("pg", url.shown);
  const password = url.password || process.env.PGPASSWORD || undefined;
  let cleartextAsked = false;
  const client = new pg.Client({
    host: url.host,
    port: url.port,
    user: url.user || undefined,
    // A function, so the password is given only once the server has said how it wants it: never in
    // cleartext unless the user allowed it (a host a repository names could ask for it so).
    password: () => {
      if (cleartextAsked && !limits.allowCleartext) throw new Error(CLEARTEXT_REFUSED);
      return password ?? "";
    },
    database: url.database,
    application_name: "strangler",
    connectionTimeoutMillis: Math.min(15_000, limits.timeoutMs),
    // Each statement: the server cancels it, and the client stops waiting for one that never answers.
    statement_timeout: Math.min(120_000, limits.timeoutMs),
    query_timeout: Math.min(120_000, limits.timeoutMs),
    ssl: sslOption(url.params.sslmode ?? url.params.ssl),
  });
  client.connection?.on("authenticationCleartextPassword", () => {
    cleartextAsked = true;
  });
  client.on("error", () => undefined);
  const query = client.query.bind(client);
  client.query = <R>(sql: string, params?: unknown[]) => query<R>(`${sql} ${STRANGLER_MARK}`, params);
  const fail = (what: string, err: unknown): never => {
    throw new RuntimeInputError(redact(`${url.shown}: ${what}: ${messageOf(err)}`, [url.password, process.env.PGPASSWORD ?? ""]));
  };
  const abort = () => client.connection?.stream?.destroy();
  try {
    return await withDeadline(limits, url.shown, abort, () => readAll(client, url, limits, fail));
  } catch (err) {
    if (err instanceof RuntimeInputError) throw err;
    return fail("cannot read", err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readAll(client: Client, url: DatabaseUrl, limits: DatabaseLimits, fail: (what: string, err: unknown) => never): Promise<RuntimeInput> {
  try {
    await client.connect();
  } catch (err) {
    fail("cannot connect", err);
  }
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    await client.query(`SET LOCAL statement_timeout = '${Math.min(120_000, limits.timeoutMs)}ms'`);
  } catch (err) {
    fail("cannot start a read-only transaction", err);
  }
  const version = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? 0);
  // Statistics first, so this run's own catalog queries are not among them.
  const stats = await statistics(client, url, version, fail);
  let catalog: CatalogInput;
  try {
    catalog = await readCatalog(client, version);
  } catch (err) {
    return fail("cannot read the catalog", err);
  }
  await client.query("ROLLBACK").catch(() => undefined);
  return { kind: "database", origin: url.shown, dialect: "postgresql", catalog, where: PG_STATISTICS, statements: stats.statements, diagnostics: stats.diagnostics };
}

async function statistics(client: Client, url: DatabaseUrl, version: number, fail: (what: string, err: unknown) => never): Promise<{ statements: RuntimeStatementInput[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string) => diagnostics.push({ file: PG_STATISTICS, code: "runtime-statistics", severity: "warning", message });
  const ext = await client.query<{ schema: string }>("SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'");
  if (!ext.rows.length) {
    throw new RuntimeInputError(
      `${url.shown}: pg_stat_statements is not installed in database ${url.database} (CREATE EXTENSION pg_stat_statements, with shared_preload_libraries = 'pg_stat_statements' on the server), or give an export with --queries`,
    );
  }
  const view = `${quoteIdent(ext.rows[0].schema)}.pg_stat_statements`;
  const time = version >= 130000 ? "total_exec_time" : "total_time";
  let rows: Array<{ id: string | null; query: string | null; calls: number; total_ms: number; rows: number }>;
  try {
    ({ rows } = await client.query(
      `SELECT s.queryid::text AS id, s.query, s.calls::float8 AS calls, s.${time}::float8 AS total_ms, s.rows::float8 AS rows
         FROM ${view} s WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    ));
  } catch (err) {
    const m = messageOf(err);
    if (/shared_preload_libraries/i.test(m)) throw new RuntimeInputError(`${url.shown}: pg_stat_statements is installed but not loaded: the server needs shared_preload_libraries = 'pg_stat_statements' (and a restart)`);
    if (/permission denied/i.test(m)) throw new RuntimeInputError(`${url.shown}: permission denied reading ${view}: grant the user pg_read_all_stats (or use --queries with an export)`);
    return fail("cannot read pg_stat_statements", err);
  }
  // Several roles running one statement are one statement: summed by queryid.
  const byId = new Map<string, RuntimeStatementInput>();
  let hidden = 0;
  for (const r of rows) {
    if (r.query?.includes(STRANGLER_MARK)) continue;
    if (r.query === null || r.query === "<insufficient privilege>") {
      hidden++;
      continue;
    }
    const key = r.id ?? r.query;
    const seen = byId.get(key);
    if (seen) {
      seen.calls += r.calls;
      seen.totalMs = (seen.totalMs ?? 0) + r.total_ms;
      seen.rows = (seen.rows ?? 0) + r.rows;
    } else byId.set(key, { text: r.query, calls: r.calls, totalMs: r.total_ms, rows: r.rows, file: PG_STATISTICS, line: 0, ...(r.id ? { id: r.id } : {}) });
  }
  if (hidden && !byId.size) {
    throw new RuntimeInputError(`${url.shown}: the user may not read other roles' statements in pg_stat_statements (${hidden} hidden): grant it pg_read_all_stats, or use --queries with an export`);
  }
  if (hidden) warn(`${hidden} statements of other roles are hidden from this user (grant pg_read_all_stats): call counts are incomplete`);
  const statements = [...byId.values()].filter((s) => s.calls > 0);
  if (version >= 140000) {
    const info = await client.query<{ recent: boolean; dealloc: number }>(
      `SELECT coalesce(stats_reset > now() - interval '1 day', false) AS recent, dealloc::float8 AS dealloc FROM ${quoteIdent(ext.rows[0].schema)}.pg_stat_statements_info`,
    );
    const i = info.rows[0];
    if (i?.recent && statements.length) warn("pg_stat_statements' statistics start less than a day ago (reset, or the server restarted): call counts cover a short window");
    if (i?.dealloc) warn(`pg_stat_statements evicted statements ${i.dealloc} times (pg_stat_statements.max is too low): rare statements may be missing`);
  }
  return { statements, diagnostics };
}

/** Tables (ordinary, partitioned, foreign), views with the tables they read, foreign keys, partitions. */
async function readCatalog(client: Client, version: number): Promise<CatalogInput> {
  const notExtension = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')";
  const relations = await client.query<{ schema: string; name: string; kind: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND ${USER_SCHEMA} AND ${notExtension}`,
  );
  const tables = relations.rows.filter((r) => r.kind !== "v" && r.kind !== "m").map((r) => name(r.schema, r.name));
  const viewNames = relations.rows.filter((r) => r.kind === "v" || r.kind === "m").map((r) => name(r.schema, r.name));
  const viewReads = await client.query<{ vs: string; v: string; ts: string; t: string }>(
    `SELECT DISTINCT vn.nspname AS vs, v.relname AS v, tn.nspname AS ts, t.relname AS t
       FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE v.relkind IN ('v', 'm') AND t.oid <> v.oid AND t.relkind IN ('r', 'p', 'f', 'v', 'm')`,
  );
  const reads = new Map<string, Set<string>>(viewNames.map((v) => [v, new Set()]));
  for (const r of viewReads.rows) reads.get(name(r.vs, r.v))?.add(name(r.ts, r.t));
  const fks = await client.query<{ fs: string; f: string; ts: string; t: string; con: string }>(
    `SELECT fn.nspname AS fs, f.relname AS f, tn.nspname AS ts, t.relname AS t, c.conname AS con
       FROM pg_constraint c
       JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
       JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE c.contype = 'f'${version >= 110000 ? " AND c.conparentid = 0" : ""}`,
  );
  const inherits = await client.query<{ cs: string; c: string; ps: string; p: string }>(
    `SELECT cn.nspname AS cs, c.relname AS c, pn.nspname AS ps, p.relname AS p
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
       JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE c.relkind IN ('r', 'p', 'f')`,
  );
  return {
    tables: tables.sort(compareStrings),
    views: viewNames.sort(compareStrings).map((v) => ({ name: v, reads: [...reads.get(v)!].sort(compareStrings) })),
    foreignKeys: fks.rows.map((r) => ({ from: name(r.fs, r.f), to: name(r.ts, r.t), constraint: r.con.toLowerCase() })).sort(byKeys((k) => k.from, (k) => k.to, (k) => k.constraint)),
    inherits: inherits.rows.map((r) => ({ child: name(r.cs, r.c), parent: name(r.ps, r.p) })).sort(byKeys((i) => i.child, (i) => i.parent)),
  };
}

/** libpq's sslmode (disable, require, verify-ca, verify-full) or ssl=true, as pg's `ssl` option. */
function sslOption(mode: string | undefined): boolean | { rejectUnauthorized: boolean } | undefined {
  if (mode === undefined || mode === "disable" || mode === "false") return undefined;
  if (mode === "verify-full" || mode === "verify-ca") return { rejectUnauthorized: true };
  return { rejectUnauthorized: false };
}

function quoteIdent(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}
