import type { Roadmap, PlanVariant, Notice } from "./roadmap.js";
import type { ContextScore } from "../score/order.js";
import type { TeamValues } from "../config/team-fields.js";

/*
 * A plan that cannot be right says so first. Past the horizon (two years by default, rules/cost.yaml
 * scope.maxWeeks) with the team given, or with more contexts to extract than the team can staff (two
 * engineers a service, scope.engineersPerService), the plan covers a scope: the first contexts of the
 * order (the order already puts what gives most for its effort first) as many as fit both limits, and lists
 * the rest as a backlog instead of phases. The whole plan's weeks and size are said beside it.
 */

export interface ScopeRules {
  maxWeeks: number;
  engineersPerService: number;
}

export interface Scope {
  notice: Extract<Notice, { kind: "scope" }>;
  backlog: string[];
}

/** The scope to plan, or null when the whole plan fits. `planWith` plans with a backlog (no range: cheap). */
export function chooseScope(full: Roadmap, scores: ContextScore[], team: TeamValues, rules: ScopeRules, planWith: (t: TeamValues, v: PlanVariant) => { roadmap: Roadmap }): Scope | null {
  const ordered = [...scores].sort((a, b) => a.rank - b.rank).map((s) => s.name).filter((n) => full.contexts.some((c) => c.name === n));
  const staffable = Math.max(1, Math.floor(full.team.size / rules.engineersPerService));
  const reasons: Array<"weeks" | "staff"> = [];
  if (full.totalWeeks > rules.maxWeeks) reasons.push("weeks");
  if (ordered.length > staffable) reasons.push("staff");
  if (!reasons.length || ordered.length < 2) return null;
  const weeksWith = (k: number) => planWith(team, { backlog: ordered.slice(k) }).roadmap.totalWeeks;
  // The most contexts, in order, that fit the horizon and the team (at least the pilot).
  let lo = 1;
  let hi = Math.min(ordered.length, staffable);
  if (weeksWith(hi) > rules.maxWeeks) {
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (weeksWith(mid) <= rules.maxWeeks) lo = mid;
      else hi = mid - 1;
    }
    hi = lo;
  }
  const planned = ordered.slice(0, hi);
  const backlog = ordered.slice(hi);
  if (!backlog.length) return null;
  return { backlog, notice: { kind: "scope", fullWeeks: full.totalWeeks, fullContexts: ordered.length, planned, backlog, maxWeeks: rules.maxWeeks, staffable, engineersPerService: rules.engineersPerService, reasons } };
}
