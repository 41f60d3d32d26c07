import type { Broker, Compute, CostRules } from "../rules/cost.js";
import type { TeamPlan } from "./team.js";

/**
 * Phase 1: what must be in place before the first extraction, each item with its person-weeks from
 * rules/cost.yaml and, where an answer or the code decided it, why: the broker and the compute from the
 * team's Kubernetes experience, a characterisation-test step when coverage is under target, a load test
 * and autoscaling when traffic peaks are known, tracing, correlation ids and resilience policies only when
 * the code lacks them, change data capture for the database the team runs.
 */
export type FoundationItemId =
  | "context-map" | "ci-gate" | "pipelines" | "cadence" | "observability" | "tracing" | "correlation-id" | "resilience"
  | "gateway" | "cdc" | "broker" | "compute" | "characterisation" | "load-test" | "autoscaling";

export interface FoundationItem {
  id: FoundationItemId;
  personWeeks: number;
  /** The answer or finding behind it, for the text (a broker kind, a coverage, a peak multiple …). */
  detail: Record<string, string | number>;
}

export interface FoundationInputs {
  team: TeamPlan;
  dialect: string;
  hasTracing: boolean;
  hasCircuitBreaker: boolean;
  correlationOk: boolean;
  /** The peak multiple of the traffic peaks answer, and the answer itself (null: not answered). */
  peaks: { multiple: number; text: string } | null;
  /** Lines of the pilot's code and of the code that calls into it (what characterisation tests pin). */
  pilotLoc: number;
  callerLoc: number;
}

export function foundationItems(inp: FoundationInputs, rules: CostRules): FoundationItem[] {
  const f = rules.foundation;
  const broker = chooseBroker(inp.team);
  const compute: Compute = inp.team.kubernetes === "none" ? "managed" : inp.team.kubernetes === "some" ? "kubernetes" : "existing";
  const items: FoundationItem[] = [
    { id: "context-map", personWeeks: f.contextMap, detail: {} },
    { id: "ci-gate", personWeeks: f.ciGate, detail: {} },
    { id: "pipelines", personWeeks: f.pipelines, detail: {} },
  ];
  if (f.cadence[inp.team.cadence] > 0) items.push({ id: "cadence", personWeeks: f.cadence[inp.team.cadence], detail: { cadence: inp.team.cadence } });
  items.push({ id: "observability", personWeeks: f.observability, detail: {} });
  if (!inp.hasTracing) items.push({ id: "tracing", personWeeks: f.tracing, detail: {} });
  if (!inp.correlationOk) items.push({ id: "correlation-id", personWeeks: f.correlationId, detail: {} });
  if (!inp.hasCircuitBreaker) items.push({ id: "resilience", personWeeks: f.resilience, detail: {} });
  items.push({ id: "gateway", personWeeks: f.gateway, detail: {} });
  items.push({ id: "cdc", personWeeks: f.cdc, detail: { dialect: inp.dialect } });
  items.push({ id: "broker", personWeeks: f.broker[broker], detail: { broker, kubernetes: inp.team.kubernetes, infra: inp.team.infra } });
  items.push({ id: "compute", personWeeks: f.compute[compute], detail: { compute, kubernetes: inp.team.kubernetes } });
  if (inp.team.coverage !== null && inp.team.coverage < rules.coverage.target) {
    const loc = inp.pilotLoc + inp.callerLoc;
    const pw = Math.max(f.characterisation.minimum, (loc / 1000) * f.characterisation.perThousandLoc * ((rules.coverage.target - inp.team.coverage) / 100));
    items.push({ id: "characterisation", personWeeks: Math.round(pw * 10) / 10, detail: { coverage: inp.team.coverage, target: rules.coverage.target, loc } });
  }
  if (inp.peaks) {
    items.push({ id: "load-test", personWeeks: f.loadTest, detail: { multiple: inp.peaks.multiple, text: inp.peaks.text } });
    items.push({ id: "autoscaling", personWeeks: f.autoscaling, detail: { multiple: inp.peaks.multiple } });
  }
  return items;
}

/** A managed broker for a small platform team or no Kubernetes; Kafka where they run Kubernetes in production with three or more. */
export function chooseBroker(team: TeamPlan): Broker {
  if (team.kubernetes === "production" && team.infra >= 3) return "kafka";
  return team.kubernetes === "none" ? "managed" : "rabbitmq";
}
