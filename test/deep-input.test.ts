import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Project, ts } from "ts-morph";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { scanRepo } from "../src/scan/index.js";
import { walkTree } from "../src/util/ast-walk.js";

/* Input depth never overflows our code; what the parser itself cannot take is one diagnostic, and the scan goes on. */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const OK = { "src/ok/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n', "schema.sql": "CREATE TABLE orders (id int);\n" };
// One term a line: a chain on one line of hundreds of KiB would be left out as a bundle (see bundleShape).
const plusChain = (n: number) => `export const q = (db: { query(s: string): void }) => db.query(${Array.from({ length: n }, (_, i) => `"SELECT ${i} FROM orders "`).join(" +\n")});\n`;

describe("deep input", () => {
  it("a 2,000- and a 20,000-term `+` chain are read whole: the SQL they build is known", () => {
    for (const n of [2_000, 20_000]) {
      const s = scanRepo(repo({ ...OK, "src/chain/index.ts": plusChain(n) }), { gitHistory: false });
      const site = s.facts.sqlSites.find((x) => x.file === "src/chain/index.ts");
      expect(site?.text.startsWith("SELECT 0 FROM orders SELECT 1 FROM orders")).toBe(true);
      expect(site?.text).toContain(`SELECT ${n - 1} FROM orders`);
      expect(s.facts.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code)).not.toContain("too-deep");
    }
  });

  it("1,000 nested parentheses: one diagnostic naming the file; the other files are scanned", () => {
    const dir = repo({ ...OK, "src/deep/index.ts": `export const x = ${"(".repeat(1000)}1${")".repeat(1000)};\n` });
    for (const cmd of ["scan", "assess", "roadmap"]) {
      const r = runCli([cmd, dir, "--json"]);
      expect(r.stderr).not.toContain("internal error");
      expect(r.status).toBe(0);
      if (cmd === "scan") {
        const out = JSON.parse(r.stdout);
        // the CLI runs with node's default stack, on which TypeScript's parser gives up at this depth
        expect(out.diagnostics.filter((d: { file: string }) => d.file === "src/deep/index.ts").map((d: { code: string; message: string }) => `${d.code}: ${d.message}`)).toEqual([
          "too-deep: nested too deeply to parse (the parser ran out of call stack): skipped",
        ]);
      }
    }
    // in-process, where the stack may be larger, a depth no stack holds
    const deeper = repo({ ...OK, "src/deep/index.ts": `export const x = ${"(".repeat(100_000)}1${")".repeat(100_000)};\n` });
    const s = scanRepo(deeper, { gitHistory: false });
    expect(s.facts.diagnostics.filter((d) => d.file === "src/deep/index.ts").map((d) => d.code)).toEqual(["too-deep"]);
    expect(s.facts.accesses.map((a) => `${a.file} ${a.mode} ${a.table}`)).toEqual(["src/ok/index.ts read public.orders"]);
  });

  it("deeply nested arrays, objects, calls and arrow functions in TypeScript: no crash", () => {
    const shapes = {
      "src/arrays/index.ts": `export const a = ${"[".repeat(3000)}${"]".repeat(3000)};\n`,
      "src/objects/index.ts": `export const o = ${"{a:".repeat(3000)}1${"}".repeat(3000)};\n`,
      "src/calls/index.ts": `export const c = ${"f(".repeat(3000)}1${")".repeat(3000)};\n`,
      "src/arrows/index.ts": `export const f = ${"() => ".repeat(3000)}1;\n`,
      "src/members/index.ts": `export const m = a${".b".repeat(20000)};\n`,
    };
    const s = scanRepo(repo({ ...OK, ...shapes }), { gitHistory: false });
    for (const f of Object.keys(shapes)) {
      expect(s.facts.diagnostics.filter((d) => d.file === f && d.severity !== "info").length).toBeLessThanOrEqual(1);
    }
    expect(s.facts.accesses.map((a) => a.file)).toEqual(["src/ok/index.ts"]);
  });

  it("deeply nested SQL: a diagnostic at most, the rest of the schema read", () => {
    const s = scanRepo(repo({ ...OK, "db/deep.sql": `SELECT ${"(".repeat(5000)}1${")".repeat(5000)} FROM orders;\nCREATE TABLE later (id int);\n` }), { gitHistory: false });
    expect(s.facts.tables.map((t) => t.name).sort()).toEqual(["public.later", "public.orders"]);
    const d = s.facts.diagnostics.find((x) => x.file === "db/deep.sql");
    if (d) expect(d.message.length).toBeLessThan(200); // a statement is quoted by its head, never whole
  });

  it("a contexts.yaml nested past the YAML parser's stack is one line and exit 2", () => {
    for (const depth of [700, 5000]) {
      const dir = repo({ ...OK, "contexts.yaml": `contexts:\n  a:\n    modules: ${"[".repeat(depth)}${"]".repeat(depth)}\n` });
      const r = runCli(["check", dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^strangler: contexts\.yaml:3: (contexts\.a\.modules\[0\] must be text, not a list|not valid YAML \(nested too deeply to read\))\n/);
    }
  });

  it("walkTree visits exactly what a recursive forEachChild walk visits, in the same order", () => {
    const text = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "../src/scan/code/file-facts.ts"), "utf8");
    const sf = new Project({ useInMemoryFileSystem: true }).createSourceFile("/x.ts", text).compilerNode;
    const recursive: ts.SyntaxKind[] = [];
    const visit = (n: ts.Node): void => {
      recursive.push(n.kind);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    const iterative: ts.SyntaxKind[] = [];
    walkTree(sf, (n) => {
      iterative.push(n.kind);
    });
    expect(iterative.length).toBeGreaterThan(1000);
    expect(iterative).toEqual(recursive);
  });
});

describe("large SQL", () => {
  it("a 20 MB INSERT is read by its first row: the table it writes, in seconds", async () => {
    const { shortenBulkInsert } = await import("../src/scan/sql/bulk-insert.js");
    expect(shortenBulkInsert(`INSERT INTO t (a) VALUES ('it''s (not) the end', ")"), ${"(1), ".repeat(20_000)}(2);`)).toBe(`INSERT INTO t (a) VALUES ('it''s (not) the end', ")")`);
    expect(shortenBulkInsert("INSERT INTO t VALUES (1);")).toBe("INSERT INTO t VALUES (1);");
    const rows = Array.from({ length: 500_000 }, (_, i) => `(${i}, 'label ${i}; with, commas (and parens)')`).join(", ");
    const dir = repo({ "db/data.sql": `CREATE TABLE orders (id int, label text);\nINSERT INTO orders (id, label) VALUES ${rows};\nCREATE TABLE after_it (id int);\n` });
    const t0 = Date.now();
    const s = scanRepo(dir, { gitHistory: false });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(s.facts.accesses.map((a) => `${a.table} ${a.mode} ${a.line}`)).toEqual(["public.orders write 2"]);
    expect(s.facts.tables.map((t) => t.name).sort()).toEqual(["public.after_it", "public.orders"]);
  });

  it("a dump larger than one piece is read a piece at a time: every statement, lines right, one fact per table and mode", () => {
    const lines: string[] = ["CREATE TABLE orders (id int primary key, label text);", "COPY orders (id, label) FROM stdin;"];
    for (let i = 0; i < 20_000; i++) lines.push(`${i}\tlabel ${i}; not a statement`);
    lines.push("\\.", "CREATE FUNCTION touch() RETURNS trigger AS $body$", ...Array.from({ length: 2000 }, () => "  PERFORM 1; -- inside the body"), "$body$ LANGUAGE plpgsql;");
    // 60,000 statements on one line, each its own INSERT; 1,500 statements that name no table.
    lines.push(Array.from({ length: 60_000 }, (_, k) => `INSERT INTO orders (id, label) VALUES (${k}, 'x${k}');`).join(" "));
    lines.push(...Array.from({ length: 1500 }, (_, k) => `SET search_path = s${k};`));
    lines.push("CREATE TABLE items (id int, order_id int REFERENCES orders(id));", "SELECT i.id FROM items i JOIN orders o ON o.id = i.order_id;");
    const text = `${lines.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const dir = repo({ "db/dump.sql": text });
    const s = scanRepo(dir, { gitHistory: false }).facts;
    const last = lines.length;
    expect(s.tables.map((t) => `${t.name}:${t.line}`).sort()).toEqual([`public.items:${last - 1}`, "public.orders:1"]);
    expect(s.foreignKeys.map((f) => `${f.from}>${f.to}:${f.line}`)).toEqual([`public.items>public.orders:${last - 1}`]);
    expect(s.joins.map((j) => `${j.tables.join("+")}:${j.line}`)).toEqual([`public.items+public.orders:${last}`]);
    // One fact per table and mode in a SQL file, at its first statement: the COPY and the 60,000 INSERTs are one write.
    expect(s.accesses.map((a) => `${a.mode} ${a.table}:${a.line}`).sort()).toEqual([`read public.items:${last}`, `read public.orders:${last}`, "write public.orders:2"]);
    // 1,000 diagnostics of one kind per file, then one that counts the rest.
    const noTables = s.diagnostics.filter((d) => d.code === "sql-no-tables" && d.file === "db/dump.sql");
    expect(noTables).toHaveLength(1001);
    const others = noTables.filter((d) => !d.message.includes("SET search_path")).length;
    const listedSets = 1000 - others;
    const firstSet = 20_000 + 2007;
    expect(noTables.at(-1)).toMatchObject({
      line: firstSet + listedSets,
      message: `${1500 - listedSets} more statements like the 1000 above from here on (sql-no-tables), not listed one by one; the first: "SET search_path = s${listedSets}": session setting`,
    });
  });

  it("INSERTs of literal rows share their head's reading; anything else in a row is read on its own", async () => {
    const { literalInsertHead } = await import("../src/scan/sql/literal-rows.js");
    const head = "INSERT INTO orders (id, label) VALUES ";
    expect(literalInsertHead(`${head}(1, 'a;''b'), (-2.5e3, NULL), (3, DEFAULT);`, false)).toBe(head);
    expect(literalInsertHead(`${head}(1, E'it\\'s')`, false)).toBe(head);
    expect(literalInsertHead(`${head}(1, 'it\\'s')`, true)).toBe(head);
    expect(literalInsertHead('INSERT INTO "Order" ("userId") VALUES (1)', false)).toBe('INSERT INTO "Order" ("userId") VALUES ');
    for (const row of ["((SELECT id FROM users), 'x')", "(nextval('orders_id_seq'), 'x')", "($1, 'x')", "(${id}, 'x')", "(:id, 'x')", "(1, 'x') RETURNING id", "(1, 'x') ON CONFLICT DO NOTHING", "(1, 'x'); DROP TABLE users", "(1, 'unclosed)", "(1, x)"]) {
      expect(literalInsertHead(`${head}${row}`, false), row).toBeNull();
    }
    expect(literalInsertHead("INSERT INTO orders SELECT * FROM old_orders", false)).toBeNull();
    expect(literalInsertHead("UPDATE orders SET label = 'x'", false)).toBeNull();
  });
});
