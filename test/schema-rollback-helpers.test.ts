import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * A migration's down() often undoes its work through helpers of its own: a class's private methods
 * (`await this.dropAll(queryRunner)`) or a file's functions (`await dropTags(knex)`), at any depth. Those
 * reached only from down() are rollback and never shape the schema; a helper up() calls too runs forward.
 */

describe("rollback reached through helpers (fixtures/migrations-rollback-helpers)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/migrations-rollback-helpers"), { gitHistory: false });

  it("keeps the tables up() makes, whatever the helpers of down() drop or rename", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.accounts src/migrations/1700000000000-Ledger.ts:7",
      "public.entries src/migrations/1700000000000-Ledger.ts:18",
      "public.labels migrations/20240101000000_tags.js:17",
      "public.readers src/migrations/1700000000000-Ledger.ts:32",
      "public.tags migrations/20240101000000_tags.js:4",
    ]);
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`)).toEqual(["public.entries > public.accounts"]);
  });

  it("tells each statement of a rollback helper as rollback, at its line, two levels deep and in an arrow-function field", () => {
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => `${d.file}:${d.line}`)).toEqual([
      "migrations/20240101000000_tags.js:8",
      "migrations/20240101000000_tags.js:13",
      "src/migrations/1700000000000-Ledger.ts:23",
      "src/migrations/1700000000000-Ledger.ts:27",
    ]);
  });
});
