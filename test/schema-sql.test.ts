import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StatementExtractor } from "../src/scan/sql/extract.js";
import { applyOrder, compareMigrations } from "../src/scan/sql/migration-order.js";
import { isSystemTable } from "../src/scan/sql/system-tables.js";
import { scanRepo } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { clusterGraph } from "../src/cluster/index.js";
import { loadWeights } from "../src/rules/weights.js";
import { loadDomains } from "../src/rules/domains.js";
import { ROOT, repoOf, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const scan = (files: Record<string, string>) => scanRepo(repo(files), { gitHistory: false });
const warnings = (s: ReturnType<typeof scan>) => s.facts.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.file}:${d.line} ${d.code}`);

const extractors = { postgresql: new StatementExtractor("postgresql"), mysql: new StatementExtractor("mysql"), sqlite: new StatementExtractor("sqlite") };
/** The facts of one statement, empty lists left out. */
function facts(sql: string, dialect: keyof typeof extractors = "postgresql"): Record<string, unknown> {
  const f = extractors[dialect].extract(sql).facts;
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v.length));
}

describe("ALTER TABLE in every form is DDL of that one table", () => {
  it.each([
    ['ALTER TABLE "refund" ALTER COLUMN "reason" TYPE "refund_reason_enum" USING "reason"::"text"::"refund_reason_enum"', "column change"],
    ['ALTER TABLE "x" ADD "col" character varying NOT NULL DEFAULT \'a\'', "column change"],
    ["ALTER TABLE IF EXISTS ONLY x ADD COLUMN IF NOT EXISTS y int, DROP COLUMN z CASCADE", "column change"],
    ["ALTER TABLE x ALTER COLUMN a SET DEFAULT 1, ALTER COLUMN b DROP NOT NULL, ALTER c SET DATA TYPE bigint", "column change"],
    ["ALTER TABLE x RENAME COLUMN a TO b", "column change"],
    ["ALTER TABLE x ADD CONSTRAINT u UNIQUE (a), ADD CONSTRAINT c CHECK (a > 0)", "constraint within one table"],
    ["ALTER TABLE x VALIDATE CONSTRAINT x_fk", "constraint within one table"],
    ["ALTER TABLE x ENABLE ROW LEVEL SECURITY", "trigger, index or security switch"],
  ])("%s → no table, explained as %s", (sql, reason) => {
    expect(facts(sql)).toEqual({ understood: [reason] });
  });

  it.each([
    ["ALTER TABLE t1 MODIFY COLUMN a int NOT NULL, CHANGE COLUMN b c varchar(10), ALGORITHM=INPLACE", "mysql"],
    ["ALTER TABLE `t1` ADD INDEX `idx_a` (`a`), ADD FULLTEXT KEY `ft` (`b`)", "mysql"],
    ["ALTER TABLE `t1` RENAME INDEX `a` TO `b`", "mysql"],
    ["ALTER TABLE t1 ADD COLUMN c text", "sqlite"],
    ["ALTER TABLE t1 DROP COLUMN c", "sqlite"],
    ["ALTER TABLE t1 RENAME COLUMN c TO d", "sqlite"],
  ] as const)("%s (%s) → no table", (sql, dialect) => {
    const f = facts(sql, dialect);
    expect(Object.keys(f)).toEqual(["understood"]);
  });

  it("reads the foreign keys ALTER TABLE adds, drops and renames", () => {
    expect(facts('ALTER TABLE "x" ADD "userId" uuid CONSTRAINT "FK_u" REFERENCES "user"("id")')).toEqual({ foreignKeys: [{ from: "public.x", to: "public.user", constraint: "fk_u" }] });
    expect(facts("ALTER TABLE orders ADD COLUMN team_id int REFERENCES teams (id)", "sqlite")).toEqual({ foreignKeys: [{ from: "main.orders", to: "main.teams" }] });
    expect(facts("ALTER TABLE `order_item` DROP FOREIGN KEY `fk_order`", "mysql")).toEqual({ droppedConstraints: [{ table: "default.order_item", constraint: "fk_order" }] });
    expect(facts('ALTER TABLE "x" RENAME CONSTRAINT "FK_a" TO "FK_b"')).toEqual({ renamedConstraints: [{ table: "public.x", from: "fk_a", to: "fk_b" }] });
  });

  it("reads renames, schema moves and partitions", () => {
    expect(facts("ALTER TABLE t1 RENAME AS t2", "mysql")).toEqual({ renames: [{ from: "default.t1", to: "default.t2" }] });
    expect(facts("ALTER TABLE s.orders SET SCHEMA archive")).toEqual({ renames: [{ from: "s.orders", to: "archive.orders" }] });
    expect(facts("ALTER TABLE measurement DETACH PARTITION measurement_y2020 CONCURRENTLY")).toEqual({ detaches: [{ child: "public.measurement_y2020", parent: "public.measurement" }] });
    expect(facts("ALTER TABLE child NO INHERIT parent")).toEqual({ detaches: [{ child: "public.child", parent: "public.parent" }] });
  });

  it("reads enum types as objects that are not tables", () => {
    const s = scan({
      "migrations/1_enum.sql": "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE person (id int, m mood);\nALTER TYPE mood ADD VALUE 'happy';\nALTER TYPE mood RENAME TO feeling;\n",
    });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.person"]);
    expect(warnings(s)).toEqual([]);
  });

  it("renames a foreign key's constraint in the schema, so a later DROP CONSTRAINT by the new name removes it", () => {
    const s = scan({
      "migrations/1_init.sql": "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int, a_id int, CONSTRAINT b_a_old FOREIGN KEY (a_id) REFERENCES a (id));\nCREATE TABLE c (id int, a_id int, CONSTRAINT c_a FOREIGN KEY (a_id) REFERENCES a (id));\n",
      "migrations/2_rename.sql": "ALTER TABLE b RENAME CONSTRAINT b_a_old TO b_a_new;\nALTER TABLE c RENAME CONSTRAINT c_a TO c_a_2;\n",
      "migrations/3_drop.sql": "ALTER TABLE c DROP CONSTRAINT c_a_2;\nALTER TABLE b DROP CONSTRAINT b_a_new, ADD CONSTRAINT b_a_new FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE;\n",
    });
    expect(s.facts.foreignKeys.map((f) => `${f.from}>${f.to} ${f.constraint}:${f.file}`)).toEqual(["public.b>public.a b_a_new:migrations/3_drop.sql"]);
    expect(warnings(s)).toEqual([]);
  });
});

describe("CTE names are never tables", () => {
  const reads = (sql: string) => extractors.postgresql.extract(sql);
  it.each([
    ["WITH candidates AS (SELECT id FROM users WHERE active) SELECT * FROM candidates c JOIN orders o ON o.user_id = c.id", ["read:public.orders", "read:public.users"]],
    ["WITH a AS (SELECT 1 FROM t1), b AS (SELECT * FROM a JOIN t2 ON true) INSERT INTO t3 SELECT * FROM b", ["read:public.t1", "read:public.t2", "write:public.t3"]],
    ["WITH RECURSIVE tree AS (SELECT id FROM nodes UNION ALL SELECT n.id FROM nodes n JOIN tree ON n.parent_id = tree.id) UPDATE nodes SET depth = 1 WHERE id IN (SELECT id FROM tree)", ["read:public.nodes", "write:public.nodes"]],
    ["WITH gone AS (DELETE FROM sessions WHERE expires < now() RETURNING user_id) UPDATE users SET online = false FROM gone WHERE gone.user_id = users.id", ["write:public.sessions", "write:public.users"]],
    ["WITH stale AS (SELECT id FROM carts) DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM stale)", ["read:public.carts", "write:public.cart_items"]],
    // the keyword fallback (the parser rejects these)
    ["WITH x AS MATERIALIZED (SELECT * FROM events) SELECT * FROM x WHERE id = ANY($1::int[]) FOR UPDATE SKIP LOCKED", ["read:public.events"]],
    ["WITH c AS ((SELECT id FROM a ORDER BY id LIMIT 5) UNION (SELECT id FROM b LIMIT 5)) SELECT * FROM c JOIN d ON d.id = c.id WHERE d.x = ANY($1::int[])", ["read:public.a", "read:public.b", "read:public.d"]],
  ])("%s", (sql, expected) => {
    const f = reads(sql).facts;
    expect(f.accesses.map((a) => `${a.mode}:${a.table}`).sort()).toEqual(expected);
    expect(f.joins.flat().every((t) => expected.some((e) => e.endsWith(`:${t}`)))).toBe(true);
  });
});

describe("a table name computed at run time is a diagnostic, never a table", () => {
  it("warns with file:line where `${…}` stands for a table, keeps the other tables and reads value holes as parameters", () => {
    const s = scan({
      "package.json": '{"dependencies":{"pg":"8"}}',
      "src/export.ts": [
        'import { pool } from "./db";',
        "export const rows = (t: string) => pool.query(`SELECT * FROM \"${t}\" x JOIN users u ON u.id = x.user_id`);",
        "export const audit = (schema: string, year: number) =>",
        "  pool.query(`INSERT INTO ${schema}.audit_${year} (id) VALUES (${year})`);",
        "export const one = (id: number) => pool.query(`SELECT * FROM orders WHERE id = ${id}`);",
        "",
      ].join("\n"),
      "src/db.ts": "export const pool = { query: (s: string) => s };\n",
    });
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-dynamic-table").map((d) => `${d.file}:${d.line}`)).toEqual(["src/export.ts:2", "src/export.ts:4"]);
    expect([...new Set(s.facts.accesses.map((a) => a.table))].sort()).toEqual(["public.orders", "public.users"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-no-tables")).toEqual([]);
  });
});

describe("unterminated quotes, comments and dollar tags", () => {
  it("keeps the statements before, warns where reading stopped, and reads nothing after as a table", () => {
    const s = scan({
      "db/schema.sql": "CREATE TABLE a (id int);\n\nCREATE TABLE \"b (id int);\ncreate table c (id int);\n",
      "db/other.sql": "CREATE TABLE d (id int);\nCREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1;\nCREATE TABLE e (id int);\n",
    });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.a", "public.d"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-unterminated").map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "db/other.sql:2 dollar-quoted body ($fn$ without its closing $fn$): reading stopped here; nothing after it is read",
      'db/schema.sql:3 quoted identifier (" without its closing "): reading stopped here; nothing after it is read',
    ]);
  });
});

describe("migrations in their tool's order", () => {
  it("orders Flyway versions naturally, repeatables last, numeric prefixes as numbers, byte order only to break ties", () => {
    const paths = ["m/V10__d.sql", "m/R__views.sql", "m/V2__c.sql", "m/V1.1__b.sql", "m/V1__a.sql", "m/V1_2__b2.sql"];
    expect([...paths].sort(compareMigrations)).toEqual(["m/V1__a.sql", "m/V1.1__b.sql", "m/V1_2__b2.sql", "m/V2__c.sql", "m/V10__d.sql", "m/R__views.sql"]);
    expect(["migrations/10_x.sql", "migrations/2_x.sql", "migrations/001_init.sql"].sort(compareMigrations)).toEqual(["migrations/001_init.sql", "migrations/2_x.sql", "migrations/10_x.sql"]);
    expect(["migrations/1700000000000-B.ts", "migrations/999999999999-A.ts"].sort(compareMigrations)).toEqual(["migrations/999999999999-A.ts", "migrations/1700000000000-B.ts"]);
    expect(["b/migrations/1_x.sql", "a/migrations/1_x.sql"].sort(compareMigrations)).toEqual(["a/migrations/1_x.sql", "b/migrations/1_x.sql"]);
  });

  it("orders Prisma migrations by their folder, after plain schema files", () => {
    expect(applyOrder(["prisma/migrations/20240301_b/migration.sql", "db/schema.sql", "prisma/migrations/20240101_a/migration.sql"])).toEqual([
      "db/schema.sql",
      "prisma/migrations/20240101_a/migration.sql",
      "prisma/migrations/20240301_b/migration.sql",
    ]);
  });

  it("does not apply down migrations (golang-migrate .down.sql, dbmate-style down.sql)", () => {
    const s = scan({
      "migrations/000001_users.up.sql": "CREATE TABLE users (id int);\n",
      "migrations/000001_users.down.sql": "DROP TABLE users;\n",
      "migrations/000002_rename.up.sql": "ALTER TABLE users RENAME TO members;\n",
      "migrations/000002_rename.down.sql": "ALTER TABLE members RENAME TO users;\n",
    });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.members"]);
    expect(s.facts.sqlFiles).toEqual(["migrations/000001_users.up.sql", "migrations/000002_rename.up.sql"]);
  });

  it("reads a Liquibase formatted SQL changelog in file order, wherever it sits", () => {
    const s = scan({
      "db/schema.sql": "CREATE TABLE base (id int PRIMARY KEY);\n",
      "src/main/resources/db/changes.sql": [
        "--liquibase formatted sql",
        "",
        "--changeset ana:1",
        "CREATE TABLE team (id int PRIMARY KEY, base_id int REFERENCES base (id));",
        "--rollback DROP TABLE team;",
        "",
        "--changeset ana:2",
        "ALTER TABLE team RENAME TO squad;",
        "--rollback ALTER TABLE squad RENAME TO team;",
        "",
      ].join("\n"),
    });
    expect(s.facts.sqlFiles).toEqual(["db/schema.sql", "src/main/resources/db/changes.sql"]);
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.base", "public.squad"]);
    expect(s.facts.foreignKeys.map((f) => `${f.from}>${f.to}:${f.line}`)).toEqual(["public.squad>public.base:4"]);
  });

  it("follows a Liquibase changeset's endDelimiter and splitStatements:false", () => {
    const s = scan({
      "db/changelog/001-procs.sql": [
        "-- liquibase formatted sql",
        "--changeset bo:1 endDelimiter:/",
        "CREATE TABLE ledger (id int PRIMARY KEY);",
        "INSERT INTO ledger VALUES (1);",
        "/",
        "--changeset bo:2 splitStatements:false",
        "CREATE PROCEDURE fill() BEGIN INSERT INTO ledger VALUES (2); DELETE FROM ledger WHERE id = 1; END;",
        "--changeset bo:3",
        "CREATE TABLE entry (id int, ledger_id int REFERENCES ledger (id));",
        "",
      ].join("\n"),
    });
    expect(s.stats.statements).toBe(3);
    expect(s.facts.tables.map((t) => `${t.name}:${t.line}`)).toEqual(["public.entry:9", "public.ledger:3"]);
  });

  it("keeps tables a migration rebuilds through a temporary copy (SQLite's way) out of the tables the app touches", () => {
    const s = scan({
      "package.json": '{"dependencies":{"typeorm":"0.3.0"}}',
      "src/main.ts": 'import { q } from "./db";\nexport const all = () => q.query(`SELECT * FROM "team"`);\n',
      "src/db.ts": "export const q = { query: (s: string) => s };\n",
      "1700000000000-Init.ts": 'export class Init { async up(q: any) { await q.query(`CREATE TABLE "team" ("id" integer)`); } }\n',
      "1700000100000-AddName.ts": [
        "export class AddName {",
        "  async up(q: any) {",
        '    await q.query(`CREATE TABLE "temporary_team" ("id" integer, "name" varchar)`);',
        '    await q.query(`INSERT INTO "temporary_team"("id") SELECT "id" FROM "team"`);',
        '    await q.query(`DROP TABLE "team"`);',
        '    await q.query(`ALTER TABLE "temporary_team" RENAME TO "team"`);',
        "  }",
        "  async sqliteDownQueryRunner(q: any) { await q.query(`DROP TABLE \"team\"`); }",
        "}",
        "",
      ].join("\n"),
    });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.team"]);
    expect([...new Set(s.facts.accesses.map((a) => a.table))]).toEqual(["public.team"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => `${d.file}:${d.line}`)).toEqual(["1700000100000-AddName.ts:8"]);
  });

  it("applies a code migration's undo methods never (TypeORM down(), postgresDownQueryRunner …)", () => {
    const s = scan({
      "package.json": '{"dependencies":{"typeorm":"0.3.0"}}',
      "src/migrations/1700000000000-Init.ts": [
        'import { MigrationInterface, QueryRunner } from "typeorm";',
        "export class Init1700000000000 implements MigrationInterface {",
        "  async up(q: QueryRunner) { await this.postgresUpQueryRunner(q); }",
        "  async down(q: QueryRunner) { await this.postgresDownQueryRunner(q); }",
        '  async postgresUpQueryRunner(q: QueryRunner) { await q.query(`CREATE TABLE "team" ("id" int)`); }',
        '  async postgresDownQueryRunner(q: QueryRunner) { await q.query(`DROP TABLE "team"`); }',
        "}",
        "",
      ].join("\n"),
    });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.team"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => d.line)).toEqual([6]);
  });
});

describe("SQL text handed to a call may hold several statements", () => {
  it("splits it with the file splitter, each statement keeping its own line", () => {
    const s = scan({
      "package.json": '{"dependencies":{"pg":"8"}}',
      "migrations/20240101-init.js": [
        "exports.up = (db) => db.query(`CREATE TABLE author (id int PRIMARY KEY);",
        "  CREATE INDEX author_id ON author (id);",
        "  CREATE TABLE book (id int, author_id int REFERENCES author (id))`);",
        "",
      ].join("\n"),
    });
    expect(s.facts.tables.map((t) => `${t.name}:${t.line}`)).toEqual(["public.author:1", "public.book:3"]);
    expect(s.facts.foreignKeys.map((f) => `${f.from}>${f.to}:${f.line}`)).toEqual(["public.book>public.author:3"]);
  });
});

describe("system catalogs", () => {
  it("knows the catalogs of PostgreSQL, MySQL and SQLite", () => {
    for (const t of ["pg_catalog.pg_class", "public.pg_database", "public.pg_stat_activity", "information_schema.tables", "main.sqlite_master", "main.sqlite_schema", "mysql.user", "performance_schema.events_statements_current", "sys.schema_table_statistics"]) {
      expect(isSystemTable(t), t).toBe(true);
    }
    for (const t of ["public.payment", "public.pages", "billing.pg_invoices_x", "default.user"]) expect(isSystemTable(t), t).toBe(t === "billing.pg_invoices_x");
  });

  it("shows them in the graph as relation system, and keeps them out of contexts and names", () => {
    const s = scanRepo(path.join(ROOT, "fixtures/migrations-plain"), { gitHistory: false });
    const graph = buildGraph(s.facts);
    const system: string[] = [];
    graph.forEachNode((_n, a) => {
      if (a.kind === "table" && a.relation === "system") system.push(a.name);
    });
    expect(system.sort()).toEqual(["information_schema.tables", "pg_catalog.pg_tables", "public.pg_database", "public.pg_stat_activity"]);
    const clustering = clusterGraph(graph, { weights: loadWeights(null).weights, domains: loadDomains(null).domains });
    const placed = [...clustering.contexts.flatMap((c) => c.tables), ...clustering.unplaced.tables];
    for (const t of system) expect(placed).not.toContain(t);
    expect(clustering.contexts.flatMap((c) => c.tables).sort()).toEqual(["audit.event", "public.account", "public.account_totals", "public.ledger_entry"]);
    expect(clustering.infrastructure.map((i) => i.node)).toContain("module:src/health");
  });
});

describe("dialect detection", () => {
  it("does not count names quoted in comments (Prisma's migration warnings use backticks)", () => {
    const s = scan({
      "prisma/migrations/20240101000000_x/migration.sql": '/*\n  Warnings:\n  - You are about to drop the `App` table. All the data in `App` will be lost.\n*/\n-- DropTable `App`\nDROP TABLE "App";\nCREATE TABLE "Build" ("id" TEXT NOT NULL);\n',
    });
    expect(s.dialect).toBe("postgresql");
  });
});
