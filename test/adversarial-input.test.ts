import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { scanRepo } from "../src/scan/index.js";
import { assessRepo } from "../src/assess/index.js";
import { readContextsFile } from "../src/config/contexts-yaml.js";
import { ConfigReadError } from "../src/config/read-text.js";
import { findViolations } from "../src/check/violations.js";
import { loadStranglerConfig } from "../src/config/strangler-yaml.js";

/*
 * Random and adversarial TypeScript, SQL and YAML into scan, assess and check: no exception, every run
 * within a time bound, and through the CLI only the documented exit codes, never an internal error.
 * Fixed seed so CI is repeatable; FUZZ_SEED / FUZZ_RUNS explore further by hand.
 */

const seed = Number(process.env.FUZZ_SEED ?? 1411);
const runs = Number(process.env.FUZZ_RUNS ?? 80);
const BOUND_MS = 20_000;
const temp = tempDirs(afterAll);

const TS_PIECES = [
  'query("', '")', "query(`", "`)", "${", "}", "(", ")", "[", "]", "{", "}", "=>", "+", '"SELECT * FROM orders"', "'JOIN users ON'",
  "import { a } from './b';", 'import x from "../../../../etc/passwd";', "export ", "const Q = ", "class A extends B {", "@Entity('t')",
  "function f(", "async ", "await ", "db.query(", "knex('orders').", "prisma.order.findMany(", "/*", "*/", "//", "\n", ";", ",",
  "\u2028", "\uFEFF", "é", "주문", "\\", "`", "'", '"', "<div>", "</div>", "as any", "?.", "!", "#private", "yield*", "x".repeat(200),
  "constructor", "__proto__", ".toString('base64')", ".hasOwnProperty('x')", "db.selectFrom('constructor')", "const valueOf = ",
  "\u0000", "\u001b]0;title\u0007", "\n::error file=a.ts::forged\n", "\u001b[2J", "\r",
];
const SQL_PIECES = [
  "CREATE TABLE", "orders", "users", "(", ")", "id int", ",", "REFERENCES", "users(id)", ";", "\n", "SELECT", "*", "FROM", "JOIN", "ON",
  "INSERT INTO", "VALUES", "'", "''", "$$", "$f$", "--", "/*", "*/", "DELIMITER //", "//", "ALTER TABLE", "ADD", "FOREIGN KEY",
  "PARTITION OF", "CREATE VIEW v AS", "\"quoted name\"", "`back`", "E'\\''", "COPY t FROM stdin;", "\\.", "é", "주문", "\u0000",
  "constructor", "\"__proto__\"", "\"toString\"", "hasOwnProperty",
];
const YAML_PIECES = [
  "contexts:", "\n", "  ", "    ", "- ", "modules:", "tables:", "entry:", "infrastructure:", "rules:", "[", "]", "{", "}", ",", ":",
  "src/**", "src/{a,b}/**", "orders", "public.orders", "order:", "pay:", "&a ", "*a", "<<: *a", "!!binary", "!!js/function", "? ",
  "'", '"', "#", "---", "...", "%YAML 1.1", "cross-context-join: error", "unassigned: warning", "modulez:", "~", "null", "1e999", "\t",
  "constructor:", "__proto__:", "toString",
];

const textOf = (pieces: string[], max: number) =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: max }).map((p) => p.join(""));
/** Deep nesting of one opener, sometimes unclosed. */
const deep = fc.tuple(fc.constantFrom("(", "[", "{", "f(", "a + ", "`${"), fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([open, n, close]) => {
  const closer: Record<string, string> = { "(": ")", "[": "]", "{": "}", "f(": ")", "a + ": "", "`${": "}`" };
  return `export const x = ${open.repeat(n)}1${close ? closer[open].repeat(n) : ""};\n`;
});

/** Files a hostile repository puts where strangler expects a config file or code: FIFOs, devices, links out of it. */
const HAZARD_PLACES = ["contexts.yaml", "strangler.yaml", "package.json", "pnpm-workspace.yaml", "tsconfig.json", ".strangler/baseline.json", ".strangler/rules/weights.yaml", "src/m0/linked.ts", "db/linked.sql"];
const hazardArb = fc.array(fc.record({ at: fc.constantFrom(...HAZARD_PLACES), kind: fc.constantFrom("fifo", "dev-zero", "outside", "dangling", "inside") }), { maxLength: 3 });
/** File names with control characters (a newline and a workflow command, ANSI and OSC sequences). */
const oddNameArb = fc.option(fc.constantFrom("x\n::error file=a.ts::forged.ts", "t\u001b]0;pwned\u0007.ts", "c\u001b[2J\r.ts", "::stop-commands::tok.ts"), { nil: undefined });

const repoArb = fc.record({
  ts: fc.array(fc.oneof({ weight: 3, arbitrary: textOf(TS_PIECES, 60) }, { weight: 1, arbitrary: deep }), { minLength: 1, maxLength: 3 }),
  sql: fc.array(textOf(SQL_PIECES, 60), { maxLength: 2 }),
  contexts: textOf(YAML_PIECES, 40),
  settings: textOf(YAML_PIECES, 20),
  hazards: hazardArb,
  oddName: oddNameArb,
});

/** What lies outside every generated repository, where its links point: never written, never quoted. */
const OUTSIDE_TEXT = "OUTSIDE-SECRET-7f3a\n";

function write(files: { ts: string[]; sql: string[]; contexts: string; settings: string; hazards: Array<{ at: string; kind: string }>; oddName?: string }): string {
  const dir = temp();
  const outside = path.join(temp(), "secret.txt");
  fs.writeFileSync(outside, OUTSIDE_TEXT);
  outsideFiles.push(outside);
  files.ts.forEach((t, i) => {
    fs.mkdirSync(path.join(dir, `src/m${i}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `src/m${i}/index.ts`), t);
  });
  files.sql.forEach((s, i) => {
    fs.mkdirSync(path.join(dir, "db"), { recursive: true });
    fs.writeFileSync(path.join(dir, `db/${i}.sql`), s);
  });
  fs.writeFileSync(path.join(dir, "contexts.yaml"), files.contexts);
  fs.writeFileSync(path.join(dir, "strangler.yaml"), files.settings);
  if (files.oddName) fs.writeFileSync(path.join(dir, "src/m0", files.oddName), files.ts[0]);
  for (const h of files.hazards) {
    const at = path.join(dir, h.at);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.rmSync(at, { force: true });
    if (h.kind === "fifo") execFileSync("mkfifo", [at]);
    else if (h.kind === "dev-zero") fs.symlinkSync("/dev/zero", at);
    else if (h.kind === "outside") fs.symlinkSync(outside, at);
    else if (h.kind === "dangling") fs.symlinkSync(path.join(path.dirname(outside), "missing"), at);
    else fs.symlinkSync(path.relative(path.dirname(at), path.join(dir, "src/m0/index.ts")), at);
  }
  return dir;
}
const outsideFiles: string[] = [];

/** Output safe for a CI log: no line starts with `::`, no control character but newline (nothing is coloured: not a terminal). */
function safeForLogs(text: string): void {
  expect(text).not.toMatch(/^\s*::/m);
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe("adversarial input", () => {
  it("scan, assess and check's judging never throw and finish within the bound", () => {
    fc.assert(
      fc.property(repoArb, (files) => {
        const dir = write(files);
        const t0 = Date.now();
        const scan = scanRepo(dir, { gitHistory: false });
        let contexts;
        try {
          contexts = readContextsFile(path.join(dir, "contexts.yaml"), "contexts.yaml", dir);
        } catch (err) {
          // a contexts.yaml that is a FIFO, a device or a link out of the repository: refused, named, never read
          expect(err).toBeInstanceOf(ConfigReadError);
          expect((err as Error).message).toMatch(/^contexts\.yaml: /);
          contexts = { contexts: [], infrastructure: [], rules: {}, diagnostics: [] };
        }
        findViolations(scan.facts, contexts);
        loadStranglerConfig(dir);
        assessRepo(dir, { gitHistory: false });
        expect(Date.now() - t0).toBeLessThan(BOUND_MS);
        // every problem with the contexts file has a line to point at, or is about the whole file
        for (const d of contexts.diagnostics) expect(d.file).toBe("contexts.yaml");
      }),
      { seed, numRuns: runs },
    );
  }, 600_000);

  it("through the CLI: exit 0, 1 or 2 only, never an internal error", () => {
    fc.assert(
      fc.property(repoArb, fc.constantFrom("scan", "assess", "check", "roadmap"), (files, cmd) => {
        const dir = write(files);
        const r = runCli(cmd === "check" ? [cmd, dir, "--update-baseline"] : cmd === "assess" ? [cmd, dir, "--write-contexts"] : [cmd, dir], { timeoutMs: 120_000 });
        expect(r.stderr).not.toContain("internal error");
        expect([0, 1, 2]).toContain(r.status);
        // (assess prints its diagnostics before --write-contexts may refuse: the refusal is then the last line)
        if (r.status === 2) expect(r.stderr.trim().split("\n")[cmd === "assess" ? r.stderr.trim().split("\n").length - 1 : 0]).toMatch(/^strangler: /);
        safeForLogs(r.stdout);
        safeForLogs(r.stderr);
        expect(r.stdout + r.stderr).not.toContain("OUTSIDE-SECRET");
        for (const f of outsideFiles) expect(fs.readFileSync(f, "utf8")).toBe(OUTSIDE_TEXT);
        expect(fs.readdirSync(path.dirname(outsideFiles[outsideFiles.length - 1]))).toEqual(["secret.txt"]);
      }),
      { seed, numRuns: Math.max(4, Math.round(runs / 12)) },
    );
  }, 600_000);
});

describe("names Object.prototype has (constructor, toString, __proto__, hasOwnProperty, valueOf)", () => {
  it("are tables, folders and calls like any other: assess, roadmap and check run, and no method name becomes a table", () => {
    const dir = repoOf(temp)({
      "package.json": JSON.stringify({ name: "proto", private: true, dependencies: { kysely: "^0.27.0", pg: "^8.11.0" } }),
      "db/schema.sql": [
        'CREATE TABLE "constructor" (id BIGSERIAL PRIMARY KEY);',
        'CREATE TABLE "toString" (id BIGSERIAL PRIMARY KEY, constructor_id BIGINT REFERENCES "constructor" (id));',
        'CREATE TABLE "__proto__" (id BIGSERIAL PRIMARY KEY);',
        'CREATE TABLE "hasOwnProperty" (id BIGSERIAL PRIMARY KEY);',
        "CREATE TABLE valueOf (id BIGSERIAL PRIMARY KEY);",
      ].join("\n"),
      "src/db.ts": 'import { Kysely } from "kysely";\nexport const db = new Kysely<any>({} as any);\nexport const toString = "x";\n',
      "src/constructor/index.ts": [
        'import { db } from "../db";',
        "export async function avatar(bytes: Buffer, o: object) {",
        '  const b64 = bytes.toString("base64");',
        '  if ((o as any).hasOwnProperty("email")) return b64;',
        '  await db.insertInto("toString").values({ id: 1 }).execute();',
        '  return db.selectFrom("__proto__").innerJoin("constructor", "constructor.id", "__proto__.id").selectAll().execute();',
        "}",
      ].join("\n"),
      "src/toString/index.ts": 'import { db } from "../db";\nimport { avatar } from "../constructor";\nexport const run = async () => { await avatar(Buffer.from(""), {}); return db.deleteFrom("hasOwnProperty").execute(); };\nexport const v = () => db.updateTable("valueOf").set({ id: 2 }).execute();\n',
      "src/__proto__/index.ts": 'import { db, toString } from "../db";\nexport const w = () => db.selectFrom("valueOf").where("id", "=", toString.length).selectAll().execute();\n',
    });

    const a = assessRepo(dir, {});
    const tables = a.clustering.contexts.flatMap((c) => c.tables).map((t) => t.replace(/^public\./, "")).sort();
    expect(tables).toEqual(["__proto__", "constructor", "hasownproperty", "tostring", "valueof"]);
    expect(a.scan.facts.accesses.map((x) => x.table)).not.toContain("base64");
    expect(a.scan.facts.accesses.map((x) => x.table)).not.toContain("email");
    expect(Number.isFinite(a.measurement.overall.modularity)).toBe(true);
    for (const args of [["roadmap", dir], ["assess", dir, "--write-contexts"], ["check", dir]]) {
      const r = runCli(args);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
    }
  });
});
