import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * TypeORM migrations change the schema through QueryRunner's API as well as through SQL: renameTable,
 * dropTable and createTable(new Table({ name, foreignKeys })). Each is the SQL it stands for, applied in
 * migration order with the SQL of queryRunner.query(); what down() does is rollback.
 */

describe("TypeORM QueryRunner schema calls (fixtures/migrations-typeorm-runner)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/migrations-typeorm-runner"), { gitHistory: false });

  it("applies renameTable, dropTable and createTable in order: the renamed table has its new name, the dropped one is gone", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.delivery src/migrations/1720000000000-RenameSubscription.ts:7",
      "public.newsletter_subscription src/migrations/1710000000000-Newsletter.ts:6",
      "public.reader src/migrations/1710000000000-Newsletter.ts:5",
    ]);
  });

  it("keeps the keys across the rename, and reads a Table's foreign keys", () => {
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`)).toEqual(["public.delivery > public.newsletter_subscription", "public.newsletter_subscription > public.reader"]);
  });
});
