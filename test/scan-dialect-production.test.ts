import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * The database of production decides the dialect: a knexfile's `production` over `development`/`test`,
 * a `NODE_ENV` branch, the database a compose file deploys; a library helper's fallback never decides; a
 * repo that supports several says so (`several`) and lets its SQL vote; a migration set kept for another
 * database (`migrations-sqlite/`) is not applied. Each folder of fixtures/dialect-production is one repo.
 */

const scan = (name: string) => scanRepo(path.join(ROOT, "fixtures/dialect-production", name), { gitHistory: false });
const decided = (name: string) => {
  const s = scan(name);
  return [s.dialect, s.dialectFrom];
};

describe("the dialect of production (fixtures/dialect-production)", () => {
  it("takes a knexfile's production over its development and test", () => {
    expect(decided("knexfile-envs")).toEqual(["postgresql", 'knexfile.js:12 client: "pg"']);
  });

  it("takes the production branch of a NODE_ENV condition or a production flag", () => {
    expect(decided("node-env")).toEqual(["mysql", 'src/db.ts:8 client: "mysql2"']);
  });

  it("takes the database a compose file deploys over a development-only knexfile", () => {
    expect(decided("compose")).toEqual(["postgresql", "docker-compose.yml:6 image: postgres:16.2"]);
  });

  it("never lets a library helper's fallback decide; drivers of several databases say several", () => {
    expect(decided("library-default")).toEqual(["postgresql", "several (mysql, postgresql, sqlite): the SQL read"]);
  });

  it("lets no SQL written for one family of databases vote (`case \"mysql\": case \"mariadb\":`), so backticks of one installer do not outvote the drivers", () => {
    expect(decided("setup-branches")).toEqual(["postgresql", "several (mysql, postgresql, sqlite): the SQL read"]);
    const s = scan("setup-branches");
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-other-dialect").map((d) => `${d.file}:${d.line}`)).toEqual(["src/installer.js:9", "src/installer.js:10", "src/installer.js:11"]);
  });

  it("says several for a configuration per database chosen at run time", () => {
    expect(decided("per-database")).toEqual(["postgresql", "several (mysql, postgresql, sqlite): the SQL read"]);
  });

  it("applies only the migration set of the project's database", () => {
    const s = scan("migration-sets");
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual(["public.accounts db/migrations/001_init.sql:1", "public.sessions db/migrations/001_init.sql:2"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "sql-other-dialect").map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "db/migrations-sqlite/001_init.sql:1 a migration of the set for sqlite, not postgresql; not applied",
    ]);
    expect(scanRepo(path.join(ROOT, "fixtures/dialect-production/migration-sets"), { gitHistory: false, dialect: "sqlite" }).facts.tables.map((t) => t.name)).toEqual(["main.accounts", "main.sessions_sqlite"]);
  });
});
