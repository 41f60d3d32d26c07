import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { readRuntimeInput } from "../src/scan/database/index.js";
import { sharedServer, type PostgresServer } from "./helpers/postgres.js";
import { DROP_CHECKS, replay, statementsOf, type ReplayStatement } from "./helpers/replay.js";
import { FIXTURE, runCli } from "./helpers/cli.js";

/*
 * The example monolith against a real PostgreSQL with pg_stat_statements: its schema and migrations applied
 * by psql, every SQL statement the static scan found in its code replayed through node-postgres (a
 * different number of times each), then `scan --database` must find the same tables, foreign keys and
 * joins as the static scan, every statement tied to the line of code that sends it, and the call counts the
 * replay made.
 */

const SCHEMA = ["db/schema.sql", "db/migrations/20240115_001_review_votes.sql", "db/migrations/20240302_002_coupon_redemptions.sql", "db/migrations/20240611_003_push_tokens.sql"];
const started = sharedServer(beforeAll, afterAll, { statStatements: true });
const statics = scanRepo(FIXTURE, { gitHistory: false });
const codeFiles = new Set(statics.facts.files.map((f) => f.path));
// 1 to 4 runs each, by the site's place: counts that tell statements apart.
const replayed: ReplayStatement[] = statementsOf(statics.facts.sqlSites, (_s, i) => 1 + (i % 4));

let ready: Promise<{ server: PostgresServer; rejected: Array<{ file: string; line: number; message: string }>; runtime: ScanResult }> | undefined;
function replayedOnce() {
  ready ??= (async () => {
    const server = await started();
    server.createDatabase("shop");
    server.createDatabase("probe");
    server.apply("probe", SCHEMA.map((f) => path.join(FIXTURE, f)));
    server.psql("shop", "CREATE EXTENSION pg_stat_statements;");
    server.apply("shop", SCHEMA.map((f) => path.join(FIXTURE, f)));
    server.psql("shop", `${DROP_CHECKS}\nSELECT pg_stat_statements_reset();`);
    const rejected = await replay(server.connection("shop"), server.connection("probe"), replayed);
    const input = await readRuntimeInput({ database: server.url("shop"), repo: FIXTURE });
    return { server, rejected, runtime: scanRepo(FIXTURE, { gitHistory: false, runtime: input }) };
  })();
  return ready;
}

const codeJoins = (scan: ScanResult) => [...new Set(scan.facts.joins.filter((j) => codeFiles.has(j.file)).map((j) => j.tables.join(" ~ ")))].sort();
const codeTables = (scan: ScanResult) => [...new Set(scan.facts.accesses.filter((a) => codeFiles.has(a.file)).map((a) => a.table))].sort();

describe("scan --database on the example monolith, against a real PostgreSQL with pg_stat_statements", () => {
  it("replays every statement of the code without the server rejecting one", async () => {
    const { rejected } = await replayedOnce();
    expect(replayed.length).toBe(93);
    expect(rejected).toEqual([]);
  });

  it("reads the catalog: the same tables and foreign keys as the repo's schema and migrations", async () => {
    const { runtime } = await replayedOnce();
    const catalog = runtime.facts.runtime!.catalog!;
    expect(catalog.tables).toEqual(statics.facts.tables.map((t) => t.name).sort());
    expect(catalog.tables).toHaveLength(44);
    expect(catalog.views).toEqual([]);
    const pairs = (list: Array<{ from: string; to: string }>) => list.map((k) => `${k.from} -> ${k.to}`).sort();
    expect(pairs(catalog.foreignKeys)).toEqual(pairs(statics.facts.foreignKeys));
    // Keys the DDL names keep their names in the catalog.
    for (const fk of statics.facts.foreignKeys.filter((k) => k.constraint)) expect(catalog.foreignKeys).toContainEqual({ from: fk.from, to: fk.to, constraint: fk.constraint });
    expect(runtime.facts.runtime!.findings).toEqual({ runtimeOnlyTables: [], codeOnlyTables: [] });
  });

  it("ties every statement that reads or writes a table to the line of code that sends it", async () => {
    const { runtime } = await replayedOnce();
    const app = runtime.facts.runtime!.statements.filter((s) => s.application);
    expect(app.length).toBeGreaterThan(80);
    expect(app.filter((s) => s.sites.length === 0).map((s) => s.text)).toEqual([]);
    const tied = new Set(app.flatMap((s) => s.sites.map((x) => `${x.file}:${x.line}`)));
    expect(replayed.map((r) => `${r.file}:${r.line}`).filter((at) => !tied.has(at))).toEqual([]);
    // What is not the application's: the replay's transactions and settings and the test's reset; never
    // strangler's own reading of the catalog and the statistics.
    expect([...new Set(runtime.facts.runtime!.statements.filter((s) => !s.application).map((s) => s.text))].sort()).toEqual([
      "BEGIN",
      "ROLLBACK",
      "SELECT pg_stat_statements_reset()",
      "SET session_replication_role = replica",
    ]);
  });

  it("finds the same tables and joins in the statements as the static scan in the code", async () => {
    const { runtime } = await replayedOnce();
    const rt = runtime.facts.runtime!;
    expect(rt.tables.map((t) => t.name).sort()).toEqual(codeTables(statics));
    const joins = [...new Set(rt.statements.filter((s) => s.application).flatMap((s) => s.joins.map((j) => j.join(" ~ "))))].sort();
    expect(joins).toEqual(codeJoins(statics));
    expect(joins).toContain("public.categories ~ public.products");
  });

  it("counts the calls the replay made, per table, its reads and its writes", async () => {
    const { runtime } = await replayedOnce();
    const expected = new Map<string, { calls: number; readCalls: number; writeCalls: number }>();
    for (const r of replayed) {
      const here = statics.facts.accesses.filter((a) => a.file === r.file && a.line === r.line);
      for (const table of new Set(here.map((a) => a.table))) {
        const e = expected.get(table) ?? { calls: 0, readCalls: 0, writeCalls: 0 };
        e.calls += r.times;
        if (here.some((a) => a.table === table && a.mode === "read")) e.readCalls += r.times;
        if (here.some((a) => a.table === table && a.mode === "write")) e.writeCalls += r.times;
        expected.set(table, e);
      }
    }
    const got = Object.fromEntries(runtime.facts.runtime!.tables.map((t) => [t.name, { calls: t.calls, readCalls: t.readCalls, writeCalls: t.writeCalls }]));
    expect(got).toEqual(Object.fromEntries([...expected.entries()].sort()));
    expect(runtime.facts.runtime!.calls).toBe(replayed.reduce((n, r) => n + r.times, 0));
  });

  it("marks each edge the database confirms as seen by both, with its calls, and leaves every weight as the code gave it", async () => {
    const { runtime } = await replayedOnce();
    const before = buildGraph(statics.facts);
    const after = buildGraph(runtime.facts);
    expect(after.edges()).toEqual(before.edges());
    after.forEachEdge((key, a) => {
      expect(a.weight, key).toBe(before.getEdgeAttribute(key, "weight"));
      if (a.kind === "read" || a.kind === "write" || a.kind === "join" || a.kind === "fk") expect(a.source, key).toBe("both");
      else expect(a.source, key).toBe("static");
    });
    const search = after.getEdgeAttributes("read:module:src/modules/search->table:public.search_synonyms");
    const site = replayed.find((r) => r.file === "src/modules/search/search-index.repository.ts" && r.line === 23)!;
    expect(search.calls).toBe(site.times);
    expect(search.evidence).toEqual([{ file: site.file, line: site.line, calls: site.times }]);
    expect(after.getNodeAttributes("table:public.search_synonyms")).toMatchObject({ inDatabase: true, calls: site.times });
  });

  it("prints the same through the CLI: JSON with the runtime part, the URL without a password, exit 0", async () => {
    const { server } = await replayedOnce();
    const r = runCli(["scan", FIXTURE, "--database", server.url("shop"), "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.dialectFrom).toBe(`the database ${server.url("shop")}`);
    expect(json.runtime).toMatchObject({ kind: "database", origin: server.url("shop"), dialect: "postgresql", catalog: { tables: 44, views: 0, partitions: 0 }, findings: { runtimeOnlyTables: [], codeOnlyTables: [] } });
    expect(json.runtime.calls).toBe(replayed.reduce((n, x) => n + x.times, 0));
    expect(json.runtime.edgesBySource.runtime).toBe(0);
    const synonyms = json.runtime.statements.find((s: { text: string }) => s.text === "SELECT synonyms FROM search_synonyms WHERE term = $1");
    expect(synonyms).toMatchObject({ file: "pg_stat_statements", reads: ["public.search_synonyms"], writes: [], sites: ["src/modules/search/search-index.repository.ts:23"], application: true });
    expect(json.tables.find((t: { name: string }) => t.name === "public.search_synonyms")).toEqual({ name: "public.search_synonyms", relation: "table", declared: true, inDatabase: true, calls: synonyms.calls });
  });

  it("reads the documented exports of pg_stat_statements (\\copy to CSV, json_agg) to the same statements and calls as the live read", async () => {
    const { server } = await replayedOnce();
    // psql writes the export; as root it runs as the postgres user, who must reach the folder.
    const dir = fs.mkdtempSync(path.join("/tmp", "strangler-export-"));
    fs.chmodSync(dir, 0o777);
    try {
      const select = "SELECT s.queryid, s.query, s.calls, s.total_exec_time, s.rows FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()";
      server.psql("shop", `\\copy (${select} ORDER BY s.calls DESC, s.query) TO '${dir}/pg_stat_statements.csv' WITH (FORMAT csv, HEADER)`);
      fs.writeFileSync(path.join(dir, "pg_stat_statements.json"), server.psql("shop", `SELECT json_agg(x) FROM (${select}) x;`));
      const live = JSON.parse(runCli(["scan", FIXTURE, "--database", server.url("shop"), "--json"]).stdout).runtime;
      const shape = (r: { statements: Array<{ text: string; calls: number; application: boolean; sites: string[] }> }) =>
        r.statements.filter((x) => x.application).map((x) => `${x.calls} ${x.text} @ ${x.sites.join(",")}`).sort();
      for (const file of ["pg_stat_statements.csv", "pg_stat_statements.json"]) {
        const r = runCli(["scan", FIXTURE, "--queries", path.join(dir, file), "--json"]);
        expect(r.status, r.stderr).toBe(0);
        const exported = JSON.parse(r.stdout).runtime;
        expect(exported).toMatchObject({ kind: "file", origin: file, dialect: "postgresql", catalog: null, calls: live.calls });
        expect(exported.tables).toEqual(live.tables);
        expect(shape(exported)).toEqual(shape(live));
        // Evidence names the export's row: the line a statement starts on; its queryid whole (a 64-bit number).
        const busiest = exported.statements.find((x: { application: boolean }) => x.application);
        const same = live.statements.find((x: { text: string; calls: number }) => x.text === busiest.text && x.calls === busiest.calls);
        expect(busiest.file).toBe(file);
        expect(busiest.id).toBe(same.id);
        expect(fs.readFileSync(path.join(dir, file), "utf8").split("\n")[busiest.line - 1]).toContain(busiest.id);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
