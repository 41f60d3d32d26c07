import type { ContextMetrics } from "../score/metrics.js";
import type { Criticality } from "../rules/domains.js";
import type { CostRules } from "../rules/cost.js";
import type { Saga } from "./saga.js";

/**
 * Person-weeks from what was measured, item by item (rules/cost.yaml `effort`), so a plan can show how each
 * number came about: a new service, each table to move, the code, each coupling to undo, each saga step,
 * then × the domain's criticality, and the code work × the coverage shortfall.
 */
export type EffortItemId = "service" | "tables" | "code" | "joins" | "foreign-keys" | "foreign-access" | "inbound-access" | "saga-participation" | "saga-steps" | "external-steps" | "pilot" | "tests-first";

export interface EffortItem {
  id: EffortItemId;
  count: number;
  personWeeks: number;
}

export interface Effort {
  items: EffortItem[];
  /** × the domain's criticality (reviews, reconciliation, game days). */
  criticalityFactor: number;
  /** × on the code work for coverage below target (1 when at or above it, or unanswered). */
  coverageFactor: number;
  /** × on the table moves for the data the user base puts in them (1 without MAU or DAU). */
  volumeFactor: number;
  personWeeks: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function contextEffort(m: ContextMetrics, criticality: Criticality, participations: number, coverage: number | null, pilot: boolean, volumeFactor: number, rules: CostRules): Effort {
  const e = rules.effort;
  const coverageFactor = coverageFactorOf(coverage, rules);
  const items: EffortItem[] = [
    { id: "service", count: 1, personWeeks: e.perContext },
    { id: "tables", count: m.tables, personWeeks: m.tables * e.perTable * volumeFactor },
    { id: "code", count: m.loc, personWeeks: (m.loc / 1000) * e.perThousandLoc * coverageFactor },
    { id: "joins", count: m.crossJoins, personWeeks: m.crossJoins * e.perCrossJoin },
    { id: "foreign-keys", count: m.crossForeignKeys, personWeeks: m.crossForeignKeys * e.perCrossForeignKey },
    { id: "foreign-access", count: m.foreignTableAccess, personWeeks: m.foreignTableAccess * e.perForeignAccess },
    { id: "inbound-access", count: m.inboundTableAccess, personWeeks: m.inboundTableAccess * e.perInboundAccess },
    { id: "saga-participation", count: participations, personWeeks: participations * e.perSagaParticipation },
  ];
  // Coverage under target: pin the context's behaviour (its entry points and the paths that call it) with tests before its code moves.
  if (coverage !== null && coverage < rules.coverage.target) items.push({ id: "tests-first", count: rules.coverage.target - coverage, personWeeks: rules.coverage.testsPerContext * ((rules.coverage.target - coverage) / rules.coverage.target) });
  if (pilot) items.push({ id: "pilot", count: 1, personWeeks: rules.pilot.overhead });
  return finish(items, e.criticality[criticality], coverageFactor, volumeFactor);
}

/** The orchestration of a context's sagas, built in the monolith before any participant leaves. */
export function sagaEffort(sagas: Saga[], criticality: Criticality, rules: CostRules): Effort {
  const steps = sagas.reduce((n, s) => n + s.steps.length, 0);
  const external = sagas.reduce((n, s) => n + s.steps.filter((st) => st.kind !== "local").length, 0);
  const items: EffortItem[] = [
    { id: "saga-steps", count: steps, personWeeks: steps * rules.effort.perSagaStep },
    { id: "external-steps", count: external, personWeeks: external * rules.effort.perExternalStep },
  ];
  return finish(items, rules.effort.criticality[criticality], 1, 1);
}

/** The user base's data on every table move: 1 + perDecade × log10(MAU ÷ reference), at least 1. */
export function volumeFactorOf(mau: number | null, rules: CostRules): number {
  if (mau === null || mau <= 0) return 1;
  return Math.round(Math.max(1, 1 + rules.dataVolume.perDecade * Math.log10(mau / rules.dataVolume.referenceMau)) * 100) / 100;
}

export function coverageFactorOf(coverage: number | null, rules: CostRules): number {
  if (coverage === null) return 1;
  return 1 + Math.max(0, rules.coverage.target - coverage) * rules.coverage.penaltyPerPoint;
}

function finish(items: EffortItem[], criticalityFactor: number, coverageFactor: number, volumeFactor: number): Effort {
  const kept = items.filter((i) => i.count > 0).map((i) => ({ ...i, personWeeks: r1(i.personWeeks) }));
  const sum = items.reduce((s, i) => s + i.personWeeks, 0);
  return { items: kept, criticalityFactor, coverageFactor: Math.round(coverageFactor * 100) / 100, volumeFactor, personWeeks: r1(sum * criticalityFactor) };
}
