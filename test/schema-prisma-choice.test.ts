import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { choosePrismaFiles } from "../src/scan/sources/prisma-files.js";
import { ROOT, repoOf, tempDirs } from "./helpers/cli.js";

/*
 * Which Prisma schema is the application's: the one its configuration or Prisma's conventions point to,
 * also in a workspace package the scanned one depends on (npm workspaces, an Nx implicit dependency) when
 * only the consuming package is scanned; never a sample schema bundled with the code, and never its
 * datasource for the dialect. Choosing between several is a warning naming both.
 */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const root = path.join(ROOT, "fixtures/prisma-workspace-schema");
const tables = (s: ScanResult) => s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`);
const codes = (s: ScanResult, code: string) => s.facts.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line}`);

describe("the application's Prisma schema (fixtures/prisma-workspace-schema)", () => {
  it("scanning only the server, reads the schema of the workspace package it depends on, not its bundled samples", () => {
    const s = scanRepo(path.join(root, "packages/server"), { gitHistory: false });
    expect(tables(s)).toEqual(["public.customer ../db/schema/app.prisma:6", "public.order ../db/schema/app.prisma:11"]);
    expect([s.dialect, s.dialectFrom]).toEqual(["postgresql", '../db/schema/app.prisma:2 provider = "postgresql"']);
    expect(s.facts.accesses.map((a) => `${a.mode} ${a.table} ${a.file}:${a.line}`)).toEqual(["read public.order src/orders.ts:6", "write public.customer src/orders.ts:10"]);
    expect(codes(s, "prisma-schema-skipped")).toEqual(["src/importer/presets/crm.prisma:1", "src/importer/samples/bookshop.prisma:1"]);
    const choice = s.facts.diagnostics.filter((d) => d.code === "prisma-schema-choice");
    expect(choice.map((d) => [d.severity, d.file, d.message])).toEqual([
      ["warning", "../db/schema/app.prisma", "several Prisma schemas: read ../db/schema/app.prisma; not src/importer/presets/crm.prisma, src/importer/samples/bookshop.prisma (that no configuration points to)"],
    ]);
  });

  it("scanning an Nx project, reads the schema its implicit dependency's command points to", () => {
    const s = scanRepo(path.join(root, "packages/nx-api"), { gitHistory: false });
    expect(tables(s)).toEqual(["public.invoice ../nx-db/prisma/billing.prisma:6"]);
    expect(s.facts.accesses.map((a) => `${a.mode} ${a.table} ${a.file}:${a.line}`)).toEqual(["read public.invoice src/invoices.ts:5"]);
  });

  it("scanning the whole repository, reads both packages' schemas and names the samples left out", () => {
    const s = scanRepo(root, { gitHistory: false });
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.customer", "public.invoice", "public.order"]);
    expect(codes(s, "prisma-schema-skipped")).toEqual(["packages/server/src/importer/presets/crm.prisma:1", "packages/server/src/importer/samples/bookshop.prisma:1"]);
  });
});

describe("when nothing points to a schema", () => {
  const none = () => null;

  it("leaves samples, examples, fixtures and tests out when another schema is there, with a warning naming both", () => {
    const c = choosePrismaFiles(["db/models.prisma", "src/examples/shop.prisma", "test/fixtures/x.prisma"], [], [], none);
    expect(c.files).toEqual(["db/models.prisma"]);
    expect(c.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}`)).toEqual([
      "info prisma-schema-skipped src/examples/shop.prisma",
      "info prisma-schema-skipped test/fixtures/x.prisma",
      "warning prisma-schema-choice db/models.prisma",
    ]);
    // Only samples: they are all there is, and read as before.
    expect(choosePrismaFiles(["src/examples/shop.prisma"], [], [], none).files).toEqual(["src/examples/shop.prisma"]);
  });

  it("takes the dialect from the schema read, not from a sample's datasource", () => {
    const dir = repo({
      "package.json": JSON.stringify({ dependencies: { "@prisma/client": "^5.0.0" } }),
      "db/models.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DB")\n}\n\nmodel Account {\n  id Int @id\n}\n',
      "src/samples/other.prisma": 'datasource db {\n  provider = "mysql"\n  url = env("DB")\n}\n\nmodel Widget {\n  id Int @id\n}\n',
    });
    const s = scanRepo(dir, { gitHistory: false });
    expect([s.dialect, s.dialectFrom]).toEqual(["postgresql", 'db/models.prisma:2 provider = "postgresql"']);
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.account"]);
  });
});
