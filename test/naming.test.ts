import { describe, expect, it } from "vitest";
import { nameGroups, wordsOf, pathVocabulary, tableWords } from "../src/cluster/naming.js";
import { loadDomains } from "../src/rules/domains.js";

const { domains } = loadDomains(null);

describe("naming contexts from the domain vocabulary", () => {
  it("splits paths and table names into words", () => {
    expect(wordsOf("src/modules/orderHistory/order-items_v2")).toEqual(["src", "modules", "order", "history", "order", "items", "v2"]);
  });

  it("names groups after their tables; the vocabulary only says which domain they speak of", () => {
    const names = nameGroups(
      [
        { units: ["src/알림/발송"], tables: [] },
        { units: ["src/결제"], tables: ["public.pg_transactions"] },
        { units: ["src/modules/inventory"], tables: ["public.stock_levels"] },
        { units: ["src/modules/mailer"], tables: ["public.users", "public.sessions"], inboundFks: { "public.users": 1 } },
      ],
      domains,
    );
    expect(names.map((n) => [n.name, n.domain])).toEqual([
      ["발송", null],
      ["pg-transaction", null],
      ["stock-level", "inventory"],
      ["user", "identity"],
    ]);
  });

  it("names a group with no table after its folder, uniquely and never with a number", () => {
    const names = nameGroups([{ units: ["src/modules/ledger", "src/modules/ledger/api"], tables: [] }, { units: ["lib/ledger"], tables: [] }], domains);
    expect(names.map((n) => n.name)).toEqual(["ledger", "lib-ledger"]);
    expect(names.every((n) => n.naming?.from === "folder")).toBe(true);
  });
});

describe("case-folded table names", () => {
  it("are split into the words the repo's paths spell apart, the fewest pieces", () => {
    const vocabulary = pathVocabulary(["src/infra-config", "apps/web/bookmarks/LinkCard.tsx", "src/team-collection", "src/import"]);
    expect(tableWords("public.infraconfig", vocabulary)).toEqual(["infra", "config"]);
    expect(tableWords("main.bookmarklinks", vocabulary)).toEqual(["bookmark", "links"]);
    expect(tableWords("public.teamcollection", vocabulary)).toEqual(["team", "collection"]);
    // No split the paths do not spell, and names already in words stay as they are.
    expect(tableWords("public.importsession", vocabulary)).toEqual(["importsession"]);
    expect(tableWords("public.stock_reservations", vocabulary)).toEqual(["stock", "reservations"]);
  });
});

describe("words too generic to name a domain", () => {
  it("comments, views, a gateway folder, CQRS queries and index files name no domain", () => {
    const names = nameGroups(
      [
        { units: ["server/models/comment"], tables: ["public.comments", "public.reactions"] },
        { units: ["server/models/event"], tables: ["public.events", "public.views"] },
        { units: ["src/gateway"], tables: [] },
        { units: ["src/application/queries"], tables: [] },
      ],
      domains,
    );
    expect(names.map((n) => n.domain)).toEqual([null, null, null, null]);
    expect(names[0].name).toBe("comment");
  });
});
