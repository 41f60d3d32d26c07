import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * MikroORM's SQL drivers hand out Knex itself (`import { Knex } from "@mikro-orm/knex"`): a receiver of that
 * type is a Knex query builder like one typed from "knex". A table whose alias only is computed
 * (`"search_doc AS " + alias`, `` `search_doc AS ${entity}0` ``) is that table, not a name known at run time.
 */

describe("Knex through @mikro-orm/knex (fixtures/linkage-mikro-knex)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-mikro-knex"), { gitHistory: false });

  it("reads the tables of builders typed from @mikro-orm/knex, their aliases computed or not", () => {
    expect(s.facts.accesses.map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual([
      "read public.search_doc :13",
      "read public.search_link :13",
      "read public.search_doc :24",
      "write public.search_doc :29",
    ]);
    expect(s.facts.diagnostics.filter((d) => d.code === "dynamic-table")).toEqual([]);
  });
});
