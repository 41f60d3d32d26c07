import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { StatementExtractor } from "../src/scan/sql/extract.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Names that are no table of the schema: a temporary table (it lives for one session), a table a migration
 * makes and drops again, a CTE (in SQL and in a Knex chain, recursive or not, in the chain inside its own
 * callback too), and TRUNCATE's options. (The same migrations run by Knex against a real PostgreSQL, with
 * the catalog as the truth, are in test/schema-code-migrations-real-postgres.test.ts.)
 */

describe("names that are not tables (fixtures/migrations-transient)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/migrations-transient"), { gitHistory: false });

  it("keeps only the schema's tables: no temporary table, no staging table dropped in its migration, no CTE", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.members migrations/20240101000000_roles.js:9",
      "public.role_paths migrations/20240301000000_role_paths.js:5",
      "public.roles migrations/20240101000000_roles.js:4",
    ]);
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`)).toEqual(["public.members > public.roles", "public.role_paths > public.roles", "public.roles > public.roles"]);
  });

  it("says where a temporary table is made, and keeps what its session reads and writes of the real tables", () => {
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-temporary-table").map((d) => `${d.file}:${d.line}`)).toEqual([
      "migrations/20240201000000_merge_roles.js:5",
      "migrations/20240201000000_merge_roles.js:7",
    ]);
    const merge = s.facts.accesses.filter((a) => a.file === "migrations/20240201000000_merge_roles.js").map((a) => `${a.mode} ${a.table} :${a.line}`);
    expect(merge).toEqual(["read public.roles :6", "read public.roles :7", "write public.members :9", "write public.roles :10", "write public.roles :11"]);
    // No statement about the temporary tables is told as one that names no table.
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-no-tables" && d.file.includes("merge_roles"))).toEqual([]);
  });

  it("reads through a Knex CTE (with, withRecursive) to the tables it reads, and never to the CTE's name", () => {
    const code = s.facts.accesses.filter((a) => a.file === "src/roles.ts").map((a) => `${a.mode} ${a.table} :${a.line}`);
    expect(code).toEqual(["read public.roles :10", "read public.roles :12", "read public.members :21", "read public.roles :21", "write public.members :31", "write public.roles :31", "write public.roles :36", "read public.members :37"]);
    expect(s.facts.joins.filter((j) => j.file === "src/roles.ts").flatMap((j) => j.tables)).not.toContain("public.chain");
    // A call on the store reaches what its method does, never the CTE names of the store's file.
    expect(s.facts.accesses.filter((a) => a.file === "src/role-service.ts").map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual(["write public.roles :8"]);
  });

  it("reads a TRUNCATE's tables, never its RESTART / CONTINUE IDENTITY", () => {
    const pg = new StatementExtractor("postgresql");
    const tables = (sql: string) => pg.extract(sql).facts.accesses.map((a) => `${a.mode}:${a.table}`);
    expect(tables('TRUNCATE TABLE "a", b RESTART IDENTITY CASCADE')).toEqual(["write:public.a", "write:public.b"]);
    expect(tables("TRUNCATE ONLY a CONTINUE IDENTITY")).toEqual(["write:public.a"]);
    // A generated statement whose table list came out empty names no table.
    expect(tables("TRUNCATE TABLE  RESTART IDENTITY CASCADE")).toEqual([]);
    expect(tables("TRUNCATE  CONTINUE IDENTITY")).toEqual([]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-dynamic-table").map((d) => `${d.file}:${d.line}`)).toEqual(["src/roles.ts:30", "src/seed-reset.ts:5", "src/seed-reset.ts:5", "src/seed-reset.ts:6"]);
  });

  it("takes every name of a TRUNCATE list built at run time as a table computed at run time, never RESTART after it", () => {
    // `TRUNCATE TABLE ${a}, ${b} RESTART IDENTITY`: the second hole stands where a table goes too.
    expect(s.facts.accesses.filter((a) => a.file === "src/seed-reset.ts").map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual(["write public.members :6"]);
    expect(s.facts.tables.map((t) => t.name)).not.toContain("public.restart");
    expect(s.facts.tables.map((t) => t.name)).not.toContain("public.continue");
  });

  it("reads CREATE TEMP[ORARY] TABLE as a temporary table in every dialect", () => {
    for (const dialect of ["postgresql", "mysql", "sqlite"] as const) {
      const x = new StatementExtractor(dialect);
      for (const sql of ["CREATE TEMPORARY TABLE t (id int)", "CREATE TEMP TABLE IF NOT EXISTS t AS SELECT 1", "CREATE GLOBAL TEMPORARY TABLE t (id int)"]) {
        const f = x.extract(sql).facts;
        expect([f.creates, f.temporaries.length]).toEqual([[], 1]);
      }
    }
  });
});
