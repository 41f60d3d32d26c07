import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./postgres.js";

/*
 * A real MariaDB server for the tests: Debian's `mariadb-server` package (.ci/run installs it), set up with
 * mariadb-install-db in a temporary folder and started on a loopback port with performance_schema on (the
 * statement digests strangler reads), stopped and removed after. As root it runs as Debian's `mysql` user.
 * When no server can start the caller's test fails with the reason; it never skips.
 */

function find(names: string[], dirs: string[]): string | null {
  for (const d of dirs) for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
  return null;
}

/** Server, setup and client programs: $MARIADB_BIN first, then /usr/sbin and /usr/bin. */
function programs(): { server: string; install: string; client: string; admin: string } {
  const dirs = [...(process.env.MARIADB_BIN ? [process.env.MARIADB_BIN] : []), "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"];
  const server = find(["mariadbd", "mysqld"], dirs);
  const install = find(["mariadb-install-db", "mysql_install_db"], dirs);
  const client = find(["mariadb", "mysql"], dirs);
  const admin = find(["mariadb-admin", "mysqladmin"], dirs);
  if (!server || !install || !client || !admin) throw new Error("MariaDB server programs not found (mariadbd, mariadb-install-db, mariadb, mariadb-admin; MARIADB_BIN unset): install Debian's mariadb-server package (.ci/run does)");
  return { server, install, client, admin };
}

export class MariadbServer {
  private constructor(
    private readonly bin: ReturnType<typeof programs>,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<MariadbServer> {
    const bin = programs();
    const asRoot = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(asRoot ? "/tmp" : os.tmpdir(), "strangler-mariadb-"));
    if (asRoot) {
      fs.chmodSync(dir, 0o777);
      execFileSync("chown", ["mysql:mysql", dir]);
    }
    const server = new MariadbServer(bin, dir, await freePort());
    const user = asRoot ? ["--user=mysql"] : [];
    try {
      const install = spawnSync(bin.install, ["--no-defaults", `--datadir=${server.data}`, ...user, "--auth-root-authentication-method=normal", "--skip-test-db"], { encoding: "utf8" });
      if (install.status !== 0) throw new Error(`mariadb-install-db failed (${install.status}): ${install.stderr || install.stdout}`);
      const child = spawn(
        bin.server,
        [
          "--no-defaults", `--datadir=${server.data}`, ...user, `--port=${server.port}`, "--bind-address=127.0.0.1", `--socket=${path.join(dir, "sock")}`,
          `--pid-file=${path.join(dir, "server.pid")}`, `--log-error=${server.log}`, "--skip-log-bin", "--skip-name-resolve",
          "--performance-schema=ON", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0",
        ],
        { detached: true, stdio: "ignore" },
      );
      child.unref();
      for (let i = 0; ; i++) {
        const r = spawnSync(bin.client, server.clientArgs("mysql", "SELECT 1"), { encoding: "utf8" });
        if (r.status === 0) break;
        if (i >= 600) throw new Error(`no answer on 127.0.0.1:${server.port} after 60 s: ${r.stderr}`);
        execFileSync("sleep", ["0.1"]);
      }
    } catch (err) {
      const log = fs.existsSync(server.log) ? fs.readFileSync(server.log, "utf8") : "";
      server.kill();
      throw new Error(`MariaDB could not start: ${(err as Error).message}\n${log}`);
    }
    return server;
  }

  private get data(): string {
    return path.join(this.dir, "data");
  }

  private get log(): string {
    return path.join(this.dir, "server.log");
  }

  private clientArgs(database: string, sql: string): string[] {
    return ["--no-defaults", "-h", "127.0.0.1", "-P", String(this.port), "-u", "root", "--batch", "--raw", "--skip-column-names", database, "-e", sql];
  }

  /** Runs SQL in a database (stops at the first error, thrown with the client's message); tab-separated rows. */
  sql(database: string, sql: string): string {
    const r = spawnSync(this.bin.client, this.clientArgs(database, sql), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`mariadb ${database}: ${r.stderr}`);
    return r.stdout;
  }

  /** The client's batch output with its header, as `mysql --batch` writes an export. */
  batch(database: string, sql: string): string {
    const r = spawnSync(this.bin.client, this.clientArgs(database, sql).filter((a) => a !== "--skip-column-names" && a !== "--raw"), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`mariadb ${database}: ${r.stderr}`);
    return r.stdout;
  }

  url(database: string): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  connection(database: string): { host: string; port: number; user: string; password: string; database: string } {
    return { host: "127.0.0.1", port: this.port, user: "root", password: "", database };
  }

  stop(): void {
    spawnSync(this.bin.admin, ["--no-defaults", "-h", "127.0.0.1", "-P", String(this.port), "-u", "root", "shutdown"], { encoding: "utf8" });
    this.kill();
  }

  /** Stops the server started here (its pid file) if still running, and removes its folder. */
  private kill(): void {
    const pidFile = path.join(this.dir, "server.pid");
    for (let i = 0; i < 100 && fs.existsSync(pidFile); i++) execFileSync("sleep", ["0.1"]);
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
      if (pid > 0) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One MariaDB for a test file, as sharedServer for PostgreSQL. */
export function sharedMariadb(beforeAll: (fn: () => void) => void, afterAll: (fn: () => Promise<void>) => void): () => Promise<MariadbServer> {
  let started: Promise<MariadbServer>;
  beforeAll(() => {
    started = MariadbServer.start();
    started.catch(() => undefined);
  });
  afterAll(async () => (await started.catch(() => null))?.stop());
  return () => started;
}
