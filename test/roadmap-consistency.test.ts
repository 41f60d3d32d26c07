import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { readOverrides } from "../src/plan/consistency.js";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import type { TeamValues } from "../src/config/team-fields.js";
import { FIXTURE } from "./helpers/cli.js";

/* Consistency: the consultant's levels as defaults, raised by evidence with the reason, overridable, a cache never left unexplained. */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const TEAM: TeamValues = { "team.size": 25, "team.infraSize": 2, "money.currency": "KRW" };
const plan = (team: TeamValues) => roadmapOf(assessment, FIXTURE, team, { lang: "en" }).roadmap;
const ctx = (r: ReturnType<typeof plan>, name: string) => r.contexts.find((c) => c.name === name)!;

describe("the consultant's consistency levels", () => {
  const r = plan(TEAM);
  it("payment strong 0 s, recommendation 10 min, review 1 h", () => {
    expect([ctx(r, "payment").consistency.level, ctx(r, "payment").consistency.lag]).toEqual(["strong", [0, 0]]);
    expect(ctx(r, "recommendation").consistency.lag).toEqual([600, 600]);
    expect(ctx(r, "review").consistency.lag).toEqual([3600, 3600]);
  });
  it("inventory (the example's stock) eventual 1–3 s with reservations, raised to 0 s by the transaction it shares until the sagas, and says so", () => {
    const inv = ctx(r, "stock").consistency;
    expect(inv.lag).toEqual([1, 3]);
    expect(inv.level).toBe("strong");
    expect(inv.transactionWith).toEqual(["cart", "order", "payment"]);
    expect(ctx(r, "stock").domain).toBe("inventory");
    const md = roadmapMarkdown(r, "x", "en");
    expect(md).toMatch(/\| `stock` \| strong \| 0 s → 1–3 s \| 0 s until the `checkout`, `cancelOrder` saga \(one transaction today\)\. Then: stock shown to shoppers may be 1–3 s old; .*reserves stock with the owner/);
  });
  it("never a strong level and a cache without saying how they agree", () => {
    const md = roadmapMarkdown(r, "x", "en");
    for (const c of r.contexts.filter((x) => x.patterns.includes("cache") && (x.consistency.level === "strong" || x.consistency.lag[1] === 0))) {
      const row = md.split("\n").find((l) => l.startsWith(`| \`${c.name}\` | ${c.consistency.level}`))!;
      expect(row).toContain("invalidated by the owner's event on every write");
    }
  });
});

describe("overrides in strangler.yaml", () => {
  it("reads 'context level lag' and sets that context's consistency, saying it was the team's choice", () => {
    expect(readOverrides(["inventory eventual 1-3s", "review: eventual 2h", "payment strong", "nonsense"])).toEqual({
      overrides: [
        { context: "inventory", level: "eventual", lag: [1, 3], text: "inventory eventual 1-3s" },
        { context: "review", level: "eventual", lag: [7200, 7200], text: "review: eventual 2h" },
        { context: "payment", level: "strong", lag: null, text: "payment strong" },
      ],
      unread: ["nonsense"],
    });
    const r = plan({ ...TEAM, "consistency.overrides": ["review eventual 5 min", "nowhere eventual 1s", "inventory eventual 2s"] });
    expect(ctx(r, "stock").consistency).toMatchObject({ level: "eventual", lag: [2, 2] }); // by its domain's name too
    expect(ctx(r, "review").consistency).toMatchObject({ level: "eventual", lag: [300, 300], why: { kind: "answer" } });
    const md = roadmapMarkdown(r, "x", "en");
    expect(md).toContain('| `review` | eventual | 5 min | the team\'s choice in `strangler.yaml` ("review eventual 5 min") |');
    expect(md).toContain('Consistency overrides not read (expected context level lag, e.g. inventory eventual 1-3s, naming a context): "nowhere eventual 1s"');
  });
});
