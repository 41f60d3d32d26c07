import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { sharedServer, type Catalog, type PostgresServer } from "./helpers/postgres.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Migrations written with a tool's code API, run by the tool itself (Knex, Sequelize's queryInterface,
 * db-migrate, installed as devDependencies) against a real PostgreSQL, and the tables and foreign keys
 * strangler reads from the same files compared with the server's catalog. Nothing is mocked: the tools
 * create what they create, renames and drops included. Each tool's own bookkeeping table
 * (knex_migrations, migrations …) is the tool's, not the app's, and is left out of the comparison.
 */

const require = createRequire(import.meta.url);
const fixture = (name: string) => path.join(ROOT, "fixtures", name);

// Started once; a server that cannot start fails every test here with its reason (never a skip).
const started = sharedServer(beforeAll, afterAll);

async function database(name: string): Promise<{ server: PostgresServer; connection: ReturnType<PostgresServer["connection"]> }> {
  const server = await started();
  server.createDatabase(name);
  return { server, connection: server.connection(name) };
}

/** The catalog without a tool's own tables. */
function appTables(db: Catalog, bookkeeping: string[]): Catalog {
  const own = (t: string) => bookkeeping.includes(t);
  return { tables: db.tables.filter((t) => !own(t)), views: db.views, foreignKeys: db.foreignKeys.filter((fk) => !bookkeeping.some((b) => fk.startsWith(`${b} `))) };
}

/** Strangler's tables and foreign keys (by their two tables) against the catalog's. */
function expectSame(scan: ScanResult, db: Catalog): void {
  expect(scan.facts.tables.map((t) => t.name).sort()).toEqual(db.tables);
  expect(scan.facts.foreignKeys.map((f) => `${f.from} -> ${f.to}`).sort()).toEqual(db.foreignKeys.map((fk) => fk.replace(/ \(.*\)$/, "")).sort());
}

const migrationFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".js")).sort();

describe("Knex schema-builder migrations with constants, run by Knex against a real PostgreSQL", () => {
  const root = fixture("migrations-knex");

  it("finds the tables and keys Knex leaves in the database: constants, references, alterTable, rename, drop", async () => {
    const { server, connection } = await database("knex_app");
    const knex = require("knex")({ client: "pg", connection });
    try {
      await knex.migrate.latest({ directory: path.join(root, "migrations"), loadExtensions: [".js"] });
    } finally {
      await knex.destroy();
    }
    const db = appTables(server.catalog("knex_app"), ["public.knex_migrations", "public.knex_migrations_lock"]);
    expect(db.tables).toEqual(["public.accounts", "public.ledger_entries", "public.notes", "public.users"]);
    expect(db.foreignKeys).toEqual([
      "public.accounts -> public.users (accounts_user_id_foreign)",
      "public.ledger_entries -> public.accounts (ledger_entries_account_id_foreign)",
      "public.users -> public.users (users_referrer_id_foreign)",
    ]);
    expectSame(scanRepo(root, { gitHistory: false }), db);
  });
});

describe("Knex schema-builder chains of several calls, run by Knex against a real PostgreSQL", () => {
  const root = fixture("migrations-knex-chains");

  it("finds what every call of a chain leaves, in order: create after create, rename then drop, table(), withSchema for the whole chain", async () => {
    const { server, connection } = await database("knex_chains");
    const knex = require("knex")({ client: "pg", connection });
    try {
      await knex.migrate.latest({ directory: path.join(root, "migrations"), loadExtensions: [".js"] });
    } finally {
      await knex.destroy();
    }
    const db = appTables(server.catalog("knex_chains"), ["public.knex_migrations", "public.knex_migrations_lock"]);
    expect(db.tables).toEqual(["audit.book_events", "audit.logins", "public.authors", "public.book_versions", "public.books", "public.collections"]);
    expectSame(scanRepo(root, { gitHistory: false }), db);
  });
});

describe("names that are no table (temporary tables, a staging table, CTEs), run by Knex against a real PostgreSQL", () => {
  const root = fixture("migrations-transient");

  it("finds exactly the tables and keys the catalog holds once the temporary and staging tables are gone", async () => {
    const { server, connection } = await database("knex_transient");
    const knex = require("knex")({ client: "pg", connection });
    try {
      await knex.migrate.latest({ directory: path.join(root, "migrations"), loadExtensions: [".js"] });
    } finally {
      await knex.destroy();
    }
    const db = appTables(server.catalog("knex_transient"), ["public.knex_migrations", "public.knex_migrations_lock"]);
    expect(db.tables).toEqual(["public.members", "public.role_paths", "public.roles"]);
    expectSame(scanRepo(root, { gitHistory: false }), db);
  });
});

describe("Sequelize queryInterface migrations, run by Sequelize against a real PostgreSQL", () => {
  const root = fixture("migrations-sequelize");

  it("finds the tables and keys the migrations leave: references, rename, addConstraint and its removal, drop", async () => {
    const { server, connection } = await database("sequelize_app");
    const { Sequelize } = require("sequelize");
    const sequelize = new Sequelize(connection.database, connection.user, connection.password, { host: connection.host, port: connection.port, dialect: "postgres", logging: false });
    try {
      const queryInterface = sequelize.getQueryInterface();
      // What sequelize-cli does: each migration's up(), in file-name order.
      for (const f of migrationFiles(path.join(root, "migrations"))) await require(path.join(root, "migrations", f)).up(queryInterface, Sequelize);
    } finally {
      await sequelize.close();
    }
    const db = server.catalog("sequelize_app");
    expect(db.tables).toEqual(["public.collections", "public.documents", "public.teams", "public.users"]);
    expect(db.foreignKeys.map((fk) => fk.replace(/ \(.*\)$/, ""))).toEqual(["public.collections -> public.users", "public.documents -> public.collections", "public.users -> public.teams"]);
    expectSame(scanRepo(root, { gitHistory: false }), db);
  });
});

describe("db-migrate migrations (runSql and its schema API), run by db-migrate against a real PostgreSQL", () => {
  const root = fixture("migrations-db-migrate");

  it("finds the tables and keys db-migrate leaves, through a rename made in SQL", async () => {
    const { server, connection } = await database("dbmigrate_app");
    const DBMigrate = require("db-migrate");
    const dbm = DBMigrate.getInstance(true, {
      cwd: root,
      env: "test",
      throwUncatched: true,
      config: { test: { driver: "pg", host: connection.host, port: connection.port, user: connection.user, password: connection.password, database: connection.database } },
      cmdOptions: { "migrations-dir": path.join(root, "migrations") },
    });
    dbm.silence(true);
    await dbm.up();
    const db = appTables(server.catalog("dbmigrate_app"), ["public.migrations"]);
    expect(db.tables).toEqual(["public.events", "public.projects", "public.strategies", "public.toggles"]);
    expect(db.foreignKeys.map((fk) => fk.replace(/ \(.*\)$/, ""))).toEqual(["public.events -> public.toggles", "public.strategies -> public.toggles", "public.toggles -> public.projects"]);
    expectSame(scanRepo(root, { gitHistory: false }), db);
  });
});
