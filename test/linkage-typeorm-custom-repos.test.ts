import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * TypeORM 0.3 custom repositories: `export const CartRepository = dataSource.getRepository(Cart).extend({ … })`
 * (or without `.extend`), injected as `cartRepository_: typeof CartRepository` and used through
 * `manager.withRepository(this.cartRepository_)`, in a transaction's manager too. The calls on what
 * `withRepository` returns reach the entity's table; a method of the extension reaches what it does itself.
 */

describe("TypeORM 0.3 custom repositories (fixtures/linkage-typeorm-custom-repos)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-typeorm-custom-repos"), { gitHistory: false });
  const accesses = (file: string) => s.facts.accesses.filter((a) => a.file === file).map((a) => `${a.mode} ${a.table.slice(7)} :${a.line}`);

  it("reads the methods of an .extend({ … }) as the repository's own: this.find() reads, this.update() writes", () => {
    expect(accesses("src/repositories/cart.ts")).toEqual(["uses cart :4", "read cart :6", "write cart :10"]);
  });

  it("follows withRepository(this.repo_) of a `typeof X` field, in the active manager and a transaction's", () => {
    expect(accesses("src/services/cart-service.ts")).toEqual([
      // carts.findOpen(): a find
      "read cart :20",
      // cartRepo.closeAll(): no verb in its name; the extension's method writes
      "write cart :26",
      // the plain getRepository(Customer) constant
      "write customers :28",
      "read invoice :33",
    ]);
  });
});
