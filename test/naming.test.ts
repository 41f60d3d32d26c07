import { describe, expect, it } from "vitest";
import { nameGroups, wordsOf } from "../src/cluster/naming.js";
import { loadDomains } from "../src/rules/domains.js";

const { domains } = loadDomains(null);

describe("naming contexts from the domain vocabulary", () => {
  it("splits paths and table names into words", () => {
    expect(wordsOf("src/modules/orderHistory/order-items_v2")).toEqual(["src", "modules", "order", "history", "order", "items", "v2"]);
  });

  it("matches English and Korean words, each domain naming one group", () => {
    const names = nameGroups(
      [
        { units: ["src/알림/발송"], tables: [] },
        { units: ["src/결제"], tables: ["public.pg_transactions"] },
        { units: ["src/modules/inventory"], tables: ["public.stock_levels"] },
        { units: ["src/재고"], tables: [] },
      ],
      domains,
    );
    expect(names).toEqual([
      { name: "notification", domain: "notification" },
      { name: "payment", domain: "payment" },
      { name: "inventory", domain: "inventory" },
      { name: "재고", domain: null },
    ]);
  });

  it("names a group no domain matches after its dominant folder, uniquely", () => {
    const names = nameGroups([{ units: ["src/modules/ledger", "src/modules/ledger/api"], tables: [] }, { units: ["lib/ledger"], tables: [] }], domains);
    expect(names).toEqual([{ name: "ledger", domain: null }, { name: "ledger-2", domain: null }]);
  });
});
