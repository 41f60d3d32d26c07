import { describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { answeredEvents, blockerOf, marketEvents } from "../src/plan/calendar/events.js";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import { weekDate } from "../src/report/markdown-text.js";
import type { TeamValues } from "../src/config/team-fields.js";
import { FIXTURE } from "./helpers/cli.js";

/* The calendar: freezes and peaks by market, no critical cutover in them, the plan says what it moved. */
const assessment = assessRepo(FIXTURE, { gitHistory: false });
const TEAM: TeamValues = {
  "team.size": 25, "team.infraSize": 2, "team.testCoverage": 35, "business.dau": 150000, "business.trafficPeaks": "Black Friday x10",
  "business.mostDamagingOutage": "결제", "business.market": "KR", "business.sector": "commerce", "money.currency": "KRW", "money.salaryYear": 60000000,
};
const plan = (team: TeamValues, start: string, lang: "en" | "ko" = "en") => roadmapOf(assessment, FIXTURE, team, { lang, start }).roadmap;

describe("market defaults", () => {
  it("computes Seollal and Chuseok from the Korean lunar calendar, the day before to the day after", () => {
    const kr = marketEvents("KR", null, [2026, 2027]);
    expect(kr.filter((e) => e.name === "Chuseok").map((e) => [e.from, e.to])).toEqual([["2026-09-24", "2026-09-26"], ["2027-09-14", "2027-09-16"]]);
    expect(kr.filter((e) => e.name === "Seollal").map((e) => [e.from, e.to])).toEqual([["2026-02-16", "2026-02-18"], ["2027-02-06", "2027-02-08"]]);
    expect(marketEvents("US", null, [2026])).toEqual([]);
  });
  it("puts Black Friday the day after the fourth Thursday of November, and 11.11, for commerce", () => {
    const c = marketEvents(null, "commerce", [2026, 2027, 2028]);
    expect(c.filter((e) => e.name === "Black Friday").map((e) => e.from)).toEqual(["2026-11-27", "2027-11-26", "2028-11-24"]);
    expect(c.filter((e) => e.name === "11.11").map((e) => e.from)).toEqual(["2026-11-11", "2027-11-11", "2028-11-11"]);
  });
  it("reads the team's own freezes and peaks, and returns what it cannot read", () => {
    const r = answeredEvents(["2026-12-21..2027-01-03 year-end", "2026-13-01..2026-13-02 bad"], ["2026-07-15 summer sale", "soon"]);
    expect(r.events.map((e) => [e.kind, e.name, e.from, e.to])).toEqual([["freeze", "year-end", "2026-12-21", "2027-01-03"], ["peak", "summer sale", "2026-07-15", "2026-07-15"]]);
    expect(r.unread).toEqual(["2026-13-01..2026-13-02 bad", "soon"]);
  });
});

describe("no critical cutover in a freeze or the two weeks before a peak", () => {
  it("with a --start that would put payment's cutover in Chuseok, moves it out and says so", () => {
    const r = plan(TEAM, "2026-01-12");
    const payment = r.contexts.find((c) => c.name === "payment")!;
    expect(payment.moved).not.toBeNull();
    expect(payment.moved!.because).toContain("Chuseok");
    const unguarded = plan({ ...TEAM, "business.market": "other", "business.sector": "other", "money.currency": "USD" }, "2026-01-12").contexts.find((c) => c.name === "payment")!;
    const touches = (x: { endWeek: number; doneWeek: number }) => weekDate("2026-01-12", x.endWeek + 1) <= "2026-09-26" && weekDate("2026-01-12", x.doneWeek, true) >= "2026-09-24";
    expect(touches(unguarded)).toBe(true);
    expect(touches(payment)).toBe(false);
    const md = roadmapMarkdown(r, "x", "en");
    expect(md).toContain(`- \`payment\` starts ${payment.moved!.weeks} week${payment.moved!.weeks === 1 ? "" : "s"} later: it would have met Chuseok (2026-09-24 – 2026-09-26).`);
    expect(roadmapMarkdown(plan(TEAM, "2026-01-12", "ko"), "x", "ko")).toContain("추석(2026-09-24부터 2026-09-26까지) 동결 기간과 겹칩니다");
  });

  it("keeps every critical cutover out of every blocked week and apart from each other, for any start", () => {
    for (const start of ["2026-01-05", "2026-02-02", "2026-03-02", "2026-05-11", "2026-08-03"]) {
      const r = plan(TEAM, start);
      const blocked = blockerOf(start, r.calendarRules!.events);
      const critical = r.contexts.filter((c) => r.calendarRules!.critical.includes(c.name));
      expect(critical.map((c) => c.name).sort()).toEqual(["order", "payment", "stock"]);
      for (const c of critical) for (let w = c.endWeek + 1; w <= c.doneWeek; w++) expect(blocked(w), `${start} ${c.name} week ${w}`).toBeNull();
      for (const a of critical) for (const b of critical) if (a !== b) expect(a.doneWeek < b.endWeek + 1 || b.doneWeek < a.endWeek + 1).toBe(true);
    }
  });
});
