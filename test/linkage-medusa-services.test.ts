import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Medusa v2 beyond its data models: a module link without `database.table` is the table Medusa's link module
 * derives (each side's module name and linkable key, `_id` dropped: `product_product_blog_post`), the module
 * name read from the `Module("blog", …)` its file exports or from Medusa's own package; a read-only link has no
 * table. MedusaService({ Post }) generates `listPosts`, `createPosts`, `listAndCountPostCategories` … and the
 * module's container holds `postService` for the model: calls through either reach the model's table.
 */

describe("Medusa links and generated services (fixtures/linkage-medusa-services)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-medusa-services"), { gitHistory: false });

  it("names a link table as Medusa derives it, from both sides' modules and keys; a read-only link makes none", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.blog_post_category_sales_channel_sales_channel src/links/channel-category.ts:5",
      // 60 characters: the consecutive `customer_customer` kept once, cut to 58 with the hash of the whole name.
      "public.loyalty_rewards_program_loyalty_tier_level_custom2a44e627a src/links/tier-customer.ts:6",
      "public.loyalty_tier_level src/modules/loyalty/models/tier-level.ts:3",
      "public.post src/modules/blog/models/post.ts:3",
      "public.post_category src/modules/blog/models/post-category.ts:3",
      "public.product_product_blog_post src/links/product-post.ts:5",
    ]);
  });

  it("links MedusaService's generated methods, in the service and wherever the module is resolved", () => {
    const of = (file: string) => s.facts.accesses.filter((a) => a.file === file).map((a) => `${a.mode} ${a.table} :${a.line}`);
    // MedusaService({ Post, PostCategory }) itself uses both models.
    expect(of("src/modules/blog/service.ts")).toEqual(["uses public.post :5", "uses public.post_category :5", "read public.post :7", "write public.post :8"]);
    expect(of("src/workflows/create-post.ts")).toEqual(["write public.post :7", "read public.post_category :8"]);
  });

  it("links the container's per-model service injected by name", () => {
    expect(s.facts.accesses.filter((a) => a.file === "src/modules/blog/services/archive.ts").map((a) => `${a.mode} ${a.table} :${a.line}`)).toEqual([
      "read public.post :12",
      "write public.post :13",
    ]);
  });
});
