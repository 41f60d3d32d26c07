import type { Diagnostic } from "../scan/facts.js";
import { loadRuleFile, numberAt } from "./load.js";

export type Currency = "KRW" | "USD";

export interface CostRules {
  effort: { foundation: number; pilotOverhead: number; perContext: number; perCrossJoin: number; perCrossForeignKey: number; perForeignAccess: number; perSagaStep: number; perThousandLoc: number; maxPeoplePerContext: number };
  rates: Record<Currency, { salaryYear: number; infraPerServiceMonth: number; apmPerServiceMonth: number; brokerMonth: number }>;
  staffing: { peoplePerServiceFleet: number; servicesPerPlatformEngineer: number };
  lag: Record<"eventual" | "read-your-writes" | "strong", string>;
}

export function loadCost(repo: string | null): { cost: CostRules; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("cost", repo);
  const w = "cost.yaml";
  const e = (data.effort ?? {}) as Record<string, unknown>;
  const rates = (data.rates ?? {}) as Record<string, Record<string, unknown>>;
  const st = (data.staffing ?? {}) as Record<string, unknown>;
  const lag = (data.lag ?? {}) as Record<string, unknown>;
  const rate = (c: Currency, d: [number, number, number, number]) => ({
    salaryYear: numberAt(rates[c], "salaryYear", d[0], w, diagnostics),
    infraPerServiceMonth: numberAt(rates[c], "infraPerServiceMonth", d[1], w, diagnostics),
    apmPerServiceMonth: numberAt(rates[c], "apmPerServiceMonth", d[2], w, diagnostics),
    brokerMonth: numberAt(rates[c], "brokerMonth", d[3], w, diagnostics),
  });
  const text = (k: string, d: string) => (typeof lag[k] === "string" ? (lag[k] as string) : d);
  return {
    cost: {
      effort: {
        foundation: numberAt(e, "foundation", 8, w, diagnostics),
        pilotOverhead: numberAt(e, "pilotOverhead", 3, w, diagnostics),
        perContext: numberAt(e, "perContext", 3, w, diagnostics),
        perCrossJoin: numberAt(e, "perCrossJoin", 0.5, w, diagnostics),
        perCrossForeignKey: numberAt(e, "perCrossForeignKey", 0.5, w, diagnostics),
        perForeignAccess: numberAt(e, "perForeignAccess", 0.3, w, diagnostics),
        perSagaStep: numberAt(e, "perSagaStep", 1.5, w, diagnostics),
        perThousandLoc: numberAt(e, "perThousandLoc", 1, w, diagnostics),
        maxPeoplePerContext: numberAt(e, "maxPeoplePerContext", 4, w, diagnostics),
      },
      rates: { KRW: rate("KRW", [90_000_000, 700_000, 150_000, 1_500_000]), USD: rate("USD", [120_000, 520, 110, 1100]) },
      staffing: { peoplePerServiceFleet: numberAt(st, "peoplePerServiceFleet", 5, w, diagnostics), servicesPerPlatformEngineer: numberAt(st, "servicesPerPlatformEngineer", 4, w, diagnostics) },
      lag: { eventual: text("eventual", "60 s"), "read-your-writes": text("read-your-writes", "1 s"), strong: text("strong", "none") },
    },
    diagnostics,
  };
}
