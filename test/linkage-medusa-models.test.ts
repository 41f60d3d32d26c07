import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * Medusa v2's data-model DSL: `model.define("region", …)` is table `region` (a name in camelCase becomes
 * snake_case, a `tableName` wins), `model.belongsTo(() => Region)` a key; module links are tables too, from a
 * link definition (`isLink: true`, `databaseConfig.tableName`, a key to each entity it links) or
 * `defineLink(…, { database: { table } })`. Each table is used where it is declared, so none is an orphan.
 */

describe("Medusa data models and module links (fixtures/linkage-medusa-models)", () => {
  const s = scanRepo(path.join(ROOT, "fixtures/linkage-medusa-models"), { gitHistory: false });

  it("finds every data model's table and every link table, where each is declared", () => {
    expect(s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`)).toEqual([
      "public.country_notification_provider src/modules/links/country-provider.ts:6",
      "public.notification src/modules/notification/models/notification.ts:3",
      "public.notification_provider src/modules/notification/models/notification.ts:8",
      "public.region src/modules/region/models/region.ts:4",
      "public.region_country src/modules/region/models/country.ts:4",
      "public.region_notification src/modules/links/region-notification.ts:3",
    ]);
  });

  it("reads belongsTo through a default export, and a link's keys to the entities it links", () => {
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`)).toEqual([
      "public.region_country > public.region src/modules/region/models/country.ts:9",
      "public.region_notification > public.notification src/modules/links/region-notification.ts:11",
      "public.region_notification > public.region src/modules/links/region-notification.ts:10",
    ]);
  });

  it("ties each table to the module declaring it: none is left without code", () => {
    const used = new Set(s.facts.accesses.map((a) => a.table));
    expect(s.facts.tables.filter((t) => !used.has(t.name))).toEqual([]);
  });
});
