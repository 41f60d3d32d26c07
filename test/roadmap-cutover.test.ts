import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import type { TeamValues } from "../src/config/team-fields.js";
import { FIXTURE } from "./helpers/cli.js";

/* A cutover playbook per extraction, from its evidence, with the rollback of data and go/no-go gates. */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const CONSULTANT: TeamValues = { "team.size": 25, "team.infraSize": 2, "team.testCoverage": 35, "business.dau": 150000, "business.mostDamagingOutage": "결제", "money.currency": "KRW" };
const r = roadmapOf(assessment, FIXTURE, CONSULTANT, { lang: "en", start: "2026-03-02" }).roadmap;
const md = roadmapMarkdown(r, "allinone-commerce", "en");
const block = (name: string) => {
  const at = md.search(new RegExp(`^### (\\d+\\. |Pilot: )\`${name}\`$`, "m"));
  const rest = md.slice(at + 4);
  return rest.slice(0, rest.search(/^##/m));
};

describe("a cutover playbook for every extraction", () => {
  it("every context has the six steps, a rollback at each, and gates against the baseline", () => {
    for (const x of r.contexts) {
      expect(x.playbook.steps.map((s) => s.id)).toEqual(["sync", "backfill", "shadow-reads", "switch-reads", "switch-writes", "retire"]);
      const b = block(x.name);
      expect(b).toContain("go/no-go at each switch: error rate ≤ baseline + 0.1 pt, p99 ≤ 1.2 × baseline");
      expect(b).toContain("reconciliation differences 0");
      expect(b.match(/Rollback:/g)?.length).toBe(6);
    }
  });

  it("rolls back writes with what the new service wrote: a reverse sync keeps the monolith's tables current, and names their readers", () => {
    const order = r.contexts.find((x) => x.name === "order")!;
    expect(order.playbook.readers.length).toBeGreaterThan(0);
    const b = block("order");
    expect(b).toContain("a reverse sync (change data capture from its database) keeps the monolith's tables current for");
    expect(b).toContain("what the service wrote is already in the monolith's tables through the reverse sync");
    expect(b).toContain("once the `checkout`, `cancelOrder` sagas are in place");
  });

  it("makes the other writers of a context's tables send it commands before writes switch", () => {
    const stock = r.contexts.find((x) => x.name === "stock")!;
    expect(stock.playbook.writers).toContain("order");
    expect(block("stock")).toContain("once `order` sends it commands instead of writing its tables");
  });

  it("uses one observation period everywhere: the weeks the schedule runs it beside the monolith, the pilot's included", () => {
    for (const x of r.contexts) {
      expect(x.playbook.observationWeeks).toBe(x.doneWeek - x.endWeek);
      expect(block(x.name)).toContain(`observation period ${x.playbook.observationWeeks} week`);
    }
    const pilot = r.contexts.find((x) => x.phase === 2)!;
    expect(pilot.playbook.observationWeeks).toBe(4);
    expect(md).toContain(`then watched in production for 4 weeks before Phase 3 starts`);
    expect(block(pilot.name)).toContain("then 4 weeks beside the monolith");
  });

  it("copies by dual writes where the database has no change stream", () => {
    const lite = roadmapOf(assessment, FIXTURE, { ...CONSULTANT, "database.dialect": "sqlite" }, { lang: "en" }).roadmap;
    expect(lite.contexts.every((x) => x.playbook.sync === "dual-writes")).toBe(true);
    expect(r.contexts.every((x) => x.playbook.sync === "cdc")).toBe(true);
  });
});
