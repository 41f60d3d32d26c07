import type { Broker, CostRules, Currency } from "../rules/cost.js";
import type { Traffic } from "../score/traffic.js";

/**
 * What the move costs, in one currency, monthly and yearly: infrastructure grows by the consultant's 30–50%
 * of today's cost (the answer, else an estimate from DAU and MAU; never less than the services themselves
 * need), autoscaled capacity on peak days, growth through the year, and the platform engineers to hire.
 * Nothing is priced when there is no service to run.
 */
export interface CostPlan {
  currency: Currency;
  /** Infrastructure today, a month: the answer, or estimated from DAU / MAU, or unknown. */
  baseline: { month: number; from: "answer" | "estimate" } | null;
  services: number;
  /** What the services need at least, a month: their instances and databases, the broker, APM. */
  floor: { services: number; broker: number; apm: number; month: number; brokerKind: Broker };
  /** The increase, a month, low and high. */
  increaseMonth: { low: number; high: number };
  /** Share of today's cost, when it is known (low, high). */
  increaseShare: { low: number; high: number } | null;
  /** Extra capacity the new services need on the peak days of a year (null: no peak multiple given); today's own peaks are not counted. */
  peakYear: { low: number; high: number; days: number; multiple: number } | null;
  /** Growth through the first year, % (the increase grows with the traffic it serves). */
  growth: number;
  increaseYear: { low: number; high: number };
  hires: number;
  salaryYear: number;
  hiresYear: number;
  totalMonth: { low: number; high: number };
  totalYear: { low: number; high: number };
}

export function planCost(inp: { currency: Currency; services: number; broker: Broker; traffic: Traffic; infraAnswer: number | null; mau: number | null; salary: number | null; hires: number }, rules: CostRules): CostPlan | null {
  if (inp.services === 0) return null;
  const r = rules.cost.rates[inp.currency];
  const baseline: CostPlan["baseline"] =
    inp.infraAnswer !== null
      ? { month: inp.infraAnswer, from: "answer" }
      : inp.traffic.dauFrom === "dau" || inp.mau !== null
        ? { month: (inp.traffic.dauFrom === "dau" ? inp.traffic.dau! : 0) * r.perDau + (inp.mau ?? 0) * r.perMau, from: "estimate" }
        : null;
  const floor = { services: inp.services * r.perService, broker: r.broker[inp.broker], apm: inp.services * r.apmPerService, month: 0, brokerKind: inp.broker };
  floor.month = floor.services + floor.broker + floor.apm;
  const share = rules.cost.increase;
  const increaseMonth = baseline ? { low: Math.max(floor.month, baseline.month * share.low), high: Math.max(floor.month, baseline.month * share.high) } : { low: floor.month, high: floor.month };
  const increaseShare = baseline && baseline.month > 0 ? { low: increaseMonth.low / baseline.month, high: increaseMonth.high / baseline.month } : null;
  const growth = inp.traffic.growth;
  // Month m of the first year runs at (1 + growth)^(m / 12) of today's traffic.
  const yearFactor = Array.from({ length: 12 }, (_, m) => (1 + growth / 100) ** (m / 12)).reduce((s, x) => s + x, 0);
  const increaseYear = { low: increaseMonth.low * yearFactor, high: increaseMonth.high * yearFactor };
  const daily = (month: number) => month / 30;
  // Only what the move adds: the new services' capacity at the peak multiple; today's own peaks are paid today.
  const peakYear =
    inp.traffic.peak > 1
      ? {
          low: daily(increaseMonth.low) * (inp.traffic.peak - 1) * rules.cost.peakDays,
          high: daily(increaseMonth.high) * (inp.traffic.peak - 1) * rules.cost.peakDays,
          days: rules.cost.peakDays,
          multiple: inp.traffic.peak,
        }
      : null;
  const salaryYear = inp.salary ?? r.salaryYear;
  const hiresYear = inp.hires * salaryYear;
  const round = (x: number) => Math.round(x);
  const pair = (p: { low: number; high: number }) => ({ low: round(p.low), high: round(p.high) });
  return {
    currency: inp.currency,
    baseline: baseline ? { month: round(baseline.month), from: baseline.from } : null,
    services: inp.services,
    floor: { ...floor, services: round(floor.services), broker: round(floor.broker), apm: round(floor.apm), month: round(floor.month) },
    increaseMonth: pair(increaseMonth),
    increaseShare: increaseShare ? { low: Math.round(increaseShare.low * 100) / 100, high: Math.round(increaseShare.high * 100) / 100 } : null,
    peakYear: peakYear ? { ...pair(peakYear), days: peakYear.days, multiple: peakYear.multiple } : null,
    growth,
    increaseYear: pair(increaseYear),
    hires: inp.hires,
    salaryYear,
    hiresYear,
    totalMonth: pair({ low: increaseMonth.low + hiresYear / 12, high: increaseMonth.high + hiresYear / 12 }),
    totalYear: pair({ low: increaseYear.low + (peakYear?.low ?? 0) + hiresYear, high: increaseYear.high + (peakYear?.high ?? 0) + hiresYear }),
  };
}
