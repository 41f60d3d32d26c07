import type { Assessment } from "../assess/index.js";
import type { ContextScore, Reason } from "../score/order.js";
import type { CostRules, Currency } from "../rules/cost.js";
import type { SagaRules } from "../rules/saga.js";
import type { RiskRules } from "../rules/risks.js";
import type { RuleOverride } from "../rules/load.js";
import type { Scoring } from "../rules/scoring.js";
import type { Criticality, Domain } from "../rules/domains.js";
import type { TeamValues } from "../config/team-fields.js";
import { FIELDS, keyOf } from "../config/team-fields.js";
import type { Evidence } from "../scan/facts.js";
import type { LinkageWarning } from "../scan/linkage.js";
import { compareStrings } from "../util/sort.js";
import { isAccessKind } from "../graph/model.js";
import { shortTable as bare } from "../scan/sql/dialect.js";
import { contextsNamed } from "../score/match-domain.js";
import { trafficOf, type Traffic } from "../score/traffic.js";
import { deriveSagas, type Saga } from "./saga.js";
import type { CodeIndex } from "./code/index.js";
import { readSchemaShapes } from "./code/schema.js";
import { boundaryCalls, externalCalls } from "./code/boundary-calls.js";
import { checkCorrelation } from "./code/correlation.js";
import { teamPlan, chooseCurrency, type TeamPlan } from "./team.js";
import { contextEffort, sagaEffort, coverageFactorOf, volumeFactorOf, type Effort } from "./effort.js";
import { foundationItems, chooseBroker, type FoundationItem } from "./foundation.js";
import { schedule, type Phase, type WorkItem } from "./schedule.js";
import { consistencyOf, readOverrides, type ContextConsistency } from "./consistency.js";
import { rankRisks, CIRCUIT_BREAKERS, TRACING, type RankedRisk } from "./risks.js";
import { planCost, type CostPlan } from "./cost.js";
import { criticalPath, type CriticalLink } from "./critical-path.js";
import type { AnswerChange } from "./what-if.js";
import { scheduleRange, foundationWeeksOf, type ScheduleRange } from "./uncertainty.js";
import { playbookOf, type Playbook } from "./playbook.js";
import { answeredEvents, blockerOf, marketEvents, sortEvents, type CalendarEvent } from "./calendar/events.js";
import type { CutoverGuard } from "./schedule.js";
import { phasedCost, fitsBy, weeksBought, type ScheduleCost } from "./phased-cost.js";

export type Pattern = "event-choreography" | "saga-orchestration" | "saga-participant" | "cqrs-read-model" | "cache";

export interface ContextPlan {
  name: string;
  rank: number;
  phase: 2 | 3;
  domain: string | null;
  /** The domain's Korean name (rules/domains.yaml), when it has one. */
  labelKo: string | null;
  criticality: Criticality;
  units: string[];
  tables: string[];
  patterns: Pattern[];
  consistency: ContextConsistency;
  /** Sagas it orchestrates, and those it takes part in. */
  sagas: string[];
  participates: string[];
  /** Ranks of the risks (Roadmap.risks) that touch it. */
  risks: number[];
  /** Foreign keys between its tables and another context's, with their lines. */
  foreignKeys: Array<{ from: string; to: string; evidence: Evidence[] }>;
  reasons: Reason[];
  difficulty: number;
  risk: number;
  discount: number;
  commits12m: number;
  effort: Effort & { people: number; buildWeeks: number; verifyWeeks: number };
  stream: number;
  startWeek: number;
  endWeek: number;
  doneWeek: number;
  /** What must be done before it starts (work item ids: `saga:order`). */
  dependsOn: string[];
  /** Its cutover: steps, rollback, gates, observation period. */
  playbook: Playbook;
  /** Started later than it could because its cutover would have met a freeze, a peak or another critical cutover. */
  moved: { weeks: number; because: string } | null;
}

export interface SagaWork {
  id: string;
  orchestrator: string;
  sagas: string[];
  effort: Effort & { people: number; buildWeeks: number; verifyWeeks: number };
  phase: 2 | 3;
  stream: number;
  startWeek: number;
  endWeek: number;
  doneWeek: number;
  /** Contexts that may leave only once it is done. */
  before: string[];
}

export type Notice =
  | { kind: "no-contexts" }
  | { kind: "no-tables" }
  | { kind: "weak-structure"; modularity: number }
  | { kind: "scope"; fullWeeks: number; fullContexts: number; planned: string[]; backlog: string[]; maxWeeks: number; staffable: number; engineersPerService: number; reasons: Array<"weeks" | "staff"> };

/** What one answer of `strangler init` changed in this plan (or, unanswered, what it would). */
export interface AnswerEffect {
  key: string;
  answered: boolean;
  /** The value shown: the answer, or the assumption used. */
  value: string;
  params: Record<string, string | number | boolean | string[]>;
  /** Answered: what differs from the plan computed again without this answer (empty: nothing measured). */
  measured?: AnswerChange[];
}

/** What one change to the team or the scope saves, measured by planning again with it. */
export interface Sensitivity {
  id: "platform-engineer" | "squad" | "coverage" | "leave-out";
  /** The context left out, for `leave-out`. */
  context?: string;
  totalWeeks: number;
  saved: number;
}

/** A plan computed again with one thing changed (only for the what-if comparisons). */
export interface PlanVariant {
  /** Streams beyond the team's (the rules' cap lifted). */
  extraStreams?: number;
  /** A context left in the monolith. */
  leaveOut?: string;
  /** Contexts outside the plan's scope: listed as a backlog, never planned (src/plan/scope.ts). */
  backlog?: string[];
  /** Compute the P50–P90 range even though this is a variant (the scoped plan itself). */
  withRange?: boolean;
}

export interface Roadmap {
  /** Rule files the repository overrides (.strangler/rules/*.yaml), with the values each changed: said first. */
  ruleOverrides: RuleOverride[];
  /** Why this plan may rest on a thin data picture (see src/scan/linkage.ts); empty when it does not. */
  dataWarnings: LinkageWarning[];
  /** Said first: nothing to extract, or no table seen. */
  notices: Notice[];
  currency: Currency;
  /** The database the cutovers copy from (the answer, else what the scan detected). */
  dialect: string;
  currencyFrom: "answer" | "salary" | "language";
  /** First day of Phase 1 (YYYY-MM-DD), and where it came from; null: weeks only. */
  calendar: { start: string; from: "flag" | "git" } | null;
  /** Freezes and peaks the plan's dates meet (market defaults and the team's own); none without a first day. */
  /** Consistency overrides of strangler.yaml that did not read, or name no context. */
  consistencyUnread: string[];
  calendarRules: { market: string | null; marketFrom: "answer" | "currency" | null; sector: string | null; events: CalendarEvent[]; unread: string[]; critical: string[] } | null;
  team: TeamPlan;
  traffic: Traffic;
  phases: Phase[];
  totalWeeks: number;
  /** P50 and P90 of the total, of each phase's length and of each item's done week (seeded, see uncertainty.ts). */
  range: ScheduleRange | null;
  /** The work that sets the end date, in order. */
  criticalPath: CriticalLink[];
  /** What limits a bigger team's gain: the streams' cap of the rules, and the weeks with as many streams as items. */
  limit: { maxStreams: number; atCap: boolean; unlimitedWeeks: number } | null;
  sensitivity: Sensitivity[];
  foundation: {
    people: number; personWeeks: number; weeks: number; items: FoundationItem[];
    /** Weeks 1 to `weeks`, beside the foundation work: the migration engineers and the platform team (its labour is priced). */
    training: { saga: string; kubernetes: string; people: number; weeks: number; personWeeks: number } | null;
  };
  contexts: ContextPlan[];
  sagaWork: SagaWork[];
  sagas: Saga[];
  risks: RankedRisk[];
  contextMap: Array<{ from: string; to: string; joins: number; foreignKeys: number; transactions: number; access: number; imports: number }>;
  cost: CostPlan | null;
  /** The cost over the schedule, by quarter, labour included. */
  scheduleCost: ScheduleCost | null;
  /** With a deadline answered: what is done by then and what is not. */
  deadline: { week: number; fits: string[]; out: string[]; p90: number | null } | null;
  /** With a budget answered: the week it pays to, and what is done by then. */
  budget: { amount: number; week: number; fits: string[]; out: string[]; total: { low: number; high: number } } | null;
  staffing: { platformNeeded: number; platformNow: number; hires: number } | null;
  answers: AnswerEffect[];
  /** Keys of the questions with no answer and no assumption. */
  openQuestions: string[];
  assumptions: Array<{ key: string; value: string }>;
}

export interface PlanInputs {
  assessment: Assessment;
  scores: ContextScore[];
  rules: { cost: CostRules; saga: SagaRules; risks: RiskRules; scoring: Scoring };
  domains: Domain[];
  team: TeamValues;
  lang: "en" | "ko";
  calendar: Roadmap["calendar"];
  code: CodeIndex;
  /** A repo file's text (for the schema declarations), null when unreadable. */
  readFile: (path: string) => string | null;
  /** What does not depend on the team's answers, kept between plans of the same assessment. */
  memo?: Map<string, unknown>;
  variant?: PlanVariant;
}

function once<T>(memo: Map<string, unknown> | undefined, key: string, make: () => T): T {
  if (!memo) return make();
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

/**
 * The phased Strangler Fig plan: Phase 1 foundation, Phase 2 the first context as pilot, Phase 3 the rest
 * on the team's parallel streams, sagas orchestrated before their participants leave; per context its
 * patterns, consistency and allowed lag, risks and effort; ranked risks with evidence; cost and staffing;
 * and what each of the team's answers changed.
 */
export function planRoadmap(inp: PlanInputs): Roadmap {
  const { assessment: a, rules, team } = inp;
  // Out of scope: the backlog a plan past its horizon, or beyond what the team can staff, leaves for later.
  const backlog = new Set(inp.variant?.backlog ?? []);
  const scores = inp.scores.filter((s) => !backlog.has(s.name));
  const facts = a.scan.facts;
  const unitOf = once(inp.memo, "unitOf", () => new Map(facts.files.map((f) => [f.path, f.unit])));
  // A file's context, looked up once per file (the code searches ask it for every import and call).
  const contextOfFile = once(inp.memo, "contextOfFile", () => {
    const known = new Map<string, string | undefined>();
    return (f: string): string | undefined => {
      if (known.has(f)) return known.get(f);
      const c = a.clustering.owner.get(`module:${unitOf.get(f)}`);
      known.set(f, c);
      return c;
    };
  });
  const tableOwner = (t: string) => a.clustering.owner.get(`table:${t}`);
  const ctxByName = new Map(a.clustering.contexts.map((c) => [c.name, c]));
  const domainOf = (c: string) => ctxByName.get(c)?.domain ?? null;
  const scoreOf = new Map(scores.map((s) => [s.name, s]));
  const criticalityOf = (c: string): Criticality => scoreOf.get(c)?.criticality ?? "medium";
  // Files of each context, in the scan's order, grouped once (a saga's compensation looks them up per step).
  let filesByContext: Map<string | undefined, string[]> | null = null;
  const filesOf = (c: string): string[] => {
    if (!filesByContext) {
      filesByContext = new Map();
      for (const f of facts.files) {
        const ctx = contextOfFile(f.path);
        const list = filesByContext.get(ctx);
        if (list) list.push(f.path);
        else filesByContext.set(ctx, [f.path]);
      }
    }
    return filesByContext.get(c) ?? [];
  };
  const tp = teamPlan(team, rules.cost);
  const traffic = trafficOf(team, rules.scoring);
  const { currency, from: currencyFrom } = chooseCurrency(team, rules.cost, inp.lang);
  const deps = a.scan.dependencies;
  // The team's answer, else what the scan detected (the CLI's scan reads strangler.yaml's dialect too).
  const dialect = typeof team["database.dialect"] === "string" ? (team["database.dialect"] as string) : a.scan.dialect;

  const sagas = once(inp.memo, "sagas", () => deriveSagas({ facts, code: inp.code, shapes: readSchemaShapes(facts, inp.readFile), rules: rules.saga, tableOwner, contextOfFile, filesOf, domainOf, dependencies: deps }));
  const calls = once(inp.memo, "calls", () => boundaryCalls(inp.code, contextOfFile));
  // Calls that leave the process from the backend: a client's fetch('/api/…') is the backend's own API.
  const roleOfUnit = once(inp.memo, "roleOfUnit", () => new Map(facts.units.map((u) => [u.path, u.role])));
  const backendFile = (f: string) => roleOfUnit.get(unitOf.get(f) ?? "") === "backend";
  const external = once(inp.memo, "external", () => externalCalls(inp.code, [...rules.saga.clients.keys()]).filter((c) => backendFile(c.file)));
  const correlation = once(inp.memo, "correlation", () => checkCorrelation([...inp.code.codeFiles].map((p) => ({ path: p, text: inp.code.text(p) })), deps));
  const hasTracing = deps.some((d) => TRACING.includes(d) || d.startsWith("@opentelemetry/"));
  // A breaker package, or one of the repo's own (a backend file named circuit-breaker).
  const hasCircuitBreaker = once(inp.memo, "circuitBreaker", () => CIRCUIT_BREAKERS.some((d) => deps.includes(d)) || facts.files.some((f) => backendFile(f.path) && /circuit[-_.]?breaker/i.test(f.path)));
  const mostDamaging = new Set(contextsNamed((team["business.mostDamagingOutage"] as string | undefined) ?? "", a.clustering.contexts, inp.domains).map((m) => m.context));

  const notices: Notice[] = [];
  if (scores.length === 0) notices.push({ kind: "no-contexts" });
  if (facts.tables.length === 0 && facts.accesses.length === 0) notices.push({ kind: "no-tables" });
  if (scores.length > 0 && a.structure.weak) notices.push({ kind: "weak-structure", modularity: a.structure.modularity });

  // Effort and work items.
  const pilotName = scores[0]?.name ?? null;
  const orchestrators = [...new Set(sagas.map((s) => s.orchestrator))].sort(compareStrings);
  const sagaWorkItems: WorkItem[] = [];
  const sagaEfforts = new Map<string, Effort>();
  const rankOf = new Map(scores.map((s) => [s.name, s.rank]));
  for (const o of orchestrators) {
    // A saga whose orchestrator is in the backlog is built with it, later.
    if (backlog.has(o)) continue;
    const mine = sagas.filter((s) => s.orchestrator === o);
    const participants = [...new Set(mine.flatMap((s) => s.participants))];
    const effort = sagaEffort(mine, criticalityOf(o), rules.cost);
    sagaEfforts.set(o, effort);
    // First in Phase 3: every transactional context waits for it, so it is on the critical path.
    const firstRank = Math.min(...[o, ...participants].map((p) => rankOf.get(p) ?? Infinity));
    sagaWorkItems.push({ id: `saga:${o}`, kind: "saga", context: o, personWeeks: effort.personWeeks, buildWeeks: Math.max(1, Math.ceil(effort.personWeeks / tp.squad)), verifyWeeks: rules.cost.verification[criticalityOf(o)], dependsOn: [], priority: 1 + firstRank / 1000 });
  }
  const dependsOnSagas = (ctx: string) => sagaWorkItems.filter((w) => w.context === ctx || sagas.some((s) => s.orchestrator === w.context && s.participants.includes(ctx))).map((w) => w.id);
  const efforts = new Map<string, Effort>();
  const mauAnswer = typeof team["business.mau"] === "number" ? (team["business.mau"] as number) : null;
  const users = mauAnswer ?? (traffic.dauFrom === "dau" && rules.scoring.traffic.dauPerMau > 0 ? traffic.dau! / rules.scoring.traffic.dauPerMau : null);
  const volume = volumeFactorOf(users, rules.cost);
  const contextItems: WorkItem[] = scores.map((s) => {
    const m = a.measurement.contexts[s.name];
    const participations = sagas.filter((g) => g.participants.includes(s.name)).length;
    const effort = contextEffort(m, s.criticality, participations, tp.coverage, s.name === pilotName, volume, rules.cost);
    efforts.set(s.name, effort);
    return { id: `context:${s.name}`, kind: "context", context: s.name, personWeeks: effort.personWeeks, buildWeeks: Math.max(1, Math.ceil(effort.personWeeks / tp.squad)), verifyWeeks: s.name === pilotName ? Math.max(rules.cost.verification[s.criticality], rules.cost.pilot.observeWeeks) : rules.cost.verification[s.criticality], dependsOn: dependsOnSagas(s.name), priority: s.rank };
  });

  // Phase 1.
  const pilotFiles = pilotName ? new Set(filesOf(pilotName)) : new Set<string>();
  const callerFiles = new Set(facts.imports.filter((i) => pilotFiles.has(i.to) && !pilotFiles.has(i.from)).map((i) => i.from));
  const locOf = (files: Set<string>) => facts.files.filter((f) => files.has(f.path)).reduce((n, f) => n + f.loc, 0);
  const peaksText = team["business.trafficPeaks"];
  const items = scores.length
    ? foundationItems(
        { team: tp, dialect: dialect, hasTracing, hasCircuitBreaker, correlationOk: correlation.ok, peaks: typeof peaksText === "string" ? { multiple: traffic.peak, text: peaksText } : null, pilotLoc: locOf(pilotFiles), callerLoc: locOf(callerFiles) },
        rules.cost,
      )
    : [];
  const foundationPW = Math.round(items.reduce((n, i) => n + i.personWeeks, 0) * 10) / 10;
  // Training in Phase 1, beside the foundation work, when the team's experience is low: sagas and events for
  // the migration engineers and the platform team; Kubernetes for the platform team when it will run one.
  const tr = rules.cost.training;
  const sagaWeeks = tp.sagaExperience === "none" ? tr.sagaNone : tp.sagaExperience === "some" ? tr.sagaSome : 0;
  const k8sWeeks = tp.kubernetes === "some" ? tr.kubernetesSome : 0;
  const training = scores.length && (sagaWeeks > 0 || k8sWeeks > 0)
    ? { saga: tp.sagaExperience, kubernetes: tp.kubernetes, people: tp.migration + tp.infra, weeks: Math.ceil(Math.max(sagaWeeks, k8sWeeks)), personWeeks: Math.round(((tp.migration + tp.infra) * sagaWeeks + tp.infra * k8sWeeks) * 10) / 10 }
    : null;
  const foundationWeeks = items.length ? foundationWeeksOf(foundationPW, tp.foundationPeople) : 0;

  // The calendar.
  const pilotItems = contextItems.filter((w) => w.context === pilotName);
  const pilotSagas = sagaWorkItems.filter((w) => pilotItems.some((p) => p.dependsOn.includes(w.id)));
  // The calendar's rules: freezes and peaks over the plan's years, for the critical contexts' cutovers.
  const marketAnswer = typeof team["business.market"] === "string" ? (team["business.market"] as string) : null;
  const market = marketAnswer ?? (currency === "KRW" ? "KR" : null);
  const sector = typeof team["business.sector"] === "string" ? (team["business.sector"] as string) : null;
  const list = (k: string) => (Array.isArray(team[k]) ? (team[k] as string[]) : []);
  const own = answeredEvents(list("calendar.freezes"), list("calendar.peaks"));
  const critical = scores.filter((s) => s.criticality === "critical").map((s) => s.name);
  const calendarRules: Roadmap["calendarRules"] = inp.calendar
    ? (() => {
        const y = Number(inp.calendar!.start.slice(0, 4));
        const events = sortEvents([...marketEvents(market, sector, [y, y + 1, y + 2, y + 3, y + 4, y + 5]), ...own.events]);
        return { market, marketFrom: marketAnswer ? "answer" : market ? "currency" : null, sector, events, unread: own.unread, critical };
      })()
    : null;
  const guard: CutoverGuard | undefined = calendarRules
    ? (() => {
        const blocker = blockerOf(inp.calendar!.start, calendarRules.events);
        return { critical: new Set(critical.map((c) => `context:${c}`)), blocked: (w: number) => { const e = blocker(w); return e ? `event:${e.name}|${e.from}|${e.to}|${e.kind}` : null; } };
      })()
    : undefined;
  const leftOut = inp.variant?.leaveOut;
  const restItems = [...sagaWorkItems.filter((w) => !pilotSagas.includes(w)), ...contextItems.filter((w) => w.context !== pilotName && w.context !== leftOut)];
  const streams = tp.streams + (inp.variant?.extraStreams ?? 0);
  const plan = scores.length ? schedule(foundationWeeks, [...pilotSagas, ...pilotItems], rules.cost.pilot.observeWeeks, restItems, streams, guard) : { phases: [], items: [], totalWeeks: 0 };
  const range = scores.length && (!inp.variant || inp.variant.withRange) ? scheduleRange({ foundationPersonWeeks: foundationPW, foundationPeople: tp.foundationPeople, pilot: [...pilotSagas, ...pilotItems], observeWeeks: rules.cost.pilot.observeWeeks, rest: restItems, streams, squad: tp.squad, guard }, rules.cost.uncertainty) : null;
  const limit = scores.length
    ? { maxStreams: rules.cost.streams.maxStreams, atCap: tp.streams >= rules.cost.streams.maxStreams, unlimitedWeeks: schedule(foundationWeeks, [...pilotSagas, ...pilotItems], rules.cost.pilot.observeWeeks, restItems, Math.max(1, restItems.length), guard).totalWeeks }
    : null;
  const placed = new Map(plan.items.map((i) => [i.id, i]));

  // Risks, then per context.
  const sharedWrites = once(inp.memo, "sharedWrites", () => sharedWritesOf(facts.accesses, tableOwner, contextOfFile));
  const roots = a.clustering.infrastructure.filter((i) => i.reason === "composition-root").map((i) => i.node.replace(/^module:/, ""));
  const risks = scores.length
    ? rankRisks({ sagas, crossings: a.measurement.crossings, boundaryCalls: calls, externalCalls: external, hasCircuitBreaker, correlation, dependencies: deps, compositionRoots: roots, sharedWrites, criticalityOf, mostDamaging, pilot: pilotName }, rules.risks)
    : [];

  const consistencyAnswers = readOverrides(list("consistency.overrides"));
  const contexts: ContextPlan[] = scores.filter((s) => s.name !== leftOut).map((s) => {
    const ctx = ctxByName.get(s.name)!;
    const m = a.measurement.contexts[s.name];
    const mine = sagas.filter((g) => g.orchestrator === s.name);
    const part = sagas.filter((g) => g.orchestrator !== s.name && g.participants.includes(s.name));
    const patterns: Pattern[] = [];
    if (mine.length) patterns.push("saga-orchestration");
    if (part.length) patterns.push("saga-participant");
    const performsJoins = a.measurement.crossings.some((x) => x.kind === "join" && x.evidence.some((e) => contextOfFile(e.file) === s.name));
    if (m.foreignTableAccess >= 2 || performsJoins) patterns.push("cqrs-read-model");
    if (m.inboundTableAccess >= 3) patterns.push("cache");
    if (!mine.length && !part.length) patterns.unshift("event-choreography");
    const tx = a.measurement.crossings.filter((x) => x.kind === "tx" && (x.fromContext === s.name || x.toContext === s.name));
    const txWith = [...new Set(tx.map((x) => (x.fromContext === s.name ? x.toContext : x.fromContext)))].sort(compareStrings);
    const bySaga = [...mine, ...part].map((g) => g.name);
    const w = placed.get(`context:${s.name}`)!;
    const effort = efforts.get(s.name)!;
    return {
      name: s.name,
      rank: s.rank,
      phase: w.phase,
      domain: ctx.domain,
      labelKo: inp.domains.find((d) => d.name === ctx.domain)?.words.find((w) => /[가-힣]/.test(w)) ?? null,
      criticality: s.criticality,
      units: ctx.units,
      tables: ctx.tables.map(bare),
      patterns,
      consistency: consistencyOf(s.consistency, inp.domains.find((d) => d.name === ctx.domain), txWith, txWith.length ? bySaga : [], consistencyAnswers.overrides.find((o) => o.context === s.name) ?? consistencyAnswers.overrides.find((o) => o.context === ctx.domain)),
      sagas: mine.map((g) => g.name),
      participates: part.map((g) => g.name),
      risks: risks.filter((r) => r.contexts.includes(s.name)).map((r) => r.rank),
      foreignKeys: a.measurement.crossings
        .filter((x) => x.kind === "fk" && (x.fromContext === s.name || x.toContext === s.name))
        .map((x) => ({ from: bare(x.from), to: bare(x.to), evidence: x.evidence }))
        .sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to)),
      reasons: s.reasons,
      difficulty: s.difficulty,
      risk: s.risk,
      discount: s.discount,
      commits12m: s.value.commits12m,
      effort: { ...effort, people: tp.squad, buildWeeks: w.buildWeeks, verifyWeeks: w.verifyWeeks },
      stream: w.stream,
      startWeek: w.startWeek,
      endWeek: w.endWeek,
      doneWeek: w.doneWeek,
      dependsOn: w.dependsOn,
      moved: w.moved ?? null,
      playbook: playbookOf({
        dialect,
        tables: ctx.tables.map(bare),
        readers: [...new Set(a.measurement.crossings.filter((x) => x.toContext === s.name && (x.kind === "read" || x.kind === "uses")).map((x) => x.fromContext))].sort(compareStrings),
        writers: [...new Set(a.measurement.crossings.filter((x) => x.toContext === s.name && x.kind === "write").map((x) => x.fromContext))].sort(compareStrings),
        sagas: [...mine, ...part].map((g) => g.name),
        observationWeeks: w.verifyWeeks,
        gates: rules.cost.cutover,
      }),
    };
  });
  const sagaWork: SagaWork[] = sagaWorkItems.map((wi) => {
    const w = placed.get(wi.id)!;
    return {
      id: wi.id,
      orchestrator: wi.context,
      sagas: sagas.filter((s) => s.orchestrator === wi.context).map((s) => s.name),
      effort: { ...sagaEfforts.get(wi.context)!, people: tp.squad, buildWeeks: w.buildWeeks, verifyWeeks: w.verifyWeeks },
      phase: w.phase,
      stream: w.stream,
      startWeek: w.startWeek,
      endWeek: w.endWeek,
      doneWeek: w.doneWeek,
      before: contextItems.filter((c) => c.dependsOn.includes(wi.id)).map((c) => c.context),
    };
  });

  const services = contexts.length;
  const staffing = services
    ? (() => {
        const needed = Math.max(rules.cost.staffing.peoplePerServiceFleet, Math.ceil(services / rules.cost.staffing.servicesPerPlatformEngineer));
        return { platformNeeded: needed, platformNow: tp.infra, hires: Math.max(0, needed - tp.infra) };
      })()
    : null;
  const numAnswer = (k: string) => (typeof team[k] === "number" ? (team[k] as number) : null);
  const cost = planCost(
    { currency, services, broker: chooseBroker(tp), traffic, infraAnswer: numAnswer("money.infraMonth"), mau: numAnswer("business.mau"), salary: numAnswer("money.salaryYear"), hires: staffing?.hires ?? 0 },
    rules.cost,
  );

  const leadWeeks = typeof team["team.hiringLeadWeeks"] === "number" ? (team["team.hiringLeadWeeks"] as number) : 12;
  const scheduleCost = cost
    ? phasedCost({
        work: [
          ...(foundationWeeks ? [{ personWeeks: foundationPW, startWeek: 1, endWeek: foundationWeeks, service: false }] : []),
          ...(training ? [{ personWeeks: training.personWeeks, startWeek: 1, endWeek: training.weeks, service: false }] : []),
          ...plan.items.map((i) => ({ personWeeks: i.personWeeks, startWeek: i.startWeek, endWeek: i.endWeek, service: i.kind === "context" })),
        ],
        totalWeeks: plan.totalWeeks,
        cost,
        salaryYear: cost.salaryYear,
        leadWeeks,
      })
    : null;
  const done = contexts.map((c) => ({ name: c.name, doneWeek: c.doneWeek }));
  const deadlineAnswer = numAnswer("business.deadlineWeeks");
  const deadline = deadlineAnswer !== null && contexts.length ? { week: deadlineAnswer, ...fitsBy(deadlineAnswer, done), p90: range?.total.p90 ?? null } : null;
  const budgetAnswer = numAnswer("money.budget");
  const budget =
    budgetAnswer !== null && scheduleCost
      ? (() => {
          const week = weeksBought(budgetAnswer, scheduleCost.cumulativeHigh);
          return { amount: budgetAnswer, week, ...fitsBy(week, done), total: scheduleCost.total };
        })()
      : null;
  const answered = new Set(Object.keys(team));
  const roadmap: Roadmap = {
    dataWarnings: a.scan.linkage.warnings,
    ruleOverrides: a.ruleOverrides,
    notices,
    currency,
    dialect,
    currencyFrom,
    calendar: inp.calendar,
    calendarRules,
    consistencyUnread: [...consistencyAnswers.unread, ...consistencyAnswers.overrides.filter((o) => !scores.some((s) => s.name === o.context || ctxByName.get(s.name)?.domain === o.context)).map((o) => o.text)],
    team: tp,
    traffic,
    phases: plan.phases,
    totalWeeks: plan.totalWeeks,
    range,
    criticalPath: criticalPath(plan),
    limit,
    sensitivity: [],
    foundation: { people: tp.foundationPeople, personWeeks: foundationPW, weeks: foundationWeeks, items, training },
    contexts,
    sagaWork,
    sagas,
    risks,
    contextMap: once(inp.memo, "contextMap", () => contextMapOf(a)),
    cost,
    scheduleCost,
    deadline,
    budget,
    staffing,
    answers: [],
    // The database is never an open question: the scan decides the dialect when strangler.yaml does not.
    openQuestions: FIELDS.filter((f) => !answered.has(keyOf(f)) && f.fallback === null && keyOf(f) !== "database.dialect").map((f) => keyOf(f)),
    assumptions: FIELDS.filter((f) => !answered.has(keyOf(f)) && f.fallback !== null && !(Array.isArray(f.fallback) && f.fallback.length === 0)).map((f) => ({ key: keyOf(f), value: String(f.fallback) })),
  };
  roadmap.answers = answerEffects(roadmap, team, scores, mostDamaging, rules.cost, dialect, volume, users);
  return roadmap;
}

function contextMapOf(a: Assessment): Roadmap["contextMap"] {
  const pairs = new Map<string, Roadmap["contextMap"][number]>();
  for (const x of a.measurement.crossings) {
    const [from, to] = [x.fromContext, x.toContext].sort(compareStrings);
    const key = `${from}|${to}`;
    const e = pairs.get(key) ?? { from, to, joins: 0, foreignKeys: 0, transactions: 0, access: 0, imports: 0 };
    if (x.kind === "join") e.joins += x.occurrences;
    else if (x.kind === "fk") e.foreignKeys += x.occurrences;
    else if (x.kind === "tx") e.transactions += x.occurrences;
    else if (isAccessKind(x.kind)) e.access += x.occurrences;
    else if (x.kind === "import") e.imports += x.occurrences;
    pairs.set(key, e);
  }
  return [...pairs.values()].filter((p) => p.joins + p.foreignKeys + p.transactions + p.access > 0).sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to));
}

/** Tables whose rows the code of more than one context writes. */
function sharedWritesOf(accesses: Assessment["scan"]["facts"]["accesses"], tableOwner: (t: string) => string | undefined, contextOfFile: (f: string) => string | undefined) {
  const by = new Map<string, { contexts: Set<string>; evidence: Evidence[] }>();
  for (const x of accesses) {
    if (x.mode !== "write" || !tableOwner(x.table)) continue;
    const ctx = contextOfFile(x.file);
    if (!ctx) continue;
    const e = by.get(x.table) ?? { contexts: new Set<string>(), evidence: [] };
    e.contexts.add(ctx);
    e.evidence.push({ file: x.file, line: x.line });
    by.set(x.table, e);
  }
  return [...by]
    .filter(([, e]) => e.contexts.size > 1)
    .map(([table, e]) => ({ table: bare(table), contexts: [...e.contexts].sort(compareStrings), evidence: e.evidence }))
    .sort((x, y) => compareStrings(x.table, y.table));
}

/** What each answer changed, field by field, in `strangler init`'s order. */
function answerEffects(r: Roadmap, team: TeamValues, scores: ContextScore[], mostDamaging: Set<string>, rules: CostRules, dialect: string, volume: number, users: number | null): AnswerEffect[] {
  const out: AnswerEffect[] = [];
  const item = (id: string) => r.foundation.items.find((i) => i.id === id);
  const raised = (kind: string) => scores.filter((s) => s.reasons.some((x) => x.kind === kind)).map((s) => s.name);
  for (const f of FIELDS) {
    const key = keyOf(f);
    const answered = team[key] !== undefined;
    const v = team[key] ?? f.fallback;
    const value = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v);
    const params: AnswerEffect["params"] = {};
    switch (key) {
      case "team.size":
        Object.assign(params, { product: r.team.product, migration: r.team.migration, streams: r.team.streams, squad: r.team.squad });
        break;
      case "team.infraSize":
        Object.assign(params, { foundationPeople: r.foundation.people, needed: r.staffing?.platformNeeded ?? 0, hires: r.staffing?.hires ?? 0 });
        break;
      case "business.dau":
      case "business.mau":
      case "business.growth":
        Object.assign(params, { level: Math.round(r.traffic.level * 100), readPaths: raised("traffic-read-path"), estimate: r.cost?.baseline?.from === "estimate", growth: r.traffic.growth, dauFrom: r.traffic.dauFrom ?? "", volume, users: Math.round(users ?? 0), mauAnswered: typeof team["business.mau"] === "number" });
        break;
      case "team.deployCadence":
        Object.assign(params, { personWeeks: item("cadence")?.personWeeks ?? 0 });
        break;
      case "team.mostDeployedAreas":
        Object.assign(params, { matched: raised("most-deployed"), churn: raised("churn") });
        break;
      case "database.dialect":
        Object.assign(params, { dialect: value });
        break;
      case "team.kubernetes":
        Object.assign(params, { broker: String(item("broker")?.detail.broker ?? ""), compute: String(item("compute")?.detail.compute ?? "") });
        break;
      case "team.testCoverage":
        Object.assign(params, { target: rules.coverage.target, characterisation: item("characterisation")?.personWeeks ?? 0, factor: coverageFactorOf(r.team.coverage, rules) });
        break;
      case "business.trafficPeaks":
        Object.assign(params, { multiple: r.traffic.peak, loadTest: !!item("load-test") });
        break;
      case "business.mostDamagingOutage":
        Object.assign(params, { matched: [...mostDamaging].sort(compareStrings), risks: r.risks.filter((x) => x.mostDamaging).length });
        break;
      case "money.currency":
        Object.assign(params, { currency: r.currency, from: r.currencyFrom });
        break;
      case "money.salaryYear":
        Object.assign(params, { hires: r.staffing?.hires ?? 0, hiresYear: r.cost?.hiresYear ?? 0, salaryYear: r.cost?.salaryYear ?? 0 });
        break;
      case "money.infraMonth":
        Object.assign(params, { low: r.cost?.increaseMonth.low ?? 0, high: r.cost?.increaseMonth.high ?? 0 });
        break;
    }
    const shown = answered ? value : key === "money.currency" ? r.currency : key === "database.dialect" ? dialect : value;
    out.push({ key, answered, value: shown, params });
  }
  return out;
}
