import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { planCost } from "../src/plan/cost.js";
import { loadCost } from "../src/rules/cost.js";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import { money, moneyRange } from "../src/report/markdown-text.js";
import type { TeamValues } from "../src/config/team-fields.js";
import { FIXTURE } from "./helpers/cli.js";

/* A cost a CFO can check: labour priced, by quarter over the schedule, the peak line only what the move adds, deadline and budget. */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const CONSULTANT: TeamValues = {
  "team.size": 25, "team.infraSize": 2, "team.testCoverage": 35, "business.dau": 150000, "business.trafficPeaks": "Black Friday x10",
  "business.mostDamagingOutage": "결제", "money.currency": "KRW", "money.salaryYear": 60000000,
};
const plan = (team: TeamValues, lang: "en" | "ko" = "en") => roadmapOf(assessment, FIXTURE, team, { lang, start: "2026-03-02" }).roadmap;

describe("the cost over the schedule", () => {
  const r = plan(CONSULTANT);
  const sc = r.scheduleCost!;
  it("prices the migration's labour: every person-week of the plan at the engineer's weekly cost", () => {
    const pw = r.foundation.personWeeks + (r.foundation.training?.personWeeks ?? 0) + r.contexts.reduce((n, c) => n + c.effort.personWeeks, 0) + r.sagaWork.reduce((n, w) => n + w.effort.personWeeks, 0);
    expect(sc.labourPersonWeeks).toBeCloseTo(pw, 1);
    expect(Math.abs(sc.labour - pw * (60000000 / 52))).toBeLessThan(sc.quarters.length);
    expect(roadmapMarkdown(r, "x", "en")).toContain(`- Migration labour: ${sc.labourPersonWeeks} person-weeks × ₩1.2M a week (₩60M a year ÷ 52)`);
  });

  it("splits it by quarter of 13 weeks over the schedule, and the quarters add up to the total", () => {
    expect(sc.quarters[0]).toMatchObject({ quarter: 1, fromWeek: 1, toWeek: 13 });
    expect(sc.quarters[sc.quarters.length - 1].toWeek).toBe(r.totalWeeks);
    for (const q of sc.quarters) {
      expect(q.total.low).toBe(q.labour + q.infrastructure.low + q.hires);
      expect(q.total.high).toBe(q.labour + q.infrastructure.high + q.hires);
    }
    expect(sc.total.low).toBe(sc.quarters.reduce((s, q) => s + q.total.low, 0));
    expect(sc.total.high).toBe(sc.quarters.reduce((s, q) => s + q.total.high, 0));
  });

  it("pays a service from its go-live and a hire from the day the lead time brings them", () => {
    const firstLive = Math.min(...r.contexts.map((c) => c.endWeek)) + 1;
    const q = sc.quarters.find((x) => x.toWeek < firstLive);
    if (q) expect(q.infrastructure.high).toBe(0);
    expect(sc.hiresStartWeek).toBe(13);
    const late = plan({ ...CONSULTANT, "team.hiringLeadWeeks": 30 }).scheduleCost!;
    expect(late.hiresStartWeek).toBe(31);
    expect(late.quarters[0].hires + late.quarters[1].hires).toBe(0);
  });

  it("prices the peak days for what the move adds only, and 0 when it adds no capacity", () => {
    const { cost: rules } = loadCost(null);
    const traffic = { peak: 10, growth: 0, level: 0, dau: 150000, dauFrom: "dau" } as never;
    const nothing = { ...rules, cost: { ...rules.cost, increase: { low: 0, high: 0 }, rates: { ...rules.cost.rates, KRW: { ...rules.cost.rates.KRW, perService: 0, apmPerService: 0, broker: { managed: 0, rabbitmq: 0, kafka: 0 } } } } };
    const none = planCost({ currency: "KRW", services: 3, broker: "managed", traffic, infraAnswer: 100_000_000, mau: null, salary: null, hires: 0 }, nothing)!;
    expect(none.peakYear).toMatchObject({ low: 0, high: 0 });
    const some = planCost({ currency: "KRW", services: 3, broker: "managed", traffic, infraAnswer: 100_000_000, mau: null, salary: null, hires: 0 }, rules)!;
    expect(some.peakYear!.high).toBe(Math.round((some.increaseMonth.high / 30) * 9 * rules.cost.peakDays));
  });
});

describe("deadline and budget answers", () => {
  it("with a deadline shorter than the plan, says what is done by then and what is left out", () => {
    const r = plan({ ...CONSULTANT, "business.deadlineWeeks": 30 });
    expect(r.deadline!.out.length).toBeGreaterThan(0);
    expect(r.deadline!.fits).toEqual(r.contexts.filter((c) => c.doneWeek <= 30).map((c) => c.name));
    expect(roadmapMarkdown(r, "x", "en")).toContain(`- Deadline week 30: done by then: `);
    expect(roadmapMarkdown(r, "x", "en")).toMatch(/left out: .*`order`/);
  });

  it("with a budget, says the week it pays to", () => {
    const r = plan({ ...CONSULTANT, "money.budget": 200_000_000 });
    expect(r.budget!.week).toBeGreaterThan(0);
    expect(r.budget!.week).toBeLessThan(r.totalWeeks);
    expect(r.scheduleCost!.cumulativeHigh[r.budget!.week - 1]).toBeLessThanOrEqual(200_000_000);
    expect(r.scheduleCost!.cumulativeHigh[r.budget!.week]).toBeGreaterThan(200_000_000);
  });
});

describe("money as people write it in the text, exact in the JSON", () => {
  it("rounds: ₩15.8억, ₩6,000만, $1.2M, $480K", () => {
    expect(money(1_580_000_000, "KRW", "ko")).toBe("₩15.8억");
    expect(money(60_000_000, "KRW", "ko")).toBe("₩6,000만");
    expect(money(1_200_000, "USD")).toBe("$1.2M");
    expect(money(480_000, "USD")).toBe("$480K");
    expect(money(520, "USD")).toBe("$520");
    expect(money(189_899_087, "KRW", "en")).toBe("₩190M");
    expect(moneyRange({ low: 330_000_000, high: 340_000_000 }, "KRW", "ko")).toBe("₩3.3억~₩3.4억");
  });
  it("keeps the exact figures in the JSON", () => {
    const r = plan(CONSULTANT);
    expect(r.cost!.hiresYear).toBe(180_000_000);
    expect(Number.isInteger(r.scheduleCost!.total.high)).toBe(true);
    const md = roadmapMarkdown(plan(CONSULTANT, "ko"), "x", "ko");
    expect(md).not.toMatch(/₩\d{1,3}(,\d{3}){2,}/);
  });
});
