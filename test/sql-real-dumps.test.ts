import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

const CORPUS = path.resolve(ROOT, "fixtures/corpus/pagila");
const bare = (name: string) => name.slice(name.indexOf(".") + 1);

interface Truth {
  tables: string[];
  foreign_keys: Array<{ from: string; to: string; name: string }>;
}

describe("pagila (PostgreSQL 18 pg_dump), against the catalog of a real server", () => {
  const truth = JSON.parse(fs.readFileSync(path.join(CORPUS, "pagila-schema.truth.json"), "utf8")) as Truth;
  const scan = scanRepo(CORPUS);

  it("detects PostgreSQL", () => {
    expect(scan.dialect).toBe("postgresql");
  });

  it("finds every table (recall 100%) and nothing that is not one", () => {
    const found = scan.facts.tables.map((t) => bare(t.name)).sort();
    expect(truth.tables.filter((t) => !found.includes(t))).toEqual([]);
    expect(found).toEqual([...truth.tables].sort());
  });

  it("finds every foreign key, by name (recall 100%)", () => {
    const found = scan.facts.foreignKeys.map((fk) => `${bare(fk.from)} -> ${bare(fk.to)} (${fk.constraint})`).sort();
    const expected = truth.foreign_keys.map((fk) => `${fk.from} -> ${fk.to} (${fk.name})`).sort();
    expect(found).toEqual(expected);
  });

  it("links every partition of payment to its parent, and every view to what it reads", () => {
    const partitions = truth.tables.filter((t) => /^payment_p\d{4}_\d{2}$/.test(t));
    expect(scan.facts.inherits.map((i) => `${bare(i.child)}>${bare(i.parent)}`).sort()).toEqual(partitions.map((p) => `${p}>payment`).sort());
    const view = (name: string) => scan.facts.views.find((v) => v.name === `public.${name}`)?.reads.map(bare);
    expect(view("customer_list")).toEqual(["address", "city", "country", "customer"]);
    expect(view("actor_info")).toEqual(["actor", "category", "film", "film_actor", "film_category"]);
    expect(scan.facts.views).toHaveLength(8);
  });

  it("explains every statement that yields nothing, and has no unexplained one", () => {
    const empty = scan.facts.diagnostics.filter((d) => d.code === "sql-no-tables");
    expect(empty.filter((d) => d.severity !== "info")).toEqual([]);
    const byReason: Record<string, number> = {};
    for (const d of empty) {
      const reason = d.message.slice(d.message.lastIndexOf('": ') + 3);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    expect(byReason).toEqual({
      "comment": 1,
      "constraint within one table": 15,
      "function body (dollar-quoted bodies are not read)": 9,
      "index on one table": 38,
      "object that is not a table": 32,
      "ownership change": 92,
      "privileges": 2,
      "session setting": 12,
      "trigger definition": 16,
    });
    expect(scan.stats.statements).toBe(388);
  });
});

describe("a mysqldump of a shop (fixture in mysqldump's format)", () => {
  const dir = path.join(ROOT, "fixtures/mysql-shop-dump");
  const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
  const scan = scanRepo(dir);

  it("detects MySQL and reads tables, named foreign keys and the view hidden in versioned comments", () => {
    expect(scan.dialect).toBe("mysql");
    expect(scan.facts.tables.map((t) => bare(t.name))).toEqual(expected.tables);
    expect(scan.facts.foreignKeys.map((fk) => ({ from: bare(fk.from), to: bare(fk.to), name: fk.constraint }))).toEqual(expected.foreign_keys);
    expect(Object.fromEntries(scan.facts.views.map((v) => [bare(v.name), v.reads.map(bare)]))).toEqual(expected.views);
  });

  it("reads the writes of a procedure and a trigger inside DELIMITER blocks", () => {
    const writes = scan.facts.accesses.filter((a) => a.mode === "write").map((a) => `${a.line}:${bare(a.table)}`);
    expect(writes).toEqual(expect.arrayContaining(["129:order", "129:order_line", "129:stock", "143:audit_log"]));
  });

  it("explains every statement that yields nothing", () => {
    expect(scan.facts.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });
});
