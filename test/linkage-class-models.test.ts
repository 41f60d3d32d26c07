import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Models that name their table in a class: Objection (`static tableName = …`, `static get tableName()`),
 * Bookshelf (`Model.extend({ tableName })`, `bookshelf.model(name, { tableName })`), and a base store whose
 * subclasses return their table from a getter (`protected get tableName(): string { return "sessions"; }`)
 * while the base queries `this.db(this.tableName)`. The calls on those models and their instances reach
 * the table; the base's own queries are told as given by each subclass, never as a table computed at run time.
 */

describe("models naming their table in a class (fixtures/linkage-class-models)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-class-models"), { gitHistory: false });
  const accesses = (file: string) => s.facts.accesses.filter((a) => a.file === file).map((a) => `${a.mode} ${a.table.slice(7)} :${a.line}`);

  it("reads Objection models: the class, a static method's this.query(), and a registry keyed by the model's file", () => {
    expect(accesses("src/models/Author.ts")).toEqual(["uses authors :3"]);
    expect(accesses("src/models/post.js")).toEqual(["uses posts :3", "read posts :9"]);
    expect(accesses("src/services/feed.ts")).toEqual(["read authors :6", "write posts :8", "write authors :12"]);
  });

  it("reads Bookshelf models: Model.extend exported by a file, the model registry, instances that save", () => {
    expect(accesses("src/bookshelf/comment.js")).toEqual(["uses comments :3"]);
    expect(accesses("src/bookshelf/tag.js")).toEqual(["uses tags :3"]);
    expect(accesses("src/services/comments.js")).toEqual(["read comments :5", "write comments :9", "read tags :13"]);
  });

  it("reads a table named by a subclass's getter, through the base's queries and the calls on the subclasses' instances", () => {
    expect(accesses("src/stores/SessionStore.ts")).toEqual(["uses sessions :3", "write sessions :9"]);
    expect(accesses("src/stores/AuditStore.ts")).toEqual(["uses audit_entries :5"]);
    // expire() names no verb: what SessionStore.expire does itself (a delete) is what the call does
    expect(accesses("src/services/sessions.ts")).toEqual(["write sessions :15", "write audit_entries :16", "read sessions :20"]);
    expect(s.facts.diagnostics.filter((d) => d.code === "dynamic-table")).toEqual([]);
    expect(s.facts.diagnostics.filter((d) => d.code === "table-from-subclass").map((d) => `${d.file}:${d.line}`)).toEqual(["src/stores/BaseStore.ts:11", "src/stores/BaseStore.ts:15"]);
  });

  it("finds every table the migrations create, with the keys between them", () => {
    expect(s.facts.tables.map((t) => t.name)).toEqual(["public.audit_entries", "public.authors", "public.comments", "public.posts", "public.sessions", "public.tags"]);
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`)).toEqual(["public.comments > public.posts", "public.posts > public.authors"]);
  });
});
