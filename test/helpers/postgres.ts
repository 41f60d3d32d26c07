import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/*
 * A real PostgreSQL server for the tests: Debian's `postgresql` package (.ci/run installs it), started in a
 * temporary folder on a loopback port with initdb + pg_ctl, stopped and removed after. Nothing is mocked:
 * migrations are applied by psql, and what the database holds is read from its own catalog.
 * When no server can be started the caller's test fails with the reason; it never skips.
 * `start({ statStatements: true })` loads pg_stat_statements (shared_preload_libraries, as production
 * servers are set up for it); each database that wants it still runs CREATE EXTENSION.
 */

export interface StartOptions {
  /** Load pg_stat_statements at server start (Debian's postgresql package ships the module). */
  statStatements?: boolean;
}

export interface Catalog {
  /** `schema.table`, lower-cased, sorted (ordinary and partitioned tables). */
  tables: string[];
  views: string[];
  /** `from -> to (constraint)`, lower-cased, sorted. */
  foreignKeys: string[];
}

/** The folder holding initdb, pg_ctl and psql: $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin/initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error("PostgreSQL server binaries not found (no /usr/lib/postgresql/<version>/bin/initdb, PG_BIN unset): install Debian's postgresql package (.ci/run does)");
  return path.join(base, versions[0], "bin");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export class PostgresServer {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    private readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** initdb + pg_ctl start on 127.0.0.1:<free port>; throws with the server's log when it cannot start. */
  static async start(options: StartOptions = {}): Promise<PostgresServer> {
    const bin = binDir();
    // initdb refuses to run as root: then the server runs as Debian's `postgres` user, in a folder under
    // /tmp that user can reach whatever TMPDIR says.
    const asPostgres = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(asPostgres ? "/tmp" : os.tmpdir(), "strangler-pg-"));
    if (asPostgres) {
      fs.chmodSync(dir, 0o777);
      execFileSync("chown", ["postgres:postgres", dir]);
    }
    const server = new PostgresServer(bin, dir, await freePort(), asPostgres);
    try {
      server.run("initdb", ["-D", server.data, "-U", "strangler", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
      server.run("pg_ctl", [
        "-D", server.data, "-l", server.log, "-w", "-t", "60",
        "-o", `-c listen_addresses=127.0.0.1 -p ${server.port} -k ${dir} -c fsync=off -c full_page_writes=off${options.statStatements ? " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" : ""}`,
        "start",
      ]);
    } catch (err) {
      const log = fs.existsSync(server.log) ? fs.readFileSync(server.log, "utf8") : "";
      server.remove();
      throw new Error(`PostgreSQL could not start: ${(err as Error).message}\n${log}`);
    }
    return server;
  }

  private get data(): string {
    return path.join(this.dir, "data");
  }

  private get log(): string {
    return path.join(this.dir, "server.log");
  }

  private run(tool: string, args: string[], input?: string): string {
    const exe = path.join(this.bin, tool);
    const [command, argv] = this.asPostgres ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
    const r = spawnSync(command, argv, { encoding: "utf8", input, cwd: this.dir, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message || ""}`);
    return r.stdout;
  }

  /** Runs SQL in a database; stops at the first error (which is thrown, with psql's message). */
  psql(database: string, sql: string): string {
    return this.run("psql", ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(this.port), "-U", "strangler", "-d", database], sql);
  }

  /** How a client library connects to a database of this server (trust authentication on loopback). */
  connection(database: string): { host: string; port: number; user: string; password: string; database: string } {
    return { host: "127.0.0.1", port: this.port, user: "strangler", password: "", database };
  }

  /** `postgresql://strangler@127.0.0.1:<port>/<database>`, for `strangler scan --database`. */
  url(database: string, password = ""): string {
    return `postgresql://strangler${password ? `:${encodeURIComponent(password)}` : ""}@127.0.0.1:${this.port}/${database}`;
  }

  /** Runs SQL as a role other than the superuser (psql's -U), for privilege tests. */
  psqlAs(role: string, database: string, sql: string): string {
    return this.run("psql", ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(this.port), "-U", role, "-d", database], sql);
  }

  /**
   * A login role that must give its password over TCP (scram-sha-256, or `password`: in cleartext; every other role stays trusted):
   * pg_hba.conf gets a first line for it and the server reloads; returns once the server asks for it.
   */
  addPasswordRole(role: string, password: string, method: "scram-sha-256" | "password" = "scram-sha-256"): void {
    this.psql("postgres", `CREATE ROLE "${role}" LOGIN SUPERUSER PASSWORD '${password.replace(/'/g, "''")}';`);
    const hba = path.join(this.data, "pg_hba.conf");
    fs.writeFileSync(hba, `host all ${role} 127.0.0.1/32 ${method}\n${fs.readFileSync(hba, "utf8")}`);
    this.run("pg_ctl", ["-D", this.data, "reload"]);
    for (let i = 0; i < 100; i++) {
      const r = spawnSync(path.join(this.bin, "psql"), ["-X", "-w", "-h", "127.0.0.1", "-p", String(this.port), "-U", role, "-d", "postgres", "-c", "SELECT 1"], { encoding: "utf8", env: { ...process.env, PGPASSWORD: "" } });
      if (r.status !== 0 && /password/i.test(r.stderr)) return;
      execFileSync("sleep", ["0.1"]);
    }
    throw new Error(`the server did not start asking ${role} for a password`);
  }

  /** A new empty database. */
  createDatabase(name: string): void {
    this.psql("postgres", `CREATE DATABASE "${name}";`);
  }

  /** Applies SQL files in the order given, each in one psql run. */
  apply(database: string, files: string[]): void {
    for (const f of files) {
      try {
        this.psql(database, fs.readFileSync(f, "utf8"));
      } catch (err) {
        throw new Error(`applying ${f}: ${(err as Error).message}`);
      }
    }
  }

  /** Tables, views and foreign keys of a database, read from information_schema and pg_constraint. */
  catalog(database: string): Catalog {
    const rows = (sql: string) => this.psql(database, sql).split("\n").map((l) => l.trim().toLowerCase()).filter(Boolean).sort();
    const userSchemas = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
    return {
      tables: rows(`SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema ${userSchemas};`),
      views: rows(`SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND table_schema ${userSchemas};`),
      foreignKeys: rows(`
        SELECT fn.nspname || '.' || f.relname || ' -> ' || tn.nspname || '.' || t.relname || ' (' || c.conname || ')'
        FROM pg_constraint c
        JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
        JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE c.contype = 'f' AND c.conparentid = 0;`),
    };
  }

  stop(): void {
    try {
      this.run("pg_ctl", ["-D", this.data, "-m", "immediate", "-w", "stop"]);
    } finally {
      this.remove();
    }
  }

  private remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * One server for a test file, started before its tests and stopped after: `const server = sharedServer(beforeAll,
 * afterAll)`, then `await server()` in a test. A server that cannot start fails each test with its reason.
 */
export function sharedServer(beforeAll: (fn: () => void) => void, afterAll: (fn: () => Promise<void>) => void, options: StartOptions = {}): () => Promise<PostgresServer> {
  let started: Promise<PostgresServer>;
  beforeAll(() => {
    started = PostgresServer.start(options);
    started.catch(() => undefined);
  });
  afterAll(async () => (await started.catch(() => null))?.stop());
  return () => started;
}
