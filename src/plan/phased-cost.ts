import type { CostPlan } from "./cost.js";

/**
 * What the move costs over its own schedule, quarter by quarter (13 weeks each), so a CFO can add it up:
 * the migration's labour as the work is done (each item's person-weeks spread over its build weeks, Phase 1
 * over its weeks), the infrastructure the new services add from each one's go-live (its share of the
 * increase, and of the peak days' extra capacity), and the platform hires from the day they start (hiring
 * opens in week 1 and takes the lead time). The quarters are rounded and the total is their sum.
 */
export interface QuarterCost {
  quarter: number;
  fromWeek: number;
  toWeek: number;
  labour: number;
  infrastructure: { low: number; high: number };
  hires: number;
  total: { low: number; high: number };
}

export interface ScheduleCost {
  /** Person-weeks of the migration (Phase 1, the sagas, the extractions) and what they cost. */
  labourPersonWeeks: number;
  weekly: number;
  labour: number;
  /** First week the hires work (hiring opens in week 1). */
  hiresStartWeek: number | null;
  leadWeeks: number;
  quarters: QuarterCost[];
  total: { low: number; high: number };
  /** Week by week, cumulated (high estimate): what a budget buys. */
  cumulativeHigh: number[];
}

export interface CostWork {
  personWeeks: number;
  startWeek: number;
  endWeek: number;
  /** A service that goes live after its build (a saga's orchestration adds none). */
  service: boolean;
}

export function phasedCost(inp: { work: CostWork[]; totalWeeks: number; cost: CostPlan; salaryYear: number; leadWeeks: number }): ScheduleCost {
  const T = Math.max(0, inp.totalWeeks);
  const weekly = inp.salaryYear / 52;
  const services = Math.max(1, inp.cost.services);
  const perServiceWeek = { low: (inp.cost.increaseMonth.low * 12) / 52 / services, high: (inp.cost.increaseMonth.high * 12) / 52 / services };
  const peakWeek = inp.cost.peakYear ? { low: inp.cost.peakYear.low / 52 / services, high: inp.cost.peakYear.high / 52 / services } : { low: 0, high: 0 };
  const hiresStart = inp.cost.hires > 0 ? inp.leadWeeks + 1 : null;
  const labourW = new Array<number>(T + 1).fill(0);
  const infraLow = new Array<number>(T + 1).fill(0);
  const infraHigh = new Array<number>(T + 1).fill(0);
  const hiresW = new Array<number>(T + 1).fill(0);
  for (const w of inp.work) {
    const weeks = Math.max(1, w.endWeek - w.startWeek + 1);
    for (let t = w.startWeek; t <= Math.min(T, w.endWeek); t++) labourW[t] += (w.personWeeks / weeks) * weekly;
    if (w.service) for (let t = w.endWeek + 1; t <= T; t++) {
      infraLow[t] += perServiceWeek.low + peakWeek.low;
      infraHigh[t] += perServiceWeek.high + peakWeek.high;
    }
  }
  if (hiresStart !== null) for (let t = hiresStart; t <= T; t++) hiresW[t] += inp.cost.hires * weekly;
  const quarters: QuarterCost[] = [];
  for (let q = 0; q * 13 < T; q++) {
    const from = q * 13 + 1;
    const to = Math.min(T, from + 12);
    const sum = (xs: number[]) => Math.round(xs.slice(from, to + 1).reduce((s, x) => s + x, 0));
    const labour = sum(labourW);
    const infrastructure = { low: sum(infraLow), high: sum(infraHigh) };
    const hires = sum(hiresW);
    quarters.push({ quarter: q + 1, fromWeek: from, toWeek: to, labour, infrastructure, hires, total: { low: labour + infrastructure.low + hires, high: labour + infrastructure.high + hires } });
  }
  const cumulativeHigh: number[] = [];
  let acc = 0;
  for (let t = 1; t <= T; t++) cumulativeHigh.push(Math.round((acc += labourW[t] + infraHigh[t] + hiresW[t])));
  const labourPersonWeeks = Math.round(inp.work.reduce((s, w) => s + w.personWeeks, 0) * 10) / 10;
  return {
    labourPersonWeeks,
    weekly: Math.round(weekly),
    labour: quarters.reduce((s, q) => s + q.labour, 0),
    hiresStartWeek: hiresStart,
    leadWeeks: inp.leadWeeks,
    quarters,
    total: { low: quarters.reduce((s, q) => s + q.total.low, 0), high: quarters.reduce((s, q) => s + q.total.high, 0) },
    cumulativeHigh,
  };
}

/** With a deadline or a budget: what is done by then, and what is not. */
export function fitsBy(week: number, contexts: Array<{ name: string; doneWeek: number }>): { fits: string[]; out: string[] } {
  return { fits: contexts.filter((c) => c.doneWeek <= week).map((c) => c.name), out: contexts.filter((c) => c.doneWeek > week).map((c) => c.name) };
}

/** The last week a budget pays for (0: not even the first). */
export function weeksBought(budget: number, cumulativeHigh: number[]): number {
  let w = 0;
  while (w < cumulativeHigh.length && cumulativeHigh[w] <= budget) w++;
  return w;
}
