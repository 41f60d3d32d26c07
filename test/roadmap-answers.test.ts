import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { FIELDS, keyOf, type TeamValues } from "../src/config/team-fields.js";
import { peakMultiple } from "../src/score/traffic.js";
import { FIXTURE } from "./helpers/cli.js";
import { answerEffect } from "../src/report/roadmap-text.js";

/*
 * Every answer of `strangler init` changes the plan, and the plan says how. One assessment of the example,
 * planned again for each change of one answer.
 */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const plan = (team: TeamValues, lang: "en" | "ko" = "en", trafficShare?: Record<string, number>) => roadmapOf(assessment, FIXTURE, team, { lang, start: "2026-03-02", trafficShare });
/** The plan without the list of answers (which changes by construction). */
const body = (team: TeamValues) => {
  const { roadmap, scores } = plan(team);
  return JSON.stringify({ ...roadmap, answers: undefined, assumptions: undefined, openQuestions: undefined, scores });
};

const BASE: TeamValues = {
  "team.size": 25, "team.infraSize": 2, "business.dau": 150000, "business.mau": 900000, "business.growth": 20, "team.deployCadence": "weekly",
  "team.mostDeployedAreas": ["search"], "database.dialect": "postgresql", "team.kubernetes": "none", "team.testCoverage": 35,
  "business.trafficPeaks": "Black Friday x10", "business.mostDamagingOutage": "payment", "money.currency": "KRW", "money.salaryYear": 60000000,
  "money.infraMonth": 40000000, "team.hiringLeadWeeks": 12, "business.deadlineWeeks": 30, "money.budget": 300000000,
  "business.market": "KR", "business.sector": "commerce", "calendar.freezes": ["2026-06-01..2026-06-14 summer"], "calendar.peaks": ["2026-07-15 summer sale"], "consistency.overrides": ["review eventual 5 min"], "team.sagaExperience": "none",
};
const OTHER: Record<string, string | number | string[]> = {
  "team.size": 10, "team.infraSize": 5, "business.dau": 5000000, "business.mau": 20000000, "business.growth": 80, "team.deployCadence": "monthly",
  "team.mostDeployedAreas": ["catalog"], "database.dialect": "mysql", "team.kubernetes": "production", "team.testCoverage": 80,
  "business.trafficPeaks": "lunch x3", "business.mostDamagingOutage": "inventory", "money.currency": "USD", "money.salaryYear": 90000000,
  "money.infraMonth": 90000000, "team.hiringLeadWeeks": 30, "business.deadlineWeeks": 60, "money.budget": 900000000,
  "business.market": "US", "business.sector": "other", "calendar.freezes": ["2026-09-01..2026-10-31 audit"], "calendar.peaks": ["2026-08-20 launch"], "consistency.overrides": ["review eventual 2h"], "team.sagaExperience": "production",
};

describe("every init answer changes the plan", () => {
  const base = body(BASE);
  for (const f of FIELDS) {
    const key = keyOf(f);
    it(`${key}: another answer gives another plan, and the plan says what it changed`, () => {
      expect(OTHER[key], `a second answer for ${key}`).toBeDefined();
      expect(body({ ...BASE, [key]: OTHER[key] })).not.toBe(base);
      const effect = plan(BASE).roadmap.answers.find((a) => a.key === key)!;
      expect(effect.answered).toBe(true);
    });
  }

  it("answered or not, every question has a line in the answers table", () => {
    expect(plan({}).roadmap.answers.map((a) => a.key)).toEqual(FIELDS.map(keyOf));
  });
});

describe("answers as ranking rules", () => {
  const discount = (team: TeamValues, name: string) => plan(team).scores.find((s) => s.name === name)!.discount;

  it("moves a most-deployed area up, matched in Korean too (상품 → product, whose tables speak of the catalog)", () => {
    expect(discount({}, "product")).toBe(0);
    expect(discount({ "team.mostDeployedAreas": ["상품"] }, "product")).toBeGreaterThan(0);
    const reasons = plan({ "team.mostDeployedAreas": ["상품"] }).scores.find((s) => s.name === "product")!.reasons;
    expect(reasons.find((r) => r.kind === "most-deployed")?.partner).toBe("상품");
  });

  it("moves high-traffic read paths up more as traffic grows, and never a transaction-bound core context", () => {
    const at = (dau: number) => discount({ "business.dau": dau }, "product");
    expect(at(1000)).toBe(0);
    expect(at(150000)).toBeGreaterThan(0);
    expect(at(5000000)).toBeGreaterThan(at(150000));
    expect(discount({ "business.dau": 5000000 }, "order")).toBe(0);
  });

  it("takes a per-context traffic share when one is given (from query statistics), and leaves paths without traffic where they are", () => {
    const team = { "business.dau": 150000 };
    const even = plan(team).scores;
    const measured = plan(team, "en", { product: 0.7, search: 0 }).scores;
    const d = (xs: typeof even, name: string) => xs.find((s) => s.name === name)!.discount;
    expect(d(measured, "search")).toBe(0);
    expect(d(even, "search")).toBeGreaterThan(0);
    expect(d(measured, "product")).toBeGreaterThanOrEqual(d(even, "product"));
  });

  it("reads the peak multiple from the answer's words", () => {
    expect(peakMultiple("Black Friday x10")).toBe(10);
    expect(peakMultiple("블랙프라이데이에 평소의 5배")).toBe(5);
    expect(peakMultiple("×3 at lunch, 12x on sale days")).toBe(12);
    expect(peakMultiple("evenings")).toBe(1);
  });
});

describe("answers in the plan", () => {
  it("adds a characterisation-test step before the first extraction under 50% coverage only", () => {
    const items = (team: TeamValues) => plan(team).roadmap.foundation.items.map((i) => i.id);
    expect(items({ "team.testCoverage": 35 })).toContain("characterisation");
    expect(items({ "team.testCoverage": 70 })).not.toContain("characterisation");
  });

  it("adds a load test and autoscaling for known traffic peaks, and prices the peak days", () => {
    const r = plan({ "business.trafficPeaks": "Black Friday x10", "business.dau": 150000 }).roadmap;
    expect(r.foundation.items.map((i) => i.id)).toEqual(expect.arrayContaining(["load-test", "autoscaling"]));
    expect(r.cost!.peakYear!.multiple).toBe(10);
  });

  it("chooses managed compute and a managed broker without Kubernetes, Kafka on a cluster run in production by three or more", () => {
    const detail = (team: TeamValues, id: string) => plan(team).roadmap.foundation.items.find((i) => i.id === id)!.detail;
    expect(detail({ "team.kubernetes": "none" }, "compute").compute).toBe("managed");
    expect(detail({ "team.kubernetes": "none" }, "broker").broker).toBe("managed");
    expect(detail({ "team.kubernetes": "production", "team.infraSize": 3 }, "broker").broker).toBe("kafka");
    expect(detail({ "team.kubernetes": "production", "team.infraSize": 3 }, "compute").compute).toBe("existing");
  });

  it("scales the parallel streams with the team", () => {
    const streams = (size: number) => plan({ "team.size": size, "team.infraSize": 2 }).roadmap.team.streams;
    expect(streams(6)).toBe(1);
    expect(streams(25)).toBe(3);
    expect(streams(60)).toBe(4);
    // A team of 6 can own 3 services: its plan is a scope, and the whole would take longer than a team of 25's.
    const six = plan({ "team.size": 6, "team.infraSize": 2 }).roadmap;
    const whole = six.notices.find((n) => n.kind === "scope");
    expect(whole && whole.kind === "scope" && whole.staffable).toBe(3);
    expect(plan({ "team.size": 25, "team.infraSize": 2 }).roadmap.totalWeeks).toBeLessThan(whole && whole.kind === "scope" ? whole.fullWeeks : six.totalWeeks);
  });

  it("prices 150,000 and 5,000,000 daily users differently, and today's answered cost over any estimate", () => {
    const cost = (team: TeamValues) => plan(team).roadmap.cost!;
    expect(cost({ "business.dau": 5000000 }).increaseMonth.high).toBeGreaterThan(cost({ "business.dau": 150000 }).increaseMonth.high);
    expect(cost({ "business.dau": 150000, "money.infraMonth": 100000000 }).baseline).toEqual({ month: 100000000, from: "answer" });
    expect(cost({ "business.dau": 150000, "money.infraMonth": 100000000 }).increaseShare).toEqual({ low: 0.3, high: 0.5 });
    const grown = cost({ "business.dau": 150000, "business.growth": 50 });
    expect(grown.increaseYear.high).toBeGreaterThan(grown.increaseMonth.high * 12);
  });

  it("prices in the plan's language unless the currency is answered or the salary says which", () => {
    expect(plan({}, "en").roadmap.currency).toBe("USD");
    expect(plan({}, "ko").roadmap.currency).toBe("KRW");
    expect(plan({ "money.salaryYear": 60000000 }, "en").roadmap).toMatchObject({ currency: "KRW", currencyFrom: "salary" });
    expect(plan({ "money.currency": "USD" }, "ko").roadmap).toMatchObject({ currency: "USD", currencyFrom: "answer" });
  });

  it("says what one engineer costs a year, not the total of the hires, when the salary is not answered", () => {
    const r = plan({ "team.size": 25, "team.infraSize": 1, "money.currency": "USD" }).roadmap;
    const salary = r.answers.find((a) => a.key === "money.salaryYear")!;
    expect(r.staffing!.hires).toBe(4);
    expect(answerEffect(salary, r, "en")).toBe("the default of rules/cost.yaml, $120K a year each, prices the 4 hires ($480K a year in all)");
  });

  it("plans training in Phase 1 when the team has little saga and event experience, priced, and none when it runs them in production", () => {
    const none = plan({ "team.size": 25, "team.infraSize": 2, "team.sagaExperience": "none" }).roadmap;
    expect(none.foundation.training).toMatchObject({ saga: "none", weeks: 2, people: none.team.migration + none.team.infra });
    expect(none.foundation.training!.personWeeks).toBe((none.team.migration + none.team.infra) * 2);
    const prod = plan({ "team.size": 25, "team.infraSize": 2, "team.sagaExperience": "production" }).roadmap;
    expect(prod.foundation.training).toBeNull();
    expect(none.scheduleCost!.labour).toBeGreaterThan(prod.scheduleCost!.labour);
    const k8s = plan({ "team.size": 25, "team.infraSize": 2, "team.sagaExperience": "production", "team.kubernetes": "some" }).roadmap;
    expect(k8s.foundation.training).toMatchObject({ kubernetes: "some", weeks: 1, personWeeks: 2 });
  });
});
