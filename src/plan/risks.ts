import type { Evidence } from "../scan/facts.js";
import type { Crossing } from "../score/metrics.js";
import type { Criticality } from "../rules/domains.js";
import type { RiskId, RiskRules } from "../rules/risks.js";
import { compareStrings } from "../util/sort.js";
import { shortTable as bare } from "../scan/sql/dialect.js";
import type { Saga } from "./saga.js";
import type { BoundaryCall } from "./code/boundary-calls.js";
import type { ExternalCall } from "./code/index.js";
import type { CorrelationCheck } from "./code/correlation.js";

/** One risk as the plan ranks it, with the lines behind it; impact and remedy are the report's, by id. */
export interface RankedRisk {
  id: RiskId;
  rank: number;
  score: number;
  /** Contexts it touches (empty: the whole system). */
  contexts: string[];
  /** How many occurrences the code shows. */
  count: number;
  evidence: Evidence[];
  /** How many places the evidence stood for before it was cut to the first MAX_EVIDENCE. */
  evidenceTotal: number;
  /** What the texts need: a saga's name, the calls, the tables, the events that could replace a call … */
  detail: RiskDetail;
  /** It touches the domain the team named as the one that hurts most. */
  mostDamaging: boolean;
}

export type RiskDetail = {
  sagas?: string[];
  participants?: string[];
  /** Calls as written: `authorizePayment → POST https://…`, `order → payment: authorizePayment`. */
  calls?: string[];
  to?: string;
  callers?: string[];
  /** Events the calling functions already publish: what a call could become. */
  events?: string[];
  tables?: string[];
  root?: string;
  packages?: string[];
  /** Where a request or correlation id is only set on an outbound call. */
  outbound?: Evidence[];
};

export interface RiskInputs {
  sagas: Saga[];
  crossings: Crossing[];
  boundaryCalls: BoundaryCall[];
  externalCalls: ExternalCall[];
  /** A circuit breaker package, or the repo's own. */
  hasCircuitBreaker: boolean;
  correlation: CorrelationCheck;
  dependencies: string[];
  compositionRoots: string[];
  /** Tables written by more than one context, with the writes. */
  sharedWrites: Array<{ table: string; contexts: string[]; evidence: Evidence[] }>;
  criticalityOf: (context: string) => Criticality;
  mostDamaging: Set<string>;
  pilot: string | null;
}

const MAX_EVIDENCE = 5;
export const CIRCUIT_BREAKERS = ["opossum", "cockatiel", "brakes", "mollitia", "resilience4js", "@nestjs/terminus"];
export const TRACING = ["@opentelemetry/api", "@opentelemetry/sdk-node", "dd-trace", "elastic-apm-node", "newrelic", "@sentry/node", "@splunk/otel", "jaeger-client"];
const TIMEOUT_PACKAGES = ["cockatiel", "opossum", "p-timeout", "axios-retry", "got", "p-retry", "async-retry"];

export function rankRisks(inp: RiskInputs, rules: RiskRules): RankedRisk[] {
  const out: Array<Omit<RankedRisk, "rank" | "score" | "mostDamaging" | "evidenceTotal">> = [];
  const deps = new Set(inp.dependencies);
  const uniq = (xs: string[]) => [...new Set(xs)].sort(compareStrings);
  const withExternal = inp.sagas.filter((s) => s.steps.some((st) => st.kind !== "local"));
  if (withExternal.length) {
    const ext = withExternal.flatMap((s) => s.steps.flatMap((st) => st.actions.filter((a) => a.kind === "external").map((a) => ({ s, a }))));
    out.push({
      id: "external-call-in-transaction",
      contexts: uniq(ext.flatMap(({ s, a }) => [s.orchestrator, a.context])),
      count: ext.length,
      evidence: ext.flatMap(({ a }) => [a.evidence, ...a.via]),
      detail: { sagas: uniq(withExternal.map((s) => s.name)), calls: ext.map(({ a }) => `${a.callee} → ${a.target}`) },
    });
  }
  if (inp.sagas.length) {
    out.push({
      id: "distributed-transaction",
      contexts: uniq(inp.sagas.flatMap((s) => [s.orchestrator, ...s.participants])),
      count: inp.sagas.reduce((n, s) => n + s.steps.length, 0),
      evidence: inp.sagas.map((s) => s.at),
      detail: { sagas: inp.sagas.map((s) => s.name), participants: uniq(inp.sagas.flatMap((s) => s.participants)) },
    });
  }
  // Synchronous calls across a new boundary (awaited: the caller fails or waits when the callee does); into
  // the pilot they defeat its own goal, fault isolation.
  const awaited = inp.boundaryCalls.filter((c) => c.awaited);
  const intoPilot = awaited.filter((c) => c.to === inp.pilot);
  if (intoPilot.length) {
    out.push({
      id: "pilot-sync-call",
      contexts: uniq([inp.pilot!, ...intoPilot.map((c) => c.from)]),
      count: intoPilot.length,
      evidence: intoPilot.map((c) => c.evidence),
      detail: { to: inp.pilot!, callers: uniq(intoPilot.map((c) => c.from)), calls: uniq(intoPilot.map((c) => c.callee)), events: uniq(intoPilot.flatMap((c) => c.events)) },
    });
  }
  const others = awaited.filter((c) => c.to !== inp.pilot);
  if (others.length) {
    out.push({
      id: "sync-call-across-boundary",
      contexts: uniq(others.flatMap((c) => [c.from, c.to])),
      count: others.length,
      evidence: others.map((c) => c.evidence),
      detail: { calls: uniq(others.map((c) => `${c.from} → ${c.to}: ${c.callee}`)), events: uniq(others.flatMap((c) => c.events)) },
    });
  }
  if (inp.compositionRoots.length === 1) out.push({ id: "single-gateway", contexts: [], count: 1, evidence: [], detail: { root: inp.compositionRoots[0] } });
  if (!inp.hasCircuitBreaker) {
    // The calls that leave the process today, and those that will once contexts are services: each counted is shown.
    const evidence = [...inp.externalCalls.map((c) => ({ file: c.file, line: c.line })), ...inp.boundaryCalls.map((c) => c.evidence)];
    if (evidence.length > 0) out.push({ id: "no-circuit-breaker", contexts: [], count: evidence.length, evidence, detail: { packages: CIRCUIT_BREAKERS.slice(0, 2) } });
  }
  const noTimeout = inp.externalCalls.filter((c) => !/signal|timeout|abort/i.test(c.optionsText));
  if (noTimeout.length && !TIMEOUT_PACKAGES.some((p) => deps.has(p))) {
    out.push({ id: "no-timeouts-retries", contexts: [], count: noTimeout.length, evidence: noTimeout.map((c) => ({ file: c.file, line: c.line })), detail: { calls: uniq(noTimeout.map((c) => (c.http ? `${c.http.method} ${c.http.url}` : c.callee))) } });
  }
  if (inp.sharedWrites.length) {
    out.push({
      id: "shared-write",
      contexts: uniq(inp.sharedWrites.flatMap((w) => w.contexts)),
      count: inp.sharedWrites.length,
      evidence: inp.sharedWrites.flatMap((w) => w.evidence),
      detail: { tables: inp.sharedWrites.map((w) => `${w.table} (${w.contexts.join(", ")})`) },
    });
  }
  if (!inp.correlation.ok) out.push({ id: "no-correlation-id", contexts: [], count: 1, evidence: [], detail: { outbound: inp.correlation.elsewhere.slice(0, MAX_EVIDENCE) } });
  if (![...deps].some((d) => TRACING.includes(d) || d.startsWith("@opentelemetry/"))) out.push({ id: "no-tracing", contexts: [], count: 1, evidence: [], detail: { packages: ["@opentelemetry/sdk-node"] } });
  const fks = inp.crossings.filter((x) => x.kind === "fk");
  if (fks.length) {
    out.push({
      id: "cross-context-fk",
      contexts: uniq(fks.flatMap((x) => [x.fromContext, x.toContext])),
      count: fks.reduce((n, x) => n + x.occurrences, 0),
      evidence: fks.flatMap((x) => x.evidence),
      detail: { tables: uniq(fks.map((x) => `${bare(x.from)} → ${bare(x.to)}`)) },
    });
  }
  const joins = inp.crossings.filter((x) => x.kind === "join");
  if (joins.length) {
    out.push({ id: "cross-context-join", contexts: uniq(joins.flatMap((x) => [x.fromContext, x.toContext])), count: joins.reduce((n, x) => n + x.occurrences, 0), evidence: joins.flatMap((x) => x.evidence), detail: {} });
  }

  const ranked: RankedRisk[] = out.map((r) => {
    const weight = r.contexts.length ? Math.max(...r.contexts.map((c) => rules.contextWeight[inp.criticalityOf(c)])) : 1;
    const mostDamaging = r.contexts.some((c) => inp.mostDamaging.has(c));
    const score = rules.severity[r.id] * (1 + Math.log2(Math.max(1, r.count)) / 4) * weight * (mostDamaging ? rules.mostDamaging : 1);
    const evidence = dedupe(r.evidence);
    return { ...r, rank: 0, score: Math.round(score * 10) / 10, mostDamaging, evidence: evidence.slice(0, MAX_EVIDENCE), evidenceTotal: evidence.length };
  });
  ranked.sort((a, b) => b.score - a.score || compareStrings(a.id, b.id));
  ranked.forEach((r, i) => (r.rank = i + 1));
  return ranked;
}

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line)
    .filter((e) => {
      const k = `${e.file}:${e.line}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
}
