import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, sharedServer } from "./helpers/postgres.js";
import { ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";

/*
 * What goes wrong with a live database is one line on stderr naming what failed, exit 2, and the password
 * never appears anywhere: not in errors, diagnostics, text, JSON or the graph file. Statistics that say
 * nothing are a warning, not an error. All against real PostgreSQL servers.
 */

const PASSWORD = "Zq8-s3cret-PASS";
const server = sharedServer(beforeAll, afterAll, { statStatements: true });
// A server started without pg_stat_statements in shared_preload_libraries.
const plain = sharedServer(beforeAll, afterAll);
const temp = tempDirs(afterAll);
const repo = repoOf(temp);

const app = () =>
  repo({
    "package.json": JSON.stringify({ dependencies: { pg: "^8" } }),
    "db/schema.sql": "CREATE TABLE accounts (id INT PRIMARY KEY, email TEXT);\n",
    "src/accounts.ts": 'import { pool } from "./db";\nexport const find = (id: number) => pool.query("SELECT email FROM accounts WHERE id = $1", [id]);\n',
    "src/db.ts": 'export const pool = { query: (..._a: unknown[]) => null };\n',
  });

let databases = 0;
/** A new database with the app's table, pg_stat_statements created unless told not to. */
async function database(options: { extension?: boolean } = {}) {
  const s = await server();
  const name = `app${++databases}`;
  s.createDatabase(name);
  s.psql(name, `CREATE TABLE accounts (id INT PRIMARY KEY, email TEXT);${options.extension === false ? "" : " CREATE EXTENSION pg_stat_statements;"}`);
  return { s, name };
}

function oneLine(r: { status: number | null; stdout: string; stderr: string }, says: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^strangler: [^\n]+\n$/);
  expect(r.stderr).toMatch(says);
  expect(r.stderr).not.toContain(PASSWORD);
}

describe("scan --database: failures are one line, exit 2, without the password", () => {
  it("a server that does not answer", async () => {
    const port = await freePort();
    const r = runCli(["scan", app(), "--database", `postgresql://strangler:${PASSWORD}@127.0.0.1:${port}/app`]);
    oneLine(r, new RegExp(`^strangler: postgresql://strangler@127\\.0\\.0\\.1:${port}/app: cannot connect: .*ECONNREFUSED`));
  });

  it("a database that does not exist", async () => {
    const s = await server();
    const r = runCli(["scan", app(), "--database", s.url("nosuchdb", PASSWORD)]);
    oneLine(r, /cannot connect: database "nosuchdb" does not exist/);
  });

  it("a wrong password, and the right one from PGPASSWORD", async () => {
    const { s, name } = await database();
    s.addPasswordRole("pwuser", PASSWORD);
    s.psql(name, "GRANT pg_read_all_stats TO pwuser;");
    const url = s.url(name).replace("strangler@", "pwuser@");
    oneLine(runCli(["scan", app(), "--database", url.replace("pwuser@", "pwuser:wrong-Zq8@")]), /cannot connect: password authentication failed for user "pwuser"/);
    const ok = runCli(["scan", app(), "--database", url, "--json"], { env: { PGPASSWORD: PASSWORD } });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).runtime.origin).toBe(url);
  });

  it("pg_stat_statements not installed in the database", async () => {
    const { s, name } = await database({ extension: false });
    oneLine(runCli(["scan", app(), "--database", s.url(name, PASSWORD)]), new RegExp(`pg_stat_statements is not installed in database ${name} \\(CREATE EXTENSION pg_stat_statements`));
  });

  it("pg_stat_statements installed but not loaded by the server", async () => {
    const s = await plain();
    s.createDatabase("app");
    s.psql("app", "CREATE EXTENSION pg_stat_statements;");
    oneLine(runCli(["scan", app(), "--database", s.url("app", PASSWORD)]), /pg_stat_statements is installed but not loaded: the server needs shared_preload_libraries/);
  });

  it("a user that may not read other roles' statements, until granted pg_read_all_stats", async () => {
    const { s, name } = await database();
    s.psql(name, "SELECT email FROM accounts WHERE id = 1; CREATE ROLE reader LOGIN;");
    const url = s.url(name).replace("strangler@", "reader@");
    oneLine(runCli(["scan", app(), "--database", url]), /the user may not read other roles' statements in pg_stat_statements \(\d+ hidden\): grant it pg_read_all_stats/);
    s.psql(name, "GRANT pg_read_all_stats TO reader;");
    const r = runCli(["scan", app(), "--database", url, "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).runtime.tables).toEqual([{ name: "public.accounts", calls: 1, readCalls: 1, writeCalls: 0, statements: 1 }]);
  });

  it("--database without a URL and no database.url in strangler.yaml; --database with --queries; a URL of no known database", async () => {
    oneLine(runCli(["scan", app(), "--database"], { env: { STRANGLER_DATABASE_URL: "" } }), /--database without a URL: set STRANGLER_DATABASE_URL/);
    oneLine(runCli(["scan", app(), "--database-from-config"]), /--database-from-config: strangler\.yaml has no database\.url/);
    oneLine(runCli(["scan", app(), "--database", "postgresql://x@127.0.0.1/app", "--queries", "stats.csv"]), /--database and --queries: give one/);
    oneLine(runCli(["scan", app(), "--database", `oracle://scott:${PASSWORD}@db/orcl`]), /expected a URL such as postgresql:\/\/user@host:5432\/db .*got "oracle:\/\/scott:\*\*\*@db\/orcl"/);
  });
});

describe("scan --database: statistics that say little are a warning", () => {
  it("warns when the statistics hold no statement on a table, and when they start less than a day ago", async () => {
    const { s, name } = await database();
    s.psql(name, "SELECT pg_stat_statements_reset();");
    const r = runCli(["scan", app(), "--database", s.url(name)]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`pg_stat_statements  warning  runtime-statistics  no statement that reads or writes a table in the statistics of ${s.url(name)}: no call counts (statistics empty or just reset)`);
    s.psql(name, "SELECT email FROM accounts WHERE id = 1;");
    const again = runCli(["scan", app(), "--database", s.url(name)]);
    expect(again.stderr).not.toContain("no statement that reads or writes a table");
    expect(again.stderr).toContain("pg_stat_statements  warning  runtime-statistics  pg_stat_statements' statistics start less than a day ago (reset, or the server restarted): call counts cover a short window");
  });
});

describe("the password never appears in any output", () => {
  it("is in none of stdout, stderr, --json, --out, assess or roadmap when the URL holds it", async () => {
    const { s, name } = await database();
    s.psql(name, "SELECT email FROM accounts WHERE id = 1;");
    const dir = app();
    const out = path.join(temp(), "graph.json");
    const url = s.url(name, PASSWORD);
    const runs = [
      runCli(["scan", dir, "--database", url, "--verbose"]),
      runCli(["scan", dir, "--database", url, "--json", "--out", out]),
      runCli(["assess", dir, "--database", url, "--json"]),
      runCli(["assess", dir, "--database", url]),
      runCli(["roadmap", dir, "--database", url, "--json"]),
    ];
    for (const r of runs) {
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(PASSWORD));
    }
    expect(runs[1].stdout).toContain(s.url(name));
    expect(fs.readFileSync(out, "utf8")).not.toContain(PASSWORD);
  });

  it("takes database.url from strangler.yaml with the password from the environment, and warns of one written in the file", async () => {
    const { s, name } = await database();
    const dir = app();
    const inYaml = s.url(name).replace("strangler@", "strangler:${DB_PASSWORD}@");
    fs.writeFileSync(path.join(dir, "strangler.yaml"), `database:\n  url: ${inYaml}\n`);
    oneLine(runCli(["scan", dir, "--database-from-config"], { env: { DB_PASSWORD: undefined } }), /^strangler: strangler\.yaml: database\.url uses \$\{DB_PASSWORD\}, which is not set in the environment\n$/);
    const r = runCli(["scan", dir, "--database-from-config", "--json"], { env: { DB_PASSWORD: PASSWORD } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).runtime.origin).toBe(s.url(name));
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    // Without --database, strangler.yaml's URL is never used: scans stay offline.
    expect(JSON.parse(runCli(["scan", dir, "--json"]).stdout).runtime).toBeUndefined();

    fs.writeFileSync(path.join(dir, "strangler.yaml"), `database:\n  url: ${s.url(name, PASSWORD)}\n`);
    const written = runCli(["scan", dir, "--database-from-config", "--json"]);
    expect(written.status).toBe(0);
    const secret = JSON.parse(written.stdout).diagnostics.find((d: { code: string }) => d.code === "config-secret");
    expect(secret).toEqual({ file: "strangler.yaml", line: 2, code: "config-secret", severity: "warning", message: "database.url holds a password: write ${DB_PASSWORD} in its place (or leave it out and set PGPASSWORD / MYSQL_PWD)" });
    expect(written.stdout + written.stderr).not.toContain(PASSWORD);
  });
});

describe("the database client is loaded only for --database", () => {
  it("--help and a scan without --database load no pg; a scan with it does", async () => {
    const { s, name } = await database();
    const dir = temp();
    const record = (args: string[], file: string) => {
      const r = runCli(args, { nodeArgs: ["--import", path.join(ROOT, "test/helpers/record-imports.mjs")], env: { RECORD_IMPORTS_FILE: file } });
      expect(r.status).toBe(0);
      return fs.readFileSync(file, "utf8");
    };
    const repoDir = app();
    expect(record(["scan", "--help"], path.join(dir, "help.txt"))).not.toMatch(/\/node_modules\/(pg|mysql2)\//);
    expect(record(["scan", repoDir], path.join(dir, "static.txt"))).not.toMatch(/\/node_modules\/(pg|mysql2)\//);
    const live = record(["scan", repoDir, "--database", s.url(name)], path.join(dir, "live.txt"));
    expect(live).toMatch(/\/node_modules\/pg\//);
    expect(live).not.toMatch(/\/node_modules\/mysql2\//);
  });
});
