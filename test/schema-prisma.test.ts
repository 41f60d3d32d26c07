import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrismaSchema } from "../src/scan/sources/prisma-schema.js";
import { choosePrismaFiles } from "../src/scan/sources/prisma-files.js";
import { scanRepo } from "../src/scan/index.js";
import { tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
function scan(files: Record<string, string>) {
  const dir = temp();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return scanRepo(dir, { gitHistory: false });
}
const PKG = '{"dependencies":{"@prisma/client":"5"}}';
const tables = (s: ReturnType<typeof scan>) => s.facts.tables.map((t) => t.name);
const fks = (s: ReturnType<typeof scan>) => s.facts.foreignKeys.map((f) => `${f.from}>${f.to}`).sort();

describe("the Prisma schema reader", () => {
  it("is brace- and string-aware: a `}` or `//` in a default, comments with braces and quotes", () => {
    const blocks = parsePrismaSchema(
      [
        "/// Doc comment with a } brace and a \"quote",
        "model Collection {",
        '  id    String @id @default(cuid()) // trailing } comment',
        '  meta  Json   @default("{}")',
        '  title String @default("a // b } c")',
        "  ownerId String",
        "  owner  User @relation(fields: [ownerId], references: [id], map: \"fk_owner\")",
        '  @@map("collections")',
        '  @@index([ownerId], map: "idx(owner)")',
        "}",
        "enum Role {",
        "  ADMIN",
        "}",
      ].join("\n"),
    );
    expect(blocks.map((b) => `${b.kind} ${b.name}:${b.line}`)).toEqual(["model Collection:2", "enum Role:11"]);
    const c = blocks[0];
    expect(c.fields.map((f) => `${f.name}:${f.type}:${f.line}`)).toEqual(["id:String:3", "meta:Json:4", "title:String:5", "ownerId:String:6", "owner:User:7"]);
    expect(c.fields[4].attributes).toEqual([{ name: "relation", args: 'fields: [ownerId], references: [id], map: "fk_owner"' }]);
    expect(c.blockAttributes.map((a) => a.name)).toEqual(["map", "index"]);
  });

  it("keeps @@map and the foreign key of a model whose default holds a brace", () => {
    const s = scan({
      "package.json": PKG,
      "prisma/schema.prisma": [
        "model Team {",
        "  id   String @id",
        '  meta Json   @default("{}")',
        "  orgId String",
        "  org  Org @relation(fields: [orgId], references: [id])",
        '  @@map("teams")',
        "}",
        "model Org {",
        "  id    String @id",
        "  teams Team[]",
        '  @@map("orgs")',
        "}",
      ].join("\n"),
    });
    expect(tables(s)).toEqual(["public.orgs", "public.teams"]);
    expect(fks(s)).toEqual(["public.teams>public.orgs"]);
  });
});

describe("Prisma relations", () => {
  it("reads a self-relation as its foreign key, with no invented join table", () => {
    const s = scan({
      "package.json": PKG,
      "prisma/schema.prisma": [
        "model TeamCollection {",
        "  id       String  @id",
        "  parentId String?",
        '  parent   TeamCollection?  @relation("TeamCollectionChildParent", fields: [parentId], references: [id])',
        '  children TeamCollection[] @relation("TeamCollectionChildParent")',
        "}",
      ].join("\n"),
    });
    expect(tables(s)).toEqual(["public.teamcollection"]);
    expect(fks(s)).toEqual(["public.teamcollection>public.teamcollection"]);
  });

  it("makes an implicit join table only for two list sides without fields, named after the relation", () => {
    const s = scan({
      "package.json": PKG,
      "prisma/schema/post.prisma": "model Post {\n  id Int @id\n  tags Tag[]\n  editors User[] @relation(\"PostEditors\")\n}\n",
      "prisma/schema/tag.prisma": "model Tag {\n  id Int @id\n  posts Post[]\n}\n",
      "prisma/schema/user.prisma": 'model User {\n  id Int @id\n  edited Post[] @relation("PostEditors")\n  friends User[] @relation("Friends")\n  friendOf User[] @relation("Friends")\n}\n',
    });
    expect(tables(s)).toEqual(["public._friends", "public._posteditors", "public._posttotag", "public.post", "public.tag", "public.user"]);
    expect(fks(s)).toEqual([
      "public._friends>public.user",
      "public._posteditors>public.post",
      "public._posteditors>public.user",
      "public._posttotag>public.post",
      "public._posttotag>public.tag",
    ]);
  });
});

describe("which .prisma files are the schema", () => {
  const none = () => null;

  it("reads prisma/schema.prisma per package and names every other .prisma file in an info diagnostic", () => {
    const s = scan({
      "package.json": PKG,
      "prisma/schema.prisma": "model User {\n  id Int @id\n}\n",
      "examples/blog/schema.prisma.sample/x.prisma": "model Sample {\n  id Int @id\n}\n",
      "packages/seed/samples/broken.prisma": "model Fixture {\n  id Int @id\n}\n",
    });
    expect(tables(s)).toEqual(["public.user"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "prisma-schema-skipped").map((d) => d.file)).toEqual([
      "examples/blog/schema.prisma.sample/x.prisma",
      "packages/seed/samples/broken.prisma",
    ]);
  });

  it("follows prisma.schema in package.json, a --schema flag in a script, and schema in prisma.config.ts", () => {
    const read = (files: Record<string, string>) => (p: string) => files[p] ?? null;
    expect(choosePrismaFiles(["db/app.prisma", "prisma/schema.prisma"], ["package.json"], [], read({ "package.json": '{"prisma":{"schema":"./db/app.prisma"}}' })).files).toEqual(["db/app.prisma"]);
    expect(choosePrismaFiles(["db/app.prisma", "prisma/schema.prisma"], ["package.json"], [], read({ "package.json": '{"scripts":{"gen":"prisma generate --schema=./db/app.prisma"}}' })).files).toEqual(["db/app.prisma"]);
    expect(
      choosePrismaFiles(["apps/api/models/a.prisma", "apps/api/models/b.prisma", "apps/api/prisma/schema.prisma"], ["apps/api/package.json"], ["apps/api/prisma.config.ts"], read({ "apps/api/prisma.config.ts": 'export default defineConfig({ schema: "models" });' })).files,
    ).toEqual(["apps/api/models/a.prisma", "apps/api/models/b.prisma"]);
  });

  it("reads one schema per package of a monorepo (package.json or Nx project.json), and every file when nothing points anywhere", () => {
    expect(choosePrismaFiles(["apps/a/prisma/schema.prisma", "apps/b/schema.prisma", "docs/x.prisma"], ["apps/a/package.json", "apps/b/package.json"], [], none).files).toEqual(["apps/a/prisma/schema.prisma", "apps/b/schema.prisma"]);
    expect(choosePrismaFiles(["libs/db/prisma/schema.prisma", "libs/api/src/samples/cal.prisma"], [], [], none, ["libs/db/project.json"]).files).toEqual(["libs/db/prisma/schema.prisma"]);
    const loose = choosePrismaFiles(["db/models.prisma"], [], [], none);
    expect(loose.files).toEqual(["db/models.prisma"]);
    expect(loose.diagnostics.map((d) => d.code)).toEqual(["prisma-schema-location"]);
  });
});
