import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Objection's relationMappings name the keys between tables: a BelongsToOne relation's key is on the `from`
 * table, a HasMany/HasOne relation's on the `to` table, and a ManyToMany relation's join table (`through`) is a
 * table keyed to both sides. Read from a getter (after other statements), a field, or a composite key's list.
 */

describe("Objection relationMappings (fixtures/linkage-objection-relations)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-objection-relations"), { gitHistory: false });

  it("finds the join table a ManyToMany relation goes through", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.articlelabels src/models/article.js:16",
      "public.articlenotes src/models/note.ts:4",
      "public.articles src/models/article.js:3",
      "public.labels src/models/label.js:3",
      "public.users src/models/user.js:3",
    ]);
  });

  it("keys each relation on the side holding the column", () => {
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`)).toEqual([
      "public.articlelabels > public.articles src/models/article.js:16",
      "public.articlelabels > public.labels src/models/article.js:16",
      "public.articlenotes > public.articles src/models/article.js:25",
      "public.articlenotes > public.users src/models/note.ts:8",
      "public.articles > public.users src/models/article.js:11",
    ]);
  });

  it("reaches the related table of $relatedQuery(name), and a ManyToMany relation's join table when it relates", () => {
    expect(s.facts.accesses.filter((a) => a.file === "src/services/labelling.js").map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual([
      "read public.articles :5",
      "write public.articlelabels :6",
      "read public.labels :7",
      "read public.users :8",
    ]);
  });
});
