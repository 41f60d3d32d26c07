import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint } from "../src/scan/database/fingerprint.js";
import { CsvReader, JsonArrayReader, parseDelimited, parseJsonRows, TsvReader, type TextRecord } from "../src/scan/database/tables-text.js";
import { readQueriesFile } from "../src/scan/database/queries-file.js";
import { RuntimeInputError } from "../src/scan/database/input.js";
import { BIN, FIXTURE, ROOT, runCli, tempDirs } from "./helpers/cli.js";

/*
 * --queries: the statistics without network access to the database, from an export of pg_stat_statements
 * or MySQL's digest table (CSV, `mysql --batch` TSV, JSON). And how a statement the database reports is
 * recognised among the code's SQL: its fingerprint.
 */

const temp = tempDirs(afterAll);
const STATS = path.join(ROOT, "fixtures/runtime-stats/allinone-commerce.search-heavy.pg_stat_statements.csv");
const write = (name: string, text: string | Buffer) => {
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
    ["JSON that is not an array of rows", () => write("x.json", '{"query": "SELECT 1"}'), /^--queries \S+x\.json:1: not a JSON array of rows \(expected a JSON array of rows\)$/],
    ["broken JSON", () => write("y.json", "[{"), /^--queries \S+y\.json:1: not a JSON array of rows \(.+\)$/],
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

describe("--queries read a piece at a time, in the memory of one row and the rows kept", () => {
  const CSV = 'query,calls\r\n"SELECT a, ""b""\r\nFROM t",3\r\nBEGIN,7\n"x""",\n\nSELECT 2,4';
  const TSV = "DIGEST_TEXT\tCOUNT_STAR\r\nSELECT ?\\n FROM `t`\t5\n\nSELECT \\\\ 1\t6\r\nlast\t7";
  const JSONROWS = '[{"query": "a [ { , \\" ]", "calls": 1},\n {"query": "b", "calls": 2}\n, {"q": [1, {"x": "]"}]} ]\n';
  const records = (make: (on: (r: TextRecord) => void) => { push(t: string): void; end(): void }, pieces: string[]) => {
    const out: TextRecord[] = [];
    const reader = make((r) => out.push(r));
    for (const p of pieces) reader.push(p);
    reader.end();
    return out;
  };

  it("gives the same rows at the same lines wherever the text is cut into pieces (CSV, TSV, JSON)", () => {
    for (const [text, make] of [
      [CSV, (on: (r: TextRecord) => void) => new CsvReader(on)],
      [TSV, (on: (r: TextRecord) => void) => new TsvReader(on)],
    ] as const) {
      const whole = records(make, [text]);
      expect(whole.length).toBeGreaterThan(2);
      for (let i = 0; i <= text.length; i++) {
        for (let j = i; j <= text.length; j += 3) expect(records(make, [text.slice(0, i), text.slice(i, j), text.slice(j)]), `${i}/${j}`).toEqual(whole);
      }
    }
    expect(records((on) => new CsvReader(on), [CSV]).map((r) => [r.line, r.fields])).toEqual([
      [1, ["query", "calls"]],
      [2, ['SELECT a, "b"\r\nFROM t', "3"]],
      [4, ["BEGIN", "7"]],
      [5, ['x"', ""]],
      [6, [""]],
      [7, ["SELECT 2", "4"]],
    ]);
    const json = (pieces: string[]) => {
      const out: Array<[unknown, number]> = [];
      const reader = new JsonArrayReader((v, line) => out.push([v, line]));
      for (const p of pieces) reader.push(p);
      reader.end();
      return out;
    };
    const whole = json([JSONROWS]);
    expect(whole).toEqual([
      [{ query: 'a [ { , " ]', calls: 1 }, 1],
      [{ query: "b", calls: 2 }, 2],
      [{ q: [1, { x: "]" }] }, 3],
    ]);
    for (let i = 0; i <= JSONROWS.length; i++) expect(json([JSONROWS.slice(0, i), JSONROWS.slice(i)]), String(i)).toEqual(whole);
  });

  it("reads UTF-16 exports (PowerShell's default), little- and big-endian, with or without a byte order mark", () => {
    const text = "query,calls\n\"SELECT 'é' FROM orders\",12\nSELECT 1 FROM t,3\n";
    const utf8 = readQueriesFile(write("u8.csv", `\ufeff${text}`), "x.csv").statements;
    expect(utf8.map((s) => [s.text, s.calls, s.line])).toEqual([
      ["SELECT 'é' FROM orders", 12, 2],
      ["SELECT 1 FROM t", 3, 3],
    ]);
    const le = Buffer.from(`\ufeff${text}`, "utf16le");
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [["le-bom.csv", le], ["be-bom.csv", be], ["le.csv", le.subarray(2)], ["be.csv", be.subarray(2)]] as const) {
      expect(readQueriesFile(write(name, bytes), "x.csv").statements, name).toEqual(utf8);
    }
    // And a JSON export, as PowerShell's ConvertTo-Json | Out-File writes it.
    const json = readQueriesFile(write("ps.json", Buffer.from(`\ufeff[\r\n  {"query": "SELECT 1 FROM t", "calls": 3}\r\n]`, "utf16le")), "ps.json");
    expect(json.statements).toEqual([{ text: "SELECT 1 FROM t", calls: 3, file: "ps.json", line: 2 }]);
  });

  it("takes only whole, non-negative counts a double holds exactly: 1.5, 1e23, -3 and 12abc are left out at their line", () => {
    const file = write("counts.csv", "query,calls\nSELECT 1 FROM a,1.5\nSELECT 1 FROM b,1e23\nSELECT 1 FROM c,-3\nSELECT 1 FROM d,12abc\nSELECT 1 FROM e,99999999999999999999\nSELECT 1 FROM f, 42 \n");
    const input = readQueriesFile(file, "counts.csv");
    expect(input.statements.map((s) => [s.text, s.calls])).toEqual([["SELECT 1 FROM f", 42]]);
    expect(input.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([2, 3, 4, 5, 6].map((l) => `counts.csv:${l} row left out: it needs a statement in query and a whole count in calls`));
    const json = readQueriesFile(write("counts.json", '[{"query": "SELECT 1 FROM a", "calls": 1.5},\n{"query": "SELECT 1 FROM b", "calls": 1e23},\n{"query": "SELECT 1 FROM c", "calls": 7}]'), "counts.json");
    expect(json.statements.map((s) => s.calls)).toEqual([7]);
    expect(json.diagnostics.map((d) => d.line)).toEqual([1, 2]);
  });

  it("past the row limit keeps the rows with the most calls (the first among equals), in file order, and says how many were left out", () => {
    const calls = [5, 9, 1, 9, 7, 3, 9, 2];
    const file = write("many.csv", `query,calls\n${calls.map((c, i) => `SELECT ${i} FROM t,${c}`).join("\n")}\n`);
    const input = readQueriesFile(file, "many.csv", 4);
    expect(input.statements.map((s) => [s.line, s.calls])).toEqual([
      [3, 9],
      [5, 9],
      [6, 7],
      [8, 9],
    ]);
    expect(input.diagnostics).toEqual([
      { file: "many.csv", code: "runtime-rows-limit", severity: "warning", message: "8 rows: past the 4 read at most, the 4 with the most calls are read (75.5% of all calls); 4 rows left out" },
    ]);
  });

  it("a row longer than the limit is left out at its line, and the rows after it are read", () => {
    const file = write("long.csv", `query,calls\n"SELECT ${"x, ".repeat(400_000)}1 FROM t",5\nSELECT 1 FROM u,6\n`);
    const input = readQueriesFile(file, "long.csv");
    expect(input.statements.map((s) => [s.text, s.line])).toEqual([["SELECT 1 FROM u", 3]]);
    expect(input.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual(["2 row left out: longer than 1024 KB"]);
  });

  it("past twenty, rows left out for their content are counted in one line", () => {
    const file = write("bad.csv", `query,calls\n${Array.from({ length: 25 }, (_, i) => `SELECT ${i},x`).join("\n")}\nSELECT 1 FROM t,1\n`);
    const input = readQueriesFile(file, "bad.csv");
    expect(input.diagnostics).toHaveLength(21);
    expect(input.diagnostics[20].message).toBe("5 more rows left out for the same reasons");
  });

  it("reads from a pipe (--queries <(psql …)), and refuses a device", () => {
    // A shell pipe, as process substitution gives: the export is never a file on disk.
    const r = spawnSync("sh", ["-c", `printf 'query,calls\\nSELECT id FROM orders,4\\n' | "$0" "$1" scan "$2" --queries /dev/stdin --json`, process.execPath, BIN, FIXTURE], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runtime.tables).toEqual([{ name: "public.orders", calls: 4, readCalls: 4, writeCalls: 0, statements: 1 }]);
    expect(() => readQueriesFile("/dev/zero", "zero")).toThrow(/^--queries \/dev\/zero: a device, not a file or a pipe; not read$/);
  });
});
