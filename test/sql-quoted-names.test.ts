import { describe, expect, it } from "vitest";
import { StatementExtractor } from "../src/scan/sql/extract.js";
import { standInDoubledQuotes } from "../src/scan/sql/quoted-names.js";

/*
 * A quoted name holds its quote doubled: `"m""x"` is the table m"x, `a``b` in MySQL the table a`b. Read
 * whole, never cut at the first quote (node-sql-parser read `"m""x"` as the table m with the alias x).
 */

describe("doubled quotes inside quoted names", () => {
  it("PostgreSQL: the name keeps its quote, in reads, writes, joins, creates and foreign keys", () => {
    const x = new StatementExtractor("postgresql");
    expect(x.extract('SELECT o.id FROM "or""ders" o JOIN "m""x" m ON m.id = o.m_id').facts).toMatchObject({
      accesses: [
        { table: 'public.or"ders', mode: "read" },
        { table: 'public.m"x', mode: "read" },
      ],
      joins: [['public.m"x', 'public.or"ders']],
    });
    expect(x.extract('INSERT INTO "m""x" (id) VALUES (1)').facts.accesses).toEqual([{ table: 'public.m"x', mode: "write" }]);
    const ddl = x.extract('CREATE TABLE "a""b"."or""ders" (id int, m_id int REFERENCES "m""x" (id))').facts;
    expect(ddl.creates).toEqual(['a"b.or"ders']);
    expect(ddl.foreignKeys).toMatchObject([{ from: 'a"b.or"ders', to: 'public.m"x' }]);
  });

  it("MySQL and SQLite: backticks and brackets the same way", () => {
    expect(new StatementExtractor("mysql").extract("SELECT * FROM `a``b`").facts.accesses).toEqual([{ table: "default.a`b", mode: "read" }]);
    expect(new StatementExtractor("sqlite").extract("SELECT * FROM [a]]b]").facts.accesses).toEqual([{ table: "main.a]b", mode: "read" }]);
  });

  it("strings, comments and dollar quotes are left as they are; a name without a doubled quote is untouched", () => {
    const sql = `SELECT 'it''s "a""b"', $$x""y$$ FROM "m""x" -- "c""d"\n/* "e""f" */ WHERE "plain" = 1`;
    expect(standInDoubledQuotes(sql).sql).toBe(`SELECT 'it''s "a""b"', $$x""y$$ FROM "m\ue000x" -- "c""d"\n/* "e""f" */ WHERE "plain" = 1`);
    expect(standInDoubledQuotes('SELECT * FROM "orders"')).toEqual({ sql: 'SELECT * FROM "orders"', changed: false });
    expect(new StatementExtractor("postgresql").extract(`SELECT 'it''s "a""b"' FROM "m""x"`).facts.accesses).toEqual([{ table: 'public.m"x', mode: "read" }]);
  });
});
