import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { measuredChanges } from "../src/plan/what-if.js";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import { answerEffect, measuredText } from "../src/report/roadmap-text.js";
import type { TeamValues } from "../src/config/team-fields.js";
import { FIXTURE } from "./helpers/cli.js";

/*
 * Ranges, the critical path, what would shorten the plan, and "what your answers changed" as measured
 * differences, on the example with the consultant's figures (its strangler.yaml).
 */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const CONSULTANT: TeamValues = {
  "team.size": 25, "team.infraSize": 2, "team.testCoverage": 35, "business.dau": 150000, "business.trafficPeaks": "Black Friday x10",
  "business.mostDamagingOutage": "결제", "money.currency": "KRW", "money.salaryYear": 60000000,
};
const plan = (team: TeamValues, lang: "en" | "ko" = "en", backlog?: string[]) => roadmapOf(assessment, FIXTURE, team, { lang, start: "2026-03-02", backlog }).roadmap;
/** The backlog a plan's scope left out ([] when it plans every context): a plan without an answer keeps the same scope. */
const backlogOf = (r: ReturnType<typeof plan>) => r.notices.flatMap((n) => (n.kind === "scope" ? n.backlog : []));

describe("durations as P50–P90 ranges", () => {
  const r = plan(CONSULTANT);
  it("gives a P50 and a P90 for each phase and the total, P50 ≤ P90, the same on every run", () => {
    expect(r.range).not.toBeNull();
    for (const p of r.phases) {
      const x = r.range!.phases[p.id];
      expect(x.p50).toBeGreaterThan(0);
      expect(x.p90).toBeGreaterThanOrEqual(x.p50);
    }
    expect(r.range!.total.p90).toBeGreaterThanOrEqual(r.range!.total.p50);
    expect(r.range!.total.p90).toBeGreaterThan(r.totalWeeks - 1);
    expect(JSON.stringify(plan(CONSULTANT).range)).toBe(JSON.stringify(r.range));
    const md = roadmapMarkdown(r, "allinone-commerce", "en");
    const total = r.range!.total.p50 === r.range!.total.p90 ? `${r.range!.total.p50} weeks` : `${r.range!.total.p50}–${r.range!.total.p90} weeks`;
    expect(md).toContain(`in ${total} (P50–P90; ${r.totalWeeks} at the estimates themselves)`);
    expect(roadmapMarkdown(plan(CONSULTANT, "ko"), "allinone-commerce", "ko")).toContain(r.range!.total.p50 === r.range!.total.p90 ? `${r.range!.total.p50}주` : `P50 기준 ${r.range!.total.p50}주, P90 기준 ${r.range!.total.p90}주`);
  });

  it("names the critical path: from the foundation to the last work done, each link done no later than the next starts", () => {
    const ids = r.criticalPath.map((l) => l.id);
    expect(ids[0]).toBe("phase:foundation");
    expect(ids).toContain("saga:order");
    expect(r.criticalPath[r.criticalPath.length - 1].doneWeek).toBe(r.totalWeeks);
    const weeks = r.criticalPath.map((l) => l.doneWeek);
    expect([...weeks].sort((a, b) => a - b)).toEqual(weeks);
    expect(roadmapMarkdown(r, "allinone-commerce", "en")).toMatch(/\*\*Critical path\*\* \(the work that sets the end date\): Phase 1 foundation week \d+ → the pilot `notification`/);
  });

  it("team 50 against 25: says the streams are at the rules' cap and how little more people can save", () => {
    const big = plan({ ...CONSULTANT, "team.size": 50 });
    expect(big.limit!.atCap).toBe(true);
    expect(big.totalWeeks).toBeGreaterThanOrEqual(big.limit!.unlimitedWeeks);
    const md = roadmapMarkdown(big, "allinone-commerce", "en");
    expect(md).toContain("Phase 3 already runs the 4 streams the rules allow");
    expect(md).toContain(`With as many streams as work items it would still take ${big.limit!.unlimitedWeeks} weeks: more people can save at most ${big.totalWeeks - big.limit!.unlimitedWeeks} weeks`);
    expect(plan(CONSULTANT).limit!.atCap).toBe(false);
  });

  it("coverage 10% and 50% give different plans: tests first in every context under the target", () => {
    const low = plan({ ...CONSULTANT, "team.testCoverage": 10 });
    const high = plan({ ...CONSULTANT, "team.testCoverage": 50 });
    expect(low.totalWeeks).toBeGreaterThan(high.totalWeeks);
    expect(low.contexts.every((c) => c.effort.items.some((i) => i.id === "tests-first"))).toBe(true);
    expect(high.contexts.some((c) => c.effort.items.some((i) => i.id === "tests-first"))).toBe(false);
  });
});

describe("what would shorten it, each measured by planning again", () => {
  const r = plan(CONSULTANT);
  const row = (id: string) => r.sensitivity.find((s) => s.id === id)!;
  it("one more platform engineer, coverage raised to 50%: the weeks of the plan computed with that answer", () => {
    expect(row("platform-engineer").totalWeeks).toBe(plan({ ...CONSULTANT, "team.size": 26, "team.infraSize": 3 }).totalWeeks);
    expect(row("coverage").totalWeeks).toBe(plan({ ...CONSULTANT, "team.testCoverage": 50 }).totalWeeks);
    expect(row("coverage").saved).toBeGreaterThan(0);
    for (const s of r.sensitivity) expect(s.saved).toBe(r.totalWeeks - s.totalWeeks);
  });
  it("leaves out the last context of the critical path and one more squad adds a stream", () => {
    expect(row("leave-out").context).toBe("order");
    expect(row("leave-out").saved).toBeGreaterThan(0);
    expect(row("squad").totalWeeks).toBeLessThanOrEqual(r.totalWeeks);
  });
});

describe("what your answers changed: only differences measured with and without each answer", () => {
  const r = plan(CONSULTANT);
  for (const key of Object.keys(CONSULTANT)) {
    it(`${key}: the line is the difference from the plan computed again without it`, () => {
      const e = r.answers.find((a) => a.key === key)!;
      const { [key]: _gone, ...without } = CONSULTANT;
      void _gone;
      const other = plan(without, "en", backlogOf(r));
      expect(e.measured).toEqual(measuredChanges(r, other));
      expect(answerEffect(e, r, "en")).toBe(measuredText(measuredChanges(r, other), r, "en"));
      for (const ch of e.measured!) {
        if (ch.kind === "weeks") expect([ch.with, ch.without]).toEqual([r.totalWeeks, other.totalWeeks]);
        if (ch.kind === "order") for (const m of ch.moved) expect(other.contexts.find((c) => c.name === m.context)!.rank).toBe(m.without);
      }
    });
  }
  it("an answer that changes nothing says so instead of claiming a move", () => {
    const r2 = plan({ ...CONSULTANT, "team.mostDeployedAreas": ["nothing-like-a-context"] });
    const e = r2.answers.find((a) => a.key === "team.mostDeployedAreas")!;
    expect(e.measured).toEqual([]);
    expect(answerEffect(e, r2, "en")).toBe("the plan computed without it is the same");
  });
});
