import type { TeamValues } from "../config/team-fields.js";
import type { Cadence, CostRules, Currency } from "../rules/cost.js";

/** The team's figures as the plan uses them: who works on the migration, in how many parallel streams. */
export interface TeamPlan {
  size: number;
  infra: number;
  /** Engineers building the product (team size − platform team). */
  product: number;
  /** Of them, on the migration (× rules' migrationShare), at least one. */
  migration: number;
  /** Extractions in flight at once: migration engineers ÷ squad size, between 1 and maxStreams. */
  streams: number;
  /** People per stream. */
  squad: number;
  /** Phase 1 is done by the platform team and one squad. */
  foundationPeople: number;
  cadence: Cadence;
  kubernetes: "none" | "some" | "production";
  sagaExperience: "none" | "some" | "production";
  /** Test coverage, % (null: not answered). */
  coverage: number | null;
}

export function teamPlan(team: TeamValues, rules: CostRules): TeamPlan {
  const size = Math.max(1, num(team["team.size"], 8));
  // The platform team is part of the team and smaller than it (config/team-fields.ts, contradictions): at
  // least one engineer builds the product, so Phase 1's people never outnumber the team.
  const infra = Math.min(size - 1, Math.max(0, num(team["team.infraSize"], 1)));
  const product = size - infra;
  const migration = Math.max(1, Math.floor(product * rules.streams.migrationShare));
  const streams = Math.max(1, Math.min(rules.streams.maxStreams, Math.floor(migration / rules.streams.squadSize)));
  const squad = Math.max(1, Math.min(rules.streams.squadSize, Math.floor(migration / streams)));
  const cadence = (["daily", "weekly", "biweekly", "monthly"] as const).find((c) => c === team["team.deployCadence"]) ?? "weekly";
  const kubernetes = (["none", "some", "production"] as const).find((c) => c === team["team.kubernetes"]) ?? "none";
  const sagaExperience = (["none", "some", "production"] as const).find((c) => c === team["team.sagaExperience"]) ?? "none";
  const coverage = typeof team["team.testCoverage"] === "number" ? (team["team.testCoverage"] as number) : null;
  return { size, infra, product, migration, streams, squad, foundationPeople: infra + squad, cadence, kubernetes, sagaExperience, coverage };
}

/**
 * The currency of the plan: the answer; else the one the money answers read as (a salary of 60,000,000 is
 * won, not dollars); else the plan's language (Korean: KRW, English: USD).
 */
export function chooseCurrency(team: TeamValues, rules: CostRules, lang: "en" | "ko"): { currency: Currency; from: "answer" | "salary" | "language" } {
  const answered = team["money.currency"];
  if (answered === "KRW" || answered === "USD") return { currency: answered, from: "answer" };
  const salary = typeof team["money.salaryYear"] === "number" ? (team["money.salaryYear"] as number) : null;
  if (salary !== null) {
    const fits = (["KRW", "USD"] as const).filter((c) => salary >= rules.cost.rates[c].plausibleSalary[0] && salary <= rules.cost.rates[c].plausibleSalary[1]);
    if (fits.length === 1) return { currency: fits[0], from: "salary" };
  }
  return { currency: lang === "ko" ? "KRW" : "USD", from: "language" };
}

export function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
