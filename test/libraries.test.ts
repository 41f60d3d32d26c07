import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareMigrations } from "../src/scan/sql/migration-order.js";
import { parserFor } from "../src/scan/sql/parser-build.js";
import { PARSER_DATABASE, DIALECTS } from "../src/scan/sql/dialect.js";
import { scanRepo } from "../src/scan/index.js";
import { loadPathConfig } from "../src/scan/code/tsconfig.js";
import { ts } from "ts-morph";
import { ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const require = createRequire(import.meta.url);

/** Every DML statement of the SQL fixtures, and a few a monolith sends. */
function statements(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".sql")) files.push(p);
    }
  };
  walk(path.join(ROOT, "fixtures"));
  const fromFiles = files.sort().flatMap((f) => fs.readFileSync(f, "utf8").split(/;\s*\n/)).map((s) => s.replace(/^\s*--.*$/gm, "").trim());
  return [
    ...fromFiles.filter((s) => s && !/^(create|alter|drop)\b/i.test(s)),
    "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = ?",
    "WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') SELECT count(*) FROM recent",
    "UPDATE stock SET qty = qty - 1 WHERE sku IN (SELECT sku FROM order_items WHERE order_id = 1)",
    "INSERT INTO audit (kind, at) SELECT 'x', now() FROM dual",
  ];
}

describe("node-sql-parser loaded per dialect", () => {
  it("gives the same AST (or the same error) as the default entry, for every statement and dialect", () => {
    const full = new (require("node-sql-parser") as { Parser: new () => { astify(s: string, o: object): unknown } }).Parser();
    const list = statements();
    expect(list.length).toBeGreaterThan(90);
    for (const dialect of DIALECTS) {
      const one = parserFor(dialect);
      const options = { database: PARSER_DATABASE[dialect] };
      const ast = (p: { astify(s: string, o: object): unknown }, s: string) => {
        try {
          return JSON.stringify(p.astify(s, options));
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      };
      const parsed = list.filter((s) => !ast(full, s).startsWith("error"));
      expect(parsed.length, dialect).toBeGreaterThan(40);
      for (const s of list) expect(ast(one, s), `${dialect}: ${s}`).toBe(ast(full, s));
    }
  });

  it("scan loads only the dialect it reads (MySQL here), never the every-dialect entry", () => {
    const file = path.join(temp(), "imports.txt");
    const r = runCli(["scan", path.join(ROOT, "fixtures/mysql-shop-dump"), "--json"], { nodeArgs: ["--import", path.join(ROOT, "test/helpers/record-imports.mjs")], env: { RECORD_IMPORTS_FILE: file } });
    expect(r.status, r.stderr).toBe(0);
    const loaded = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.includes("/node-sql-parser/"));
    // The built CLI loads the dialect build vendored into dist/vendor/ (scripts/vendor-sql-parser.mjs).
    expect([...new Set(loaded.map((l) => l.replace(/.*\/node-sql-parser\//, "")))]).toEqual(["mysql.cjs"]);
  });
});

describe("Sequelize table names from inflection, as Sequelize makes them", () => {
  it("pluralises model names exactly as Sequelize's own Utils.pluralize (People, Children, Mice, Statuses)", () => {
    const { Utils } = require("sequelize") as { Utils: { pluralize(s: string): string } };
    const models = ["Person", "Child", "Mouse", "Status", "Category", "Box", "Address", "OrderItem", "Sheep", "Quiz", "Matrix"];
    const s = scanRepo(
      repo({
        "package.json": `{"name":"crm","dependencies":{"sequelize":"^6"}}\n`,
        "src/models.ts": `import { DataTypes, Sequelize } from "sequelize";\nexport const sequelize = new Sequelize("postgres://localhost/crm");\n${models
          .map((m) => `export const ${m} = sequelize.define("${m}", { name: DataTypes.STRING });`)
          .join("\n")}\n`,
      }),
      { gitHistory: false },
    );
    const expected = models.map((m) => `public.${Utils.pluralize(m).toLowerCase()}`).sort();
    expect(expected).toEqual(expect.arrayContaining(["public.people", "public.children", "public.mice", "public.statuses"]));
    expect(s.facts.tables.map((t) => t.name).sort()).toEqual(expected);
  });
});

describe("migration order", () => {
  it("puts names without a version, and names within one version, in natural order", () => {
    expect(["migrations/add_index_10.sql", "migrations/add_index_2.sql", "migrations/add_index_1.sql"].sort(compareMigrations)).toEqual([
      "migrations/add_index_1.sql",
      "migrations/add_index_2.sql",
      "migrations/add_index_10.sql",
    ]);
    expect(["db/migrate/20240101000000_part10.sql", "db/migrate/20240101000000_part9.sql"].sort(compareMigrations)).toEqual([
      "db/migrate/20240101000000_part9.sql",
      "db/migrate/20240101000000_part10.sql",
    ]);
  });
});

describe("tsconfig extends through a package's exports map", () => {
  it("finds the config TypeScript itself finds, and reads its paths", () => {
    const dir = repo({
      "node_modules/@acme/tsconfig/package.json": JSON.stringify({ name: "@acme/tsconfig", version: "1.0.0", exports: { "./base": "./configs/base.json" } }),
      "node_modules/@acme/tsconfig/configs/base.json": JSON.stringify({ compilerOptions: { paths: { "@shared/*": ["./shared/*"] } } }),
      "tsconfig.json": JSON.stringify({ extends: "@acme/tsconfig/base", include: ["src"] }),
      "src/a.ts": "export const a = 1;\n",
    });
    const diagnostics: unknown[] = [];
    const config = loadPathConfig(dir, "tsconfig.json", diagnostics as never);
    expect(diagnostics).toEqual([]);
    expect(config.paths).toEqual({ "@shared/*": ["./shared/*"] });
    expect(config.pathsBase).toBe("node_modules/@acme/tsconfig/configs");
    // TypeScript's own reading of the same file
    const own = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    expect(own.errors).toEqual([]);
    expect(own.options.paths).toEqual(config.paths);
  });
});
