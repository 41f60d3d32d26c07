import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { sharedServer, type Catalog, type PostgresServer } from "./helpers/postgres.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Recall and precision against a real database: each fixture's migrations are applied by psql to a real
 * PostgreSQL, in the order its tool applies them (written out here, not taken from strangler), and the
 * tables, views and foreign keys strangler finds must be exactly those of the server's catalog. The
 * expected lists are also written out, so a fixture that no longer builds what it should fails too.
 */

const fixture = (name: string) => path.join(ROOT, "fixtures", name);

// Started once; a server that cannot start fails every test here with its reason (never a skip).
// Started once; a server that cannot start fails every test here with its reason (never a skip).
const started = sharedServer(beforeAll, afterAll);

/** What strangler found, in the catalog's shape: FKs named where the DDL names them. */
function found(scan: ScanResult): Catalog & { unnamedForeignKeys: string[] } {
  const named = scan.facts.foreignKeys.filter((f) => f.constraint);
  return {
    tables: scan.facts.tables.map((t) => t.name).filter((t) => !scan.facts.views.some((v) => v.name === t)).sort(),
    views: scan.facts.views.map((v) => v.name).sort(),
    foreignKeys: named.map((f) => `${f.from} -> ${f.to} (${f.constraint})`).sort(),
    unnamedForeignKeys: scan.facts.foreignKeys.filter((f) => !f.constraint).map((f) => `${f.from} -> ${f.to}`).sort(),
  };
}

/** Catalog FKs strangler has no name for are matched by their two tables alone. */
function compare(scan: ScanResult, db: Catalog): void {
  const ours = found(scan);
  expect(ours.tables).toEqual(db.tables);
  expect(ours.views).toEqual(db.views);
  const dbPairs = db.foreignKeys.map((fk) => fk.replace(/ \(.*\)$/, ""));
  const namedInDb = db.foreignKeys.filter((fk) => ours.foreignKeys.includes(fk));
  expect(ours.foreignKeys).toEqual(namedInDb);
  const unnamedInDb = db.foreignKeys.filter((fk) => !ours.foreignKeys.includes(fk)).map((fk) => fk.replace(/ \(.*\)$/, ""));
  expect(ours.unnamedForeignKeys).toEqual(unnamedInDb);
  expect([...ours.foreignKeys.map((fk) => fk.replace(/ \(.*\)$/, "")), ...ours.unnamedForeignKeys].sort()).toEqual(dbPairs);
}

async function applied(database: string, root: string, files: string[]): Promise<Catalog> {
  const server = await started();
  server.createDatabase(database);
  server.apply(database, files.map((f) => path.join(root, f)));
  return server.catalog(database);
}

describe("TypeORM-generated SQL migrations, against a real PostgreSQL", () => {
  const root = fixture("migrations-typeorm");
  const scan = scanRepo(root, { gitHistory: false });

  it("finds exactly the tables and named foreign keys the database ends with", async () => {
    const db = await applied("typeorm", root, [
      "src/migrations/1700000000000-Init.sql",
      "src/migrations/1700000100000-RefundReasonEnum.sql",
      "src/migrations/1700000200000-Shipments.sql",
      "src/migrations/1700000300000-ProfilesAndDeliveries.sql",
    ]);
    expect(db.tables).toEqual(["public.delivery", "public.order", "public.profile", "public.refund", "public.user"]);
    expect(db.foreignKeys).toEqual([
      "public.delivery -> public.order (fk_a9f2e1d4c3b2a1f0e9d8c7b6a54)",
      "public.order -> public.user (fk_caabe91507b3379c7ba73637b84)",
      "public.refund -> public.order (fk_0b6c1e2d3f4a5b6c7d8e9f0a1b2)",
      "public.user -> public.profile (fk_9466682df91534dd95e4dbaa616)",
    ]);
    compare(scan, db);
  });

  it("reads every ALTER TABLE form without a warning and without an extra table", () => {
    expect(scan.facts.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(scan.facts.tables.map((t) => t.name)).not.toContain("public.reason");
  });
});

describe("a Flyway folder (V1, V1.1, V2 rename, V10, R, U), against a real PostgreSQL", () => {
  const root = fixture("migrations-flyway");
  const dir = "src/main/resources/db/migration";
  const scan = scanRepo(root, { gitHistory: false });

  it("applies migrations in Flyway's order, so the rename in V2 is seen before V10 uses it", async () => {
    expect(scan.facts.sqlFiles).toEqual([
      `${dir}/V1__init.sql`,
      `${dir}/V1.1__invoice_customer_fk.sql`,
      `${dir}/V2__rename_customer_to_client.sql`,
      `${dir}/V10__payments.sql`,
      `${dir}/R__client_balance_view.sql`,
    ]);
    const db = await applied("flyway", root, [
      `${dir}/V1__init.sql`,
      `${dir}/V1.1__invoice_customer_fk.sql`,
      `${dir}/V2__rename_customer_to_client.sql`,
      `${dir}/V10__payments.sql`,
      `${dir}/R__client_balance_view.sql`,
    ]);
    expect(db.tables).toEqual(["public.client", "public.invoice", "public.payment"]);
    expect(db.views).toEqual(["public.client_balance"]);
    expect(db.foreignKeys).toEqual([
      "public.invoice -> public.client (invoice_client_fk)",
      "public.payment -> public.client (payment_client_fk)",
      "public.payment -> public.invoice (payment_invoice_id_fkey)",
    ]);
    compare(scan, db);
  });

  it("never applies the undo migration U2, and says so", () => {
    expect(scan.facts.diagnostics.filter((d) => d.code === "sql-rollback").map((d) => d.file)).toEqual([`${dir}/U2__undo_rename.sql`]);
  });
});

describe("a Prisma project with its migrations, against a real PostgreSQL", () => {
  const root = fixture("migrations-prisma");
  const scan = scanRepo(root, { gitHistory: false });

  it("finds the database's tables and keys once each, from the schema and the migrations together", async () => {
    const db = await applied("prisma", root, [
      "prisma/migrations/20240101000000_init/migration.sql",
      "prisma/migrations/20240301120000_tags/migration.sql",
      "prisma/migrations/20240315090000_threads/migration.sql",
    ]);
    expect(db.tables).toEqual(["public._posttotag", "public.posts", "public.tags", "public.users"]);
    expect(db.foreignKeys).toEqual([
      "public._posttotag -> public.posts (_posttotag_a_fkey)",
      "public._posttotag -> public.tags (_posttotag_b_fkey)",
      "public.posts -> public.posts (posts_parentid_fkey)",
      "public.posts -> public.users (posts_authorid_fkey)",
    ]);
    compare(scan, db);
  });

  it("orders Prisma migrations by folder name and leaves the sample schema out", () => {
    expect(scan.facts.sqlFiles.map((f) => f.split("/")[2])).toEqual(["20240101000000_init", "20240301120000_tags", "20240315090000_threads"]);
    expect(scan.facts.diagnostics.filter((d) => d.code === "prisma-schema-skipped").map((d) => d.file)).toEqual(["docs/examples/minimal.prisma"]);
  });
});

describe("a plain schema with CTEs and catalog queries, against a real PostgreSQL", () => {
  const root = fixture("migrations-plain");
  const scan = scanRepo(root, { gitHistory: false });

  it("finds the tables, view and keys of the catalog, and no CTE, catalog or computed name as a table", async () => {
    const db = await applied("plain", root, ["db/schema.sql", "db/maintenance.sql"]);
    expect(db.tables).toEqual(["audit.event", "public.account", "public.ledger_entry"]);
    expect(db.views).toEqual(["public.account_totals"]);
    expect(db.foreignKeys).toEqual([
      "audit.event -> public.account (event_account_fk)",
      "public.account -> public.account (account_parent_id_fkey)",
      "public.ledger_entry -> public.account (ledger_entry_account_fk)",
    ]);
    compare(scan, db);
    const touched = new Set(scan.facts.accesses.map((a) => a.table.slice(a.table.indexOf(".") + 1)));
    for (const cte of ["sums", "subtree", "closed", "old", "fresh", "movements"]) expect(touched.has(cte)).toBe(false);
  });
});
