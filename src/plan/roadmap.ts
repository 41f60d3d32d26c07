import type { Assessment } from "../assess/index.js";
import type { ContextScore, Reason } from "../score/order.js";
import type { CostRules, Currency } from "../rules/cost.js";
import type { TeamValues } from "../config/team-fields.js";
import { FIELDS, keyOf } from "../config/team-fields.js";
import type { Evidence } from "../scan/facts.js";
import { deriveSagas, type Saga } from "./saga.js";
import type { LinkageWarning } from "../scan/linkage.js";
import { compareStrings } from "../util/sort.js";
import { isAccessKind } from "../graph/model.js";
import { shortTable as bare } from "../scan/sql/dialect.js";

export type Pattern = "event-choreography" | "saga-orchestration" | "saga-participant" | "cqrs-read-model" | "cache";

export interface Risk {
  id: string;
  evidence: Evidence[];
  /** Words the templates fill in (a table, a context, a package …). */
  detail: string;
}

export interface ContextPlan {
  name: string;
  rank: number;
  phase: 2 | 3;
  units: string[];
  tables: string[];
  patterns: Pattern[];
  consistency: ContextScore["consistency"];
  allowedLag: string;
  sagas: Saga[];
  risks: Risk[];
  reasons: Reason[];
  difficulty: number;
  risk: number;
  commits12m: number;
  effort: { personWeeks: number; people: number; weeks: number };
  startWeek: number;
}

export interface Roadmap {
  /** Why this plan may rest on a thin data picture (see src/scan/linkage.ts); empty when it does not. */
  dataWarnings: LinkageWarning[];
  currency: Currency;
  start: string;
  foundation: { weeks: number; people: number; personWeeks: number; broker: string; risks: Risk[] };
  contexts: ContextPlan[];
  contextMap: Array<{ from: string; to: string; joins: number; foreignKeys: number; transactions: number; access: number; imports: number }>;
  cost: { services: number; infraMonth: number; apmMonth: number; brokerMonth: number; hires: number; hiresYear: number; salaryYear: number };
  staffing: { platformNeeded: number; platformNow: number; productEngineers: number };
  totalWeeks: number;
  openQuestions: string[];
  assumptions: Array<{ key: string; value: string }>;
}

const CIRCUIT_BREAKERS = ["opossum", "cockatiel", "brakes", "mollitia", "@nestjs/terminus", "resilience4js"];
const TRACING = ["@opentelemetry/api", "@opentelemetry/sdk-node", "dd-trace", "elastic-apm-node", "newrelic", "@sentry/node", "@splunk/otel", "jaeger-client"];

/**
 * The phased Strangler Fig plan: Phase 1 foundation, Phase 2 the first context as pilot, Phase 3 the rest in
 * order; per context its pattern, sagas from the code's write sequences, consistency and allowed lag, the
 * risks found, and effort; then cost and staffing from the team's figures and rules/cost.yaml.
 */
export function planRoadmap(a: Assessment, scores: ContextScore[], cost: CostRules, team: TeamValues, start: string): Roadmap {
  const unitOf = new Map(a.scan.facts.files.map((f) => [f.path, f.unit]));
  const contextOfFile = (f: string) => a.clustering.owner.get(`module:${unitOf.get(f)}`);
  const tableOwner = (t: string) => a.clustering.owner.get(`table:${t}`);
  const sagas = deriveSagas(a.scan.facts, tableOwner, contextOfFile);
  const teamSize = num(team["team.size"], 8);
  const infraSize = num(team["team.infraSize"], 1);
  const currency = (team["money.currency"] as Currency | undefined) ?? "KRW";
  const rates = cost.rates[currency];
  const salary = num(team["money.salaryYear"], rates.salaryYear);
  const deps = new Set(a.scan.dependencies);

  // Global risks, found once, named in Phase 1 and in every context they touch.
  const global: Risk[] = [];
  if (!CIRCUIT_BREAKERS.some((d) => deps.has(d))) global.push({ id: "no-circuit-breaker", evidence: [], detail: CIRCUIT_BREAKERS.slice(0, 2).join(", ") });
  if (![...deps].some((d) => TRACING.includes(d) || d.startsWith("@opentelemetry/"))) global.push({ id: "no-tracing", evidence: [], detail: "@opentelemetry/sdk-node" });
  if (a.scan.correlationIdFiles.length === 0) global.push({ id: "no-correlation-id", evidence: [], detail: "" });
  const roots = a.clustering.infrastructure.filter((i) => i.reason === "composition-root").map((i) => i.node.replace(/^module:/, ""));
  if (roots.length === 1) global.push({ id: "single-gateway", evidence: [], detail: roots[0] });

  const people = Math.max(1, Math.min(cost.effort.maxPeoplePerContext, teamSize));
  const foundationPeople = Math.max(1, Math.min(cost.effort.maxPeoplePerContext, infraSize + 1));
  const foundationWeeks = Math.ceil(cost.effort.foundation / foundationPeople);
  let week = foundationWeeks;

  const contexts: ContextPlan[] = scores.map((s, i) => {
    const ctx = a.clustering.contexts.find((c) => c.name === s.name)!;
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

    const fks = a.measurement.crossings.filter((x) => x.kind === "fk" && (x.fromContext === s.name || x.toContext === s.name));
    const risks: Risk[] = fks.map((x) => ({ id: "cross-context-fk", evidence: x.evidence, detail: `${bare(x.from)} → ${bare(x.to)}` }));
    if (mine.length || part.length) risks.push(...global.filter((g) => g.id === "no-circuit-breaker"));
    risks.push(...global.filter((g) => g.id === "no-tracing" || g.id === "no-correlation-id"));

    const sagaSteps = mine.reduce((n, g) => n + g.steps.length, 0);
    const personWeeks =
      cost.effort.perContext +
      (i === 0 ? cost.effort.pilotOverhead : 0) +
      (m.crossJoins * cost.effort.perCrossJoin) / 2 +
      (m.crossForeignKeys * cost.effort.perCrossForeignKey) / 2 +
      m.foreignTableAccess * cost.effort.perForeignAccess +
      sagaSteps * cost.effort.perSagaStep +
      (m.loc / 1000) * cost.effort.perThousandLoc;
    const pw = Math.round(personWeeks * 10) / 10;
    const weeks = Math.ceil(pw / people);
    const plan: ContextPlan = {
      name: s.name,
      rank: s.rank,
      phase: i === 0 ? 2 : 3,
      units: ctx.units,
      tables: ctx.tables.map(bare),
      patterns,
      consistency: s.consistency,
      allowedLag: cost.lag[s.consistency],
      sagas: mine,
      risks,
      reasons: s.reasons,
      difficulty: s.difficulty,
      risk: s.risk,
      commits12m: s.value.commits12m,
      effort: { personWeeks: pw, people, weeks },
      startWeek: week,
    };
    week += weeks;
    return plan;
  });

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

  const services = contexts.length;
  const platformNeeded = Math.max(cost.staffing.peoplePerServiceFleet, Math.ceil(services / cost.staffing.servicesPerPlatformEngineer));
  const hires = Math.max(0, platformNeeded - infraSize);
  const answered = new Set(Object.keys(team));
  return {
    dataWarnings: a.scan.linkage.warnings,
    currency,
    start,
    foundation: { weeks: foundationWeeks, people: foundationPeople, personWeeks: cost.effort.foundation, broker: chooseBroker(team), risks: global },
    contexts,
    contextMap: [...pairs.values()].filter((p) => p.joins + p.foreignKeys + p.transactions + p.access > 0).sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to)),
    cost: {
      services,
      infraMonth: services * rates.infraPerServiceMonth + rates.brokerMonth,
      apmMonth: services * rates.apmPerServiceMonth,
      brokerMonth: rates.brokerMonth,
      hires,
      hiresYear: hires * salary,
      salaryYear: salary,
    },
    staffing: { platformNeeded, platformNow: infraSize, productEngineers: teamSize },
    totalWeeks: week,
    openQuestions: FIELDS.filter((f) => !answered.has(keyOf(f)) && f.fallback === null).map((f) => keyOf(f)),
    assumptions: FIELDS.filter((f) => !answered.has(keyOf(f)) && f.fallback !== null && !(Array.isArray(f.fallback) && f.fallback.length === 0)).map((f) => ({ key: keyOf(f), value: String(f.fallback) })),
  };
}

/** A managed broker for a small platform team or no Kubernetes; Kafka where they can run it. */
function chooseBroker(team: TeamValues): string {
  const k8s = team["team.kubernetes"] ?? "none";
  const infra = num(team["team.infraSize"], 1);
  if (k8s === "production" && infra >= 3) return "kafka";
  return k8s === "none" ? "managed-queue" : "rabbitmq";
}

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
