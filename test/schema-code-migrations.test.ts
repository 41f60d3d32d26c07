import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);

/*
 * Migrations written with a tool's code API instead of SQL: each call is read as the SQL it stands for and
 * applied with the other migrations, in order, so renames, drops and removed constraints hold. (db-migrate's
 * API, Knex's schema builder with constants and runSql are in test/linkage.test.ts.)
 */

describe("Sequelize queryInterface migrations (fixtures/migrations-sequelize)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/migrations-sequelize"));

  it("creates, renames and drops tables in migration order; down() is not applied", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      // atlases, renamed to collections by the second migration; scratch dropped by it
      "public.collections migrations/20240101000000-initial.js:13",
      "public.documents migrations/20240201000000-collections.js:7",
      "public.teams migrations/20240101000000-initial.js:5",
      "public.users migrations/20240101000000-initial.js:9",
    ]);
  });

  it("reads references of createTable and addColumn, addConstraint, and the key a later migration removes", () => {
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`)).toEqual([
      // created as atlases.creatorId → users: the key follows the rename
      "public.collections > public.users migrations/20240101000000-initial.js:13",
      "public.documents > public.collections migrations/20240201000000-collections.js:8",
      "public.users > public.teams migrations/20240101000000-initial.js:9",
    ]);
    // documents_team_fk was added (20240201) and removed (20240301): no documents > teams key is left;
    // without the last migration it is there.
    const dir = temp();
    fs.cpSync(path.join(ROOT, "fixtures/migrations-sequelize"), dir, { recursive: true });
    fs.rmSync(path.join(dir, "migrations/20240301000000-drop-team-key.js"));
    expect(scanRepo(dir).facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`)).toContain("public.documents > public.teams migrations/20240201000000-collections.js:10");
    const rollback = s.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => `${d.file}:${d.line}`);
    expect(rollback).toEqual([
      "migrations/20240101000000-initial.js:21",
      "migrations/20240101000000-initial.js:22",
      "migrations/20240101000000-initial.js:23",
      "migrations/20240201000000-collections.js:23",
      "migrations/20240201000000-collections.js:24",
      "migrations/20240201000000-collections.js:25",
    ]);
  });
});

describe("a migration carrying SQL for several databases (fixtures/migrations-multi-dialect)", () => {
  const dir = path.join(ROOT, "fixtures/migrations-multi-dialect");

  it("applies only the project's database: per-database methods, switch cases and if branches for others are left out", () => {
    const s = scanRepo(dir);
    expect([s.dialect, s.dialectFrom]).toEqual(["postgresql", 'src/data-source.ts:3 type: "postgres"']);
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.accounts src/migrations/1700000000000-CreateAccounts.ts:32",
      "public.ledger src/migrations/1700000100000-AddLedger.ts:9",
      "public.owners src/migrations/1700000000000-CreateAccounts.ts:31",
    ]);
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`)).toEqual(["public.accounts > public.owners", "public.ledger > public.accounts"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-other-dialect").map((d) => `${d.file}:${d.line}`)).toEqual([
      "src/migrations/1700000000000-CreateAccounts.ts:21",
      "src/migrations/1700000000000-CreateAccounts.ts:36",
      "src/migrations/1700000000000-CreateAccounts.ts:37",
      "src/migrations/1700000100000-AddLedger.ts:7",
    ]);
  });

  it("takes the branches of the dialect asked for, and lets no branch vote when nothing names the database", () => {
    const sqlite = scanRepo(dir, { dialect: "sqlite" });
    expect(sqlite.facts.tables.map((t) => t.name)).toEqual(["main.ledger", "main.sqlite_only", "main.temporary_accounts"]);
    // Without the data source, the MySQL branches (backticks, ENGINE=) would have outvoted PostgreSQL.
    const copy = temp();
    fs.cpSync(dir, copy, { recursive: true });
    fs.rmSync(path.join(copy, "src/data-source.ts"));
    fs.writeFileSync(path.join(copy, "package.json"), JSON.stringify({ dependencies: { typeorm: "^0.3.20" } }));
    const voted = scanRepo(copy);
    expect([voted.dialect, voted.dialectFrom]).toEqual(["postgresql", "the SQL read (no configuration names the database)"]);
  });
});
