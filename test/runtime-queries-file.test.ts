import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint } from "../src/scan/database/fingerprint.js";
import { parseDelimited, parseJsonRows } from "../src/scan/database/tables-text.js";
import { readQueriesFile } from "../src/scan/database/queries-file.js";
import { RuntimeInputError } from "../src/scan/database/input.js";
import { FIXTURE, ROOT, runCli, tempDirs } from "./helpers/cli.js";

/*
 * --queries: the statistics without network access to the database, from an export of pg_stat_statements
 * or MySQL's digest table (CSV, `mysql --batch` TSV, JSON). And how a statement the database reports is
 * recognised among the code's SQL: its fingerprint.
 */

const temp = tempDirs(afterAll);
const STATS = path.join(ROOT, "fixtures/runtime-stats/allinone-commerce.search-heavy.pg_stat_statements.csv");
const write = (name: string, text: string) => {
  const file = path.join(temp(), name);
  fs.writeFileSync(file, text);
  return file;
};

describe("the fingerprint of a statement: its values, placeholders, quotes, case and spacing left out", () => {
  it("is the same for the code's SQL, pg_stat_statements' text and MySQL's digest text", () => {
    const same = [
      ["SELECT id FROM carts WHERE user_id = $1 AND status = 'open'", "SELECT id FROM carts WHERE user_id = $1 AND status = $2"],
      ["SELECT * FROM t WHERE a = ${…} LIMIT 10", "select *  from t\n where a = $1 limit $2;"],
      ["SELECT name FROM users WHERE email = :email AND id IN (1, 2, 3)", 'SELECT "name" FROM "users" WHERE "email" = ? AND "id" IN (...)'],
      ["INSERT INTO payments (order_id, amount, status, paid_at) VALUES (?, ?, 'captured', NOW())", "INSERT INTO `payments` ( `order_id` , `amount` , STATUS , `paid_at` ) VALUES ( ?, ... , NOW ( ) )"],
      ["SELECT o . id FROM `orders` `o` -- note\nWHERE o.total > 100.5 /* x */", "SELECT `o` . `id` FROM `orders` `o` WHERE `o` . `total` > ?"],
      ["UPDATE t SET flag = true WHERE note = E'it''s' AND x = $1::bigint[]", "UPDATE t SET flag = $2 WHERE note = $3 AND x = $1::bigint[]"],
      ["PREPARE p1 AS SELECT a FROM b WHERE c = $1", "SELECT a FROM b WHERE c = $1"],
    ];
    for (const [code, db] of same) expect(fingerprint(db), `${code} | ${db}`).toBe(fingerprint(code));
  });

  it("differs when a table, a column, an operator or a keyword differs", () => {
    const base = "SELECT id FROM carts WHERE user_id = $1";
    for (const other of ["SELECT id FROM cart WHERE user_id = $1", "SELECT id FROM carts WHERE owner_id = $1", "SELECT id FROM carts WHERE user_id > $1", "SELECT id FROM carts WHERE user_id = $1 FOR UPDATE", "SELECT v1 FROM carts WHERE user_id = $1"]) {
      expect(fingerprint(other)).not.toBe(fingerprint(base));
    }
    // a string holding what looks like SQL is a value like any other
    expect(fingerprint("SELECT 'a FROM b' FROM t")).toBe(fingerprint("SELECT 'x' FROM t"));
  });
});

describe("reading exported tables", () => {
  it("CSV: quoted fields with commas, doubled quotes and line breaks; each row with the line it starts on", () => {
    const { header, rows } = parseDelimited('query,calls\n"SELECT a, ""b""\nFROM t",3\nBEGIN,7\n', ",");
    expect(header).toEqual(["query", "calls"]);
    expect(rows).toEqual([
      { line: 2, values: { query: 'SELECT a, "b"\nFROM t', calls: "3" } },
      { line: 4, values: { query: "BEGIN", calls: "7" } },
    ]);
  });

  it("TSV as mysql --batch writes it: \\t, \\n and \\\\ escaped", () => {
    const { rows } = parseDelimited("DIGEST_TEXT\tCOUNT_STAR\nSELECT ?\\n FROM `t`\t5\n", "\t");
    expect(rows).toEqual([{ line: 2, values: { DIGEST_TEXT: "SELECT ?\n FROM `t`", COUNT_STAR: "5" } }]);
  });

  it("JSON: an array of objects, each with the line its object starts on", () => {
    expect(parseJsonRows('[{"query": "a [ { ,", "calls": 1},\n {"query": "b", "calls": 2}]')).toEqual([
      { line: 1, values: { query: "a [ { ,", calls: 1 } },
      { line: 2, values: { query: "b", calls: 2 } },
    ]);
  });

  it("reads the committed export of pg_stat_statements: multi-line statements, each tied to the code that sends it", () => {
    const input = readQueriesFile(STATS, "stats.csv");
    expect(input).toMatchObject({ kind: "file", dialect: "postgresql", catalog: null, where: "stats.csv" });
    const search = input.statements.find((s) => s.text.startsWith("SELECT p.id AS \"productId\""))!;
    expect(search.text).toContain("\n");
    expect(search).toMatchObject({ calls: 300, file: "stats.csv" });
    expect(fs.readFileSync(STATS, "utf8").split("\n")[search.line - 1]).toMatch(/^-?\d+,"SELECT p\.id AS ""productId""/);
    const json = JSON.parse(runCli(["scan", FIXTURE, "--queries", STATS, "--json"]).stdout).runtime;
    expect(json.counts.application).toBe(json.counts.tiedToCode);
    expect(json.tables.find((t: { name: string }) => t.name === "public.search_synonyms")).toEqual({ name: "public.search_synonyms", calls: 300, readCalls: 300, writeCalls: 0, statements: 1 });
  });

  it("names MySQL exports by their columns, and leaves out a row without a count with a warning at its line", () => {
    const file = write("digests.csv", "SCHEMA_NAME,DIGEST,DIGEST_TEXT,COUNT_STAR,SUM_TIMER_WAIT\nshop,ab12,SELECT * FROM `shop` . `orders`,4,2000000000\nshop,cd34,SELECT 1,,0\n");
    const input = readQueriesFile(file, "digests.csv");
    expect(input.dialect).toBe("mysql");
    expect(input.statements).toEqual([{ text: "SELECT * FROM `shop` . `orders`", calls: 4, totalMs: 2, file: "digests.csv", line: 2, id: "ab12", schema: "shop" }]);
    expect(input.diagnostics).toEqual([{ file: "digests.csv", line: 3, code: "runtime-row", severity: "warning", message: "row left out: it needs a statement in DIGEST_TEXT and a whole count in COUNT_STAR" }]);
    // The connected database's tables are the scan's `default` schema.
    const json = JSON.parse(runCli(["scan", path.join(ROOT, "fixtures/runtime-mysql-shop"), "--queries", file, "--json"]).stdout).runtime;
    expect(json.tables).toEqual([{ name: "default.orders", calls: 4, readCalls: 4, writeCalls: 0, statements: 1 }]);
  });
});

describe("--queries: what cannot be read is one line, exit 2", () => {
  it.each([
    ["a file that does not exist", () => path.join(temp(), "none.csv"), /^--queries \S+none\.csv: no such file$/],
    ["a folder", () => temp(), /^--queries \S+: a folder, not a file$/],
    ["no statement or count column", () => write("x.csv", "a,b\n1,2\n"), /^--queries \S+x\.csv: expected columns query and calls \(pg_stat_statements\) or DIGEST_TEXT and COUNT_STAR \(MySQL's digest table\); found a, b$/],
    ["JSON that is not an array of rows", () => write("x.json", '{"query": "SELECT 1"}'), /^--queries \S+x\.json: not a JSON array of rows \(expected a JSON array of rows\)$/],
    ["broken JSON", () => write("y.json", "[{"), /^--queries \S+y\.json: not a JSON array of rows \(.+\)$/],
  ])("%s", (_what, file, says) => {
    expect(() => readQueriesFile(file(), "shown")).toThrow(RuntimeInputError);
    expect(() => readQueriesFile(file(), "shown")).toThrow(says);
  });

  it("is the user's input error on the command line: exit 2, the message on stderr, nothing on stdout", () => {
    const r = runCli(["scan", FIXTURE, "--queries", write("z.csv", "a,b\n")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^strangler: --queries \S+z\.csv: expected columns query and calls .*; found a, b\n$/);
  });
});
