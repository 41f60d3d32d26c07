import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { readRuntimeInput } from "../src/scan/database/index.js";
import { sharedMariadb, type MariadbServer } from "./helpers/mariadb.js";
import { replayMysql, statementsOf, type ReplayStatement } from "./helpers/replay.js";
import { ROOT, runCli, tempDirs } from "./helpers/cli.js";

/*
 * A MySQL-dialect shop against a real MariaDB with performance_schema on: its schema applied by the mariadb
 * client, every statement of its code replayed through mysql2, then `scan --database mysql://…` must find the
 * same tables, foreign keys, view and joins as the static scan, tie each digest to the line that sends it,
 * and count the calls; and the exports the README documents (`mysql --batch`, JSON_ARRAYAGG) read the same.
 */

const SHOP = path.join(ROOT, "fixtures/runtime-mysql-shop");
const started = sharedMariadb(beforeAll, afterAll);
const temp = tempDirs(afterAll);
const statics = scanRepo(SHOP, { gitHistory: false });
const codeFiles = new Set(statics.facts.files.map((f) => f.path));
const replayed: ReplayStatement[] = statementsOf(statics.facts.sqlSites, (_s, i) => 1 + (i % 3));

let ready: Promise<{ server: MariadbServer; rejected: Array<{ file: string; line: number; message: string }>; runtime: ScanResult }> | undefined;
function replayedOnce() {
  ready ??= (async () => {
    const server = await started();
    server.sql("mysql", "CREATE DATABASE shop");
    server.sql("shop", fs.readFileSync(path.join(SHOP, "db/schema.sql"), "utf8"));
    server.sql("shop", "TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
    const rejected = await replayMysql(server.connection("shop"), replayed);
    const input = await readRuntimeInput({ database: server.url("shop"), repo: SHOP });
    return { server, rejected, runtime: scanRepo(SHOP, { gitHistory: false, runtime: input }) };
  })();
  return ready;
}

const sorted = <T>(xs: Iterable<T>) => [...new Set(xs)].sort();

describe("scan --database mysql://… on a MySQL shop, against a real MariaDB with performance_schema", () => {
  it("replays every statement of the code without the server rejecting one", async () => {
    const { rejected } = await replayedOnce();
    expect(replayed.length).toBe(15);
    expect(rejected).toEqual([]);
  });

  it("reads information_schema: the same tables, foreign keys and view as the repo's schema", async () => {
    const { runtime } = await replayedOnce();
    const catalog = runtime.facts.runtime!.catalog!;
    const views = statics.facts.views.map((v) => v.name);
    expect(catalog.tables).toEqual(statics.facts.tables.map((t) => t.name).filter((t) => !views.includes(t)).sort());
    expect(catalog.foreignKeys).toEqual(statics.facts.foreignKeys.map((k) => ({ from: k.from, to: k.to, constraint: k.constraint })).sort((a, b) => (a.from + a.to + a.constraint < b.from + b.to + b.constraint ? -1 : 1)));
    expect(catalog.views).toEqual(statics.facts.views.map((v) => ({ name: v.name, reads: [...v.reads].sort() })));
    expect(catalog.views).toEqual([{ name: "default.customer_revenue", reads: ["default.orders", "default.payments"] }]);
    expect(runtime.facts.runtime!.dialect).toBe("mariadb");
    expect(runtime.facts.runtime!.findings).toEqual({ runtimeOnlyTables: [], codeOnlyTables: [] });
  });

  it("ties every digest that reads or writes a table to the line of code that sends it, and finds the same tables and joins", async () => {
    const { runtime } = await replayedOnce();
    const app = runtime.facts.runtime!.statements.filter((s) => s.application);
    expect(app.filter((s) => !s.sites.length).map((s) => s.text)).toEqual([]);
    const tied = new Set(app.flatMap((s) => s.sites.map((x) => `${x.file}:${x.line}`)));
    expect(replayed.map((r) => `${r.file}:${r.line}`).filter((at) => !tied.has(at))).toEqual([]);
    expect(sorted(app.flatMap((s) => s.accesses.map((a) => `${a.mode} ${a.table}`)))).toEqual(sorted(statics.facts.accesses.filter((a) => codeFiles.has(a.file)).map((a) => `${a.mode} ${a.table}`)));
    expect(sorted(app.flatMap((s) => s.joins.map((j) => j.join(" ~ "))))).toEqual(sorted(statics.facts.joins.filter((j) => codeFiles.has(j.file)).map((j) => j.tables.join(" ~ "))));
  });

  it("counts the calls the replay made per table", async () => {
    const { runtime } = await replayedOnce();
    const expected = new Map<string, number>();
    for (const r of replayed) {
      for (const t of new Set(statics.facts.accesses.filter((a) => a.file === r.file && a.line === r.line).map((a) => a.table))) expected.set(t, (expected.get(t) ?? 0) + r.times);
    }
    expect(Object.fromEntries(runtime.facts.runtime!.tables.map((t) => [t.name, t.calls]))).toEqual(Object.fromEntries([...expected].sort()));
  });

  it("leaves the graph's weights as the code gave them, every table, key, view and join confirmed", async () => {
    const { runtime } = await replayedOnce();
    const before = buildGraph(statics.facts);
    const after = buildGraph(runtime.facts);
    expect(after.edges()).toEqual(before.edges());
    after.forEachEdge((key, a) => {
      expect(a.weight, key).toBe(before.getEdgeAttribute(key, "weight"));
      expect(a.source, key).toBe(a.kind === "import" || a.kind === "tx" ? "static" : "both");
    });
  });

  it("reads the documented exports, mysql --batch (TSV) and JSON_ARRAYAGG, to the same calls per table", async () => {
    const { server, runtime } = await replayedOnce();
    const dir = temp();
    const columns = "DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_ROWS_SENT, SUM_ROWS_AFFECTED, SCHEMA_NAME";
    const where = "FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = DATABASE()";
    fs.writeFileSync(path.join(dir, "digests.tsv"), server.batch("shop", `SELECT ${columns} ${where} ORDER BY COUNT_STAR DESC`));
    fs.writeFileSync(
      path.join(dir, "digests.json"),
      server.sql("shop", `SELECT JSON_ARRAYAGG(JSON_OBJECT('digest', DIGEST, 'digest_text', DIGEST_TEXT, 'count_star', COUNT_STAR, 'sum_timer_wait', SUM_TIMER_WAIT, 'sum_rows_sent', SUM_ROWS_SENT, 'sum_rows_affected', SUM_ROWS_AFFECTED, 'schema_name', SCHEMA_NAME)) ${where}`),
    );
    for (const file of ["digests.tsv", "digests.json"]) {
      const r = runCli(["scan", SHOP, "--queries", path.join(dir, file), "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.runtime).toMatchObject({ kind: "file", origin: file, dialect: "mysql", catalog: null });
      // Reading the export runs statements of its own: the tables' calls are those the replay made.
      expect(json.runtime.tables).toEqual(runtime.facts.runtime!.tables);
    }
  });
});

describe("scan --database mysql://…: failures are one line, exit 2, without the password", () => {
  const PASSWORD = "Zq8-my-s3cret";
  const users = async () => {
    const { server } = await replayedOnce();
    server.sql("mysql", `CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY '${PASSWORD}'; GRANT SELECT ON shop.* TO 'app'@'%';`);
    return server;
  };

  it("a wrong password; the right one from MYSQL_PWD but no right to read performance_schema; then granted", async () => {
    const server = await users();
    const url = (password: string) => server.url("shop").replace("root@", password ? `app:${password}@` : "app@");
    const wrong = runCli(["scan", SHOP, "--database", url("wrong-Zq8")]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^strangler: mysql:\/\/app@127\.0\.0\.1:\d+\/shop: cannot connect: Access denied for user 'app'@'[^']+' \(using password: YES\)\n$/);
    const denied = runCli(["scan", SHOP, "--database", url("")], { env: { MYSQL_PWD: PASSWORD } });
    expect(denied.status).toBe(2);
    expect(denied.stderr).toMatch(/^strangler: mysql:\/\/app@127\.0\.0\.1:\d+\/shop: the user may not read performance_schema \(.*denied.*\): GRANT SELECT ON performance_schema\.\* TO it, or use --queries with an export\n$/);
    server.sql("mysql", "GRANT SELECT ON performance_schema.* TO 'app'@'%';");
    const ok = runCli(["scan", SHOP, "--database", url(PASSWORD), "--json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).runtime.origin).toBe(url(""));
    for (const r of [wrong, denied, ok]) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });
});

