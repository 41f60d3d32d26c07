import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * A Knex schema-builder chain runs every call in order (`knex.schema.createTable("a", …).createTable("b", …)`),
 * so each one is read, at its own line: a rename then a drop in one chain leaves no `*_old` table, and
 * `withSchema("s")` holds for the whole chain, as Knex compiles it. Only `up` shapes the schema. (The same
 * migrations run by Knex against a real PostgreSQL are in test/schema-code-migrations-real-postgres.test.ts.)
 */

describe("Knex schema-builder chains (fixtures/migrations-knex-chains)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/migrations-knex-chains"), { gitHistory: false });

  it("reads every createTable of a chain, each at its own line, and the renames and drops after them", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "audit.book_events migrations/20240301000000_audit.js:7",
      "audit.logins migrations/20240301000000_audit.js:12",
      "public.authors migrations/20240101000000_catalog.js:6",
      // rebuilt: renamed to book_versions_old, created again, the old one dropped in the same chain
      "public.book_versions migrations/20240201000000_versions.js:7",
      "public.books migrations/20240101000000_catalog.js:11",
      // shelves, renamed by the last migration
      "public.collections migrations/20240101000000_catalog.js:20",
    ]);
  });

  it("reads the keys of every builder of the chain, table() included", () => {
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`)).toEqual([
      "public.book_versions > public.books migrations/20240201000000_versions.js:9",
      "public.books > public.authors migrations/20240101000000_catalog.js:13",
      "public.collections > public.authors migrations/20240201000000_versions.js:15",
    ]);
  });

  it("keeps the copy from the table moved aside out of the app's accesses, and applies no call of down()", () => {
    expect(s.facts.accesses.map((a) => `${a.mode} ${a.table} ${a.file}:${a.line}`)).toEqual(["write public.book_versions migrations/20240201000000_versions.js:12"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => `${d.file}:${d.line}`)).toEqual([
      "migrations/20240101000000_catalog.js:24",
      "migrations/20240101000000_catalog.js:24",
      "migrations/20240101000000_catalog.js:24",
      "migrations/20240101000000_catalog.js:24",
      "migrations/20240201000000_versions.js:21",
      "migrations/20240201000000_versions.js:22",
      "migrations/20240201000000_versions.js:23",
      "migrations/20240301000000_audit.js:17",
      "migrations/20240301000000_audit.js:17",
    ]);
  });
});
