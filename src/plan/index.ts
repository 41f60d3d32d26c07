import fs from "node:fs";
import path from "node:path";
import { undeclaredTablesOf } from "../score/undeclared.js";
import type { Assessment } from "../assess/index.js";
import type { TeamValues } from "../config/team-fields.js";
import type { Diagnostic } from "../scan/facts.js";
import { scoreContexts, type ContextScore } from "../score/order.js";
import { withTraffic } from "../score/runtime-traffic.js";
import { loadDomains } from "../rules/domains.js";
import { loadScoring } from "../rules/scoring.js";
import { loadCost } from "../rules/cost.js";
import { loadSaga } from "../rules/saga.js";
import { loadRisks } from "../rules/risks.js";
import { CodeIndex } from "./code/index.js";
import { planRoadmap, type PlanVariant, type Roadmap, type Sensitivity } from "./roadmap.js";
import { measuredChanges, lastOnCriticalPath } from "./what-if.js";
import { chooseScope } from "./scope.js";

export interface RoadmapOptions {
  lang: "en" | "ko";
  /** First day of Phase 1 (YYYY-MM-DD, already validated); else the Monday after the newest commit, else none. */
  start?: string;
  /**
   * Per-context share of the traffic (0..1), e.g. from runtime query statistics; absent, the ranking's
   * traffic rule uses the team's answers alone (see src/score/order.ts).
   */
  trafficShare?: Record<string, number>;
  /**
   * The plan's scope, fixed: these contexts are the backlog ([] plans every context). Absent, the scope is
   * chosen (src/plan/scope.ts). "What your answers changed" compares plans of the same scope.
   */
  backlog?: string[];
}

/** The extraction order and the plan for an assessed repository, with the team's answers and the rules of `repo`. */
export function roadmapOf(a: Assessment, repo: string, team: TeamValues, options: RoadmapOptions): { scores: ContextScore[]; roadmap: Roadmap; diagnostics: Diagnostic[] } {
  const abs = path.resolve(repo);
  const facts = a.scan.facts;
  const { domains, platform } = loadDomains(abs);
  const { scoring, diagnostics: sd } = loadScoring(abs);
  const { cost, diagnostics: cd } = loadCost(abs);
  const { saga, diagnostics: gd } = loadSaga(abs);
  const { risks, diagnostics: rd } = loadRisks(abs);
  const unitOf = new Map(facts.files.map((f) => [f.path, f.unit]));
  const contextOfFile = (f: string) => a.clustering.owner.get(`module:${unitOf.get(f)}`);
  // Runtime statistics (scan --database / --queries), when read, give each context's share of the calls.
  const trafficShare = options.trafficShare ?? (a.traffic ? Object.fromEntries(a.traffic.contexts.map((x) => [x.name, x.share])) : undefined);
  const undeclaredTables = undeclaredTablesOf(a.graph);
  const calendar: Roadmap["calendar"] = options.start ? { start: options.start, from: "flag" } : facts.history?.newest ? { start: mondayAfter(facts.history.newest), from: "git" } : null;
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(abs, rel), "utf8");
    } catch {
      return null;
    }
  };
  const code = new CodeIndex(abs, facts, new Set(saga.clients.keys()), a.scan.callFacts);
  const memo = new Map<string, unknown>();
  // The order depends on the team's answers alone: the plans made with the same answers (the whole plan, the
  // scope's, the extra squad's, the context left out) share it, computed once.
  const scoredWith = new Map<TeamValues, ContextScore[]>();
  const scoresWith = (t: TeamValues): ContextScore[] => {
    let scores = scoredWith.get(t);
    if (!scores) {
      const scored = scoreContexts({ clustering: a.clustering, measurement: a.measurement, domains, scoring, team: t, history: facts.history, contextOfFile, accesses: facts.accesses, columns: facts.columns, trafficShare, undeclaredTables, platformWords: platform });
      scoredWith.set(t, (scores = withTraffic(scored, a.traffic)));
    }
    return scores;
  };
  const planWith = (t: TeamValues, variant?: PlanVariant) => {
    const scores = scoresWith(t);
    return { scores, roadmap: planRoadmap({ assessment: a, scores, rules: { cost, saga, risks, scoring }, domains, team: t, lang: options.lang, calendar, code, readFile: read, memo, variant }) };
  };
  // Past two years, or more contexts than the team can staff: plan a scope, the rest is a backlog. The whole
  // plan is first made without its P50–P90 range (hundreds of calendars), which only the plan kept needs.
  const full = options.backlog === undefined ? planWith(team, {}) : null;
  const scope = full && full.roadmap.contexts.length ? chooseScope(full.roadmap, full.scores, team, cost.scope, planWith) : null;
  const backlog = options.backlog ?? scope?.backlog ?? [];
  const planScoped = (t: TeamValues, v?: PlanVariant) => (backlog.length ? planWith(t, { ...(v ?? {}), backlog, withRange: v === undefined }) : planWith(t, v));
  const { scores, roadmap } = planScoped(team);
  if (scope) roadmap.notices.unshift(scope.notice);
  if (roadmap.contexts.length) {
    roadmap.sensitivity = sensitivityOf(roadmap, team, planScoped, cost.coverage.target);
    // What each answer changed: the plan computed again without it.
    for (const e of roadmap.answers) {
      if (!e.answered) continue;
      const { [e.key]: _dropped, ...without } = team;
      void _dropped;
      e.measured = measuredChanges(roadmap, planScoped(without, {}).roadmap);
    }
  }
  return { scores, roadmap, diagnostics: [...sd, ...cd, ...gd, ...rd] };
}

/** The Monday after the newest commit (a repo's own date, not today's). */
function mondayAfter(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
  return d.toISOString().slice(0, 10);
}

/** Weeks saved by one more platform engineer, one more squad, coverage raised to the target, and leaving the last context of the critical path in the monolith. */
function sensitivityOf(r: Roadmap, team: TeamValues, planWith: (t: TeamValues, v?: PlanVariant) => { roadmap: Roadmap }, target: number): Sensitivity[] {
  const out: Sensitivity[] = [];
  const add = (id: Sensitivity["id"], x: Roadmap, context?: string) => out.push({ id, ...(context ? { context } : {}), totalWeeks: x.totalWeeks, saved: r.totalWeeks - x.totalWeeks });
  add("platform-engineer", planWith({ ...team, "team.size": r.team.size + 1, "team.infraSize": r.team.infra + 1 }, {}).roadmap);
  add("squad", planWith(team, { extraStreams: 1 }).roadmap);
  add("coverage", planWith({ ...team, "team.testCoverage": Math.max(target, r.team.coverage ?? 0) }, {}).roadmap);
  const last = lastOnCriticalPath(r);
  if (last) add("leave-out", planWith(team, { leaveOut: last }).roadmap, last);
  return out;
}
