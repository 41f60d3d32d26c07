import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * A Knex instance reached through an application's global or container (`APP.db.knex("t")`,
 * `APP.db.knex.column(…).select().from("t")`) is Knex as much as `knex("t")`: its queries reach their tables.
 */

describe("Knex through a global (fixtures/linkage-knex-global)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-knex-global"), { gitHistory: false });

  it("reads queries called on a property named knex, and those starting with column()", () => {
    expect(s.facts.accesses.map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual([
      "read public.documents :5",
      "read public.attachment_blobs :6",
      "read public.attachments :6",
      "write public.attachment_blobs :12",
    ]);
    expect(s.facts.joins.map((j) => `${j.tables.join(" ")} :${j.line}`)).toEqual(["public.attachment_blobs public.attachments :6"]);
  });
});
