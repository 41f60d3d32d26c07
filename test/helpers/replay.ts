import pg from "pg";
import type { SqlSite } from "../../src/scan/facts.js";
import { splitStatements } from "../../src/scan/sql/split.js";

/*
 * Replays the SQL a scan found in a repo's code against a real PostgreSQL, the way the application would
 * send it (node-postgres, parameters bound), so pg_stat_statements records it. Values come from the
 * server's own inference of each parameter's type (PREPARE in a probe database with the same schema, so
 * the probing never shows in the replayed database's statistics). Each run is rolled back, so an INSERT
 * can run again; foreign keys are not checked (session_replication_role = replica) so one placeholder row
 * id fits every table.
 */

export interface ReplayStatement {
  file: string;
  line: number;
  /** As the code holds it; `${…}` holes become extra parameters. */
  text: string;
  times: number;
}

export interface Connection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** A value of each type the fixtures' parameters take, as text (the server casts it). */
const VALUES: Record<string, string> = {
  smallint: "1",
  integer: "1",
  bigint: "1",
  numeric: "1",
  real: "1",
  "double precision": "1",
  text: "x",
  "character varying": "x",
  character: "x",
  citext: "x",
  uuid: "00000000-0000-0000-0000-000000000001",
  boolean: "true",
  "timestamp with time zone": "2024-01-01 00:00:00+00",
  "timestamp without time zone": "2024-01-01 00:00:00",
  date: "2024-01-01",
  interval: "1 hour",
  json: "{}",
  jsonb: "{}",
  unknown: "x",
};

const valueOf = (type: string): string => (type.endsWith("[]") ? `{${valueOf(type.slice(0, -2))}}` : (VALUES[type] ?? "1"));

/** Every statement of every SQL site, at its line. */
export function statementsOf(sites: SqlSite[], times: (site: SqlSite, index: number) => number): ReplayStatement[] {
  return sites.flatMap((site, i) => splitStatements(site.text).map((st, k) => ({ file: site.file, line: site.line + k, text: st.text, times: times(site, i) })));
}

/** Runs each statement its number of times; statements the server rejects are returned with its reason. */
export async function replay(target: Connection, probe: Connection, list: ReplayStatement[]): Promise<Array<{ file: string; line: number; message: string }>> {
  const db = new pg.Client(target);
  const types = new pg.Client(probe);
  await db.connect();
  await types.connect();
  const rejected: Array<{ file: string; line: number; message: string }> = [];
  try {
    await db.query("SET session_replication_role = replica");
    for (const [i, s] of list.entries()) {
      let n = Math.max(0, ...[...s.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const text = s.text.replace(/\$\{…\}/g, () => `$${++n}`);
      try {
        await types.query(`PREPARE probe${i} AS ${text}`);
        const row = (await types.query<{ t: string[] }>(`SELECT parameter_types::text[] AS t FROM pg_prepared_statements WHERE name = 'probe${i}'`)).rows[0];
        await types.query(`DEALLOCATE probe${i}`);
        const params = row.t.map(valueOf);
        for (let k = 0; k < s.times; k++) {
          await db.query("BEGIN");
          try {
            await db.query(text, params);
          } finally {
            await db.query("ROLLBACK");
          }
        }
      } catch (err) {
        rejected.push({ file: s.file, line: s.line, message: (err as Error).message });
      }
    }
  } finally {
    await db.end();
    await types.end();
  }
  return rejected;
}

/** Drops every CHECK constraint of a database, so placeholder values fit any column. */
export const DROP_CHECKS = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
  END LOOP; END $$;`;

/**
 * The same for MySQL/MariaDB, the way mysql2's `query` sends it (values written into the text, which the
 * digest turns back into `?`): every `?` is 1, strict mode and foreign key checks off, each run rolled back.
 */
export async function replayMysql(target: Connection, list: ReplayStatement[]): Promise<Array<{ file: string; line: number; message: string }>> {
  const mysql = (await import("mysql2/promise")).default;
  const db = await mysql.createConnection(target);
  const rejected: Array<{ file: string; line: number; message: string }> = [];
  try {
    await db.query("SET SESSION sql_mode = '', FOREIGN_KEY_CHECKS = 0");
    for (const s of list) {
      const params = [...s.text.matchAll(/\?/g)].map(() => 1);
      try {
        for (let k = 0; k < s.times; k++) {
          await db.query("BEGIN");
          try {
            await db.query(s.text, params);
          } finally {
            await db.query("ROLLBACK");
          }
        }
      } catch (err) {
        rejected.push({ file: s.file, line: s.line, message: (err as Error).message });
      }
    }
  } finally {
    await db.end();
  }
  return rejected;
}
