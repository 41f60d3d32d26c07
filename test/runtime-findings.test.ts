import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { readRuntimeInput } from "../src/scan/database/index.js";
import { sharedServer } from "./helpers/postgres.js";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";

/*
 * What only one side knows is a finding: a table the database shows in use that no code reads or writes
 * (dynamic SQL, a cron job, another service), and a table the repo declares that the database does not have
 * (a migration never applied, a rename). Each is a warning with its evidence, and listed in the JSON. What
 * the database alone shows also enters the graph as runtime evidence.
 */

const server = sharedServer(beforeAll, afterAll, { statStatements: true });
const temp = tempDirs(afterAll);
const repo = repoOf(temp)({
  "package.json": JSON.stringify({ dependencies: { pg: "^8" } }),
  "db/schema.sql": [
    "CREATE TABLE accounts (id INT PRIMARY KEY, email TEXT NOT NULL);",
    "CREATE TABLE invoices (id INT PRIMARY KEY, account_id INT NOT NULL REFERENCES accounts (id), amount NUMERIC NOT NULL);",
    "",
  ].join("\n"),
  "src/accounts/account.repository.ts": 'import { db } from "../db";\nexport const find = (id: number) => db.query("SELECT email FROM accounts WHERE id = $1", [id]);\n',
  "src/billing/invoice.repository.ts": 'import { db } from "../db";\nexport const due = (id: number) => db.query("SELECT i.amount FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE a.id = $1", [id]);\n',
  "src/db.ts": "export const db = { query: (..._a: unknown[]) => null };\n",
});

async function scanned() {
  const s = await server();
  s.createDatabase("live");
  // The live database: accounts as the repo says; invoices never created; audit_log and old_orders made by
  // someone else; a job outside the repo writes audit_log 7 times, and a report joins it with accounts 5 times.
  s.psql("live", `CREATE EXTENSION pg_stat_statements;
    CREATE TABLE accounts (id INT PRIMARY KEY, email TEXT NOT NULL);
    CREATE TABLE audit_log (id SERIAL PRIMARY KEY, account_id INT REFERENCES accounts (id), note TEXT);
    CREATE TABLE old_orders (id INT PRIMARY KEY);
    CREATE TABLE events (id INT, at DATE NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE VIEW noted_accounts AS SELECT a.id, l.note FROM accounts a JOIN audit_log l ON l.account_id = a.id;
    CREATE MATERIALIZED VIEW event_days AS SELECT at, count(*) AS n FROM events GROUP BY at;
    INSERT INTO accounts SELECT g, 'a' || g FROM generate_series(0, 9) g;
    SELECT pg_stat_statements_reset();`);
  for (let i = 0; i < 3; i++) s.psql("live", `SELECT email FROM accounts WHERE id = ${i};`);
  for (let i = 0; i < 7; i++) s.psql("live", `INSERT INTO audit_log (account_id, note) VALUES (${i}, 'nightly');`);
  for (let i = 0; i < 5; i++) s.psql("live", `SELECT a.email, l.note FROM audit_log l JOIN accounts a ON a.id = l.account_id WHERE l.id > ${i};`);
  const input = await readRuntimeInput({ database: s.url("live"), repo });
  return { s, scan: scanRepo(repo, { gitHistory: false, runtime: input }) };
}
let once: ReturnType<typeof scanned> | undefined;
const live = () => (once ??= scanned());

describe("findings: tables only the database, or only the repo, knows", () => {
  it("a table the database shows in use but no code names: a warning at the statement, with its calls", async () => {
    const { scan } = await live();
    expect(scan.facts.runtime!.findings.runtimeOnlyTables).toEqual(["public.audit_log"]);
    const d = scan.facts.diagnostics.filter((x) => x.code === "runtime-only-table");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ file: "pg_stat_statements", severity: "warning" });
    expect(d[0].message).toBe(
      'public.audit_log: the database ran 12 calls on it (2 statements, e.g. "INSERT INTO audit_log (account_id, note) VALUES ($1, $2)") but no code in the repo reads or writes it, nor declares it: dynamic SQL, an ORM not read, or code outside the repo',
    );
    const at = scan.facts.runtime!.statements[d[0].line! - 1];
    expect(at.text).toContain("INSERT INTO audit_log");
  });

  it("a table the repo declares that the database lacks: a warning at its declaration", async () => {
    const { s, scan } = await live();
    expect(scan.facts.runtime!.findings.codeOnlyTables).toEqual(["public.invoices"]);
    expect(scan.facts.diagnostics.filter((x) => x.code === "code-only-table")).toEqual([
      { file: "db/schema.sql", line: 2, code: "code-only-table", severity: "warning", message: `public.invoices: declared here, but the database ${s.url("live")} has no such table or view: a migration not applied, a renamed table, or dead code` },
    ]);
    expect(scan.facts.diagnostics.filter((x) => x.code === "database-only-table").map((x) => x.message)).toEqual(
      ["event_days", "events", "events_2024", "noted_accounts", "old_orders"].map((t) => `public.${t}: in the database, but neither the repo nor the statistics name it`),
    );
  });

  it("puts what only the database shows into the graph as runtime evidence", async () => {
    const { scan } = await live();
    const g = buildGraph(scan.facts);
    expect(g.getNodeAttributes("table:public.audit_log")).toEqual({ kind: "table", name: "public.audit_log", relation: "table", declared: false, inDatabase: true, calls: 12 });
    expect(g.getNodeAttributes("table:public.invoices")).toMatchObject({ declared: true, inDatabase: false, calls: 0 });
    const join = g.getEdgeAttributes("join:table:public.accounts->table:public.audit_log");
    expect(join).toMatchObject({ kind: "join", weight: 1, source: "runtime", calls: 5 });
    const report = scan.facts.runtime!.statements.findIndex((x) => x.text.startsWith("SELECT a.email, l.note"));
    expect(join.evidence).toEqual([{ file: "pg_stat_statements", line: report + 1, source: "runtime", statement: "SELECT a.email, l.note FROM audit_log l JOIN accounts a ON a.id = l.account_id WHERE l.id > $1", calls: 5 }]);
    const fk = g.getEdgeAttributes("fk:table:public.audit_log->table:public.accounts");
    expect(fk).toMatchObject({ weight: 1, source: "runtime", evidence: [{ file: "database", line: 0, source: "runtime", statement: "FOREIGN KEY audit_log_account_id_fkey" }] });
    // The repo's key between invoices and accounts stays the repo's: the database does not have it.
    expect(g.getEdgeAttributes("fk:table:public.invoices->table:public.accounts")).toMatchObject({ source: "static", weight: 1 });
    expect(g.getEdgeAttributes("read:module:src/accounts->table:public.accounts")).toMatchObject({ source: "both", calls: 3 });
    expect(g.getEdgeAttributes("read:module:src/billing->table:public.invoices")).toMatchObject({ source: "static" });
  });

  it("reads partitions and views, materialized ones too, from the catalog as a dump would give them", async () => {
    const { scan } = await live();
    const catalog = scan.facts.runtime!.catalog!;
    expect(catalog.tables).toEqual(["public.accounts", "public.audit_log", "public.events", "public.events_2024", "public.old_orders"]);
    expect(catalog.views).toEqual([
      { name: "public.event_days", reads: ["public.events"] },
      { name: "public.noted_accounts", reads: ["public.accounts", "public.audit_log"] },
    ]);
    expect(catalog.inherits).toEqual([{ child: "public.events_2024", parent: "public.events" }]);
    const g = buildGraph(scan.facts);
    expect(g.getNodeAttributes("table:public.noted_accounts")).toMatchObject({ relation: "view", declared: false, inDatabase: true });
    expect(g.getEdgeAttributes("inherit:table:public.events_2024->table:public.events")).toMatchObject({ source: "runtime", weight: 1, evidence: [{ file: "database", line: 0, source: "runtime", statement: "PARTITION OF public.events" }] });
    expect(g.getEdgeAttributes("view:table:public.noted_accounts->table:public.audit_log")).toMatchObject({ source: "runtime", evidence: [{ file: "database", line: 0, source: "runtime", statement: "VIEW public.noted_accounts" }] });
  });

  it("lists the findings in scan --json and under the text summary", async () => {
    const { s } = await live();
    const json = JSON.parse(runCli(["scan", repo, "--database", s.url("live"), "--json"]).stdout);
    expect(json.runtime.findings).toEqual({ runtimeOnlyTables: ["public.audit_log"], codeOnlyTables: ["public.invoices"] });
    expect(json.tables.find((t: { name: string }) => t.name === "public.audit_log")).toEqual({ name: "public.audit_log", relation: "table", declared: false, inDatabase: true, calls: 12 });
    const text = runCli(["scan", repo, "--database", s.url("live")]);
    expect(text.stdout).toContain("  used by the database, named by no code: audit_log\n");
    expect(text.stdout).toContain("  in the repo, missing from the database: invoices\n");
    expect(text.stderr).toContain("db/schema.sql:2  warning  code-only-table  public.invoices: declared here");
  });
});
