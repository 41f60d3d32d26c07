import type { Diagnostic } from "../scan/facts.js";
import type { Criticality } from "./domains.js";
import { loadRuleFile, numberAt } from "./load.js";

export const RISK_IDS = [
  "external-call-in-transaction", "distributed-transaction", "pilot-sync-call", "sync-call-across-boundary", "single-gateway", "no-circuit-breaker",
  "no-timeouts-retries", "shared-write", "no-correlation-id", "no-tracing", "cross-context-fk", "cross-context-join",
] as const;
export type RiskId = (typeof RISK_IDS)[number];

export interface RiskRules {
  severity: Record<RiskId, number>;
  contextWeight: Record<Criticality, number>;
  mostDamaging: number;
}

const DEFAULT_SEVERITY: Record<RiskId, number> = {
  "external-call-in-transaction": 9, "distributed-transaction": 8, "pilot-sync-call": 8, "sync-call-across-boundary": 7, "single-gateway": 7, "no-circuit-breaker": 7,
  "no-timeouts-retries": 6, "shared-write": 6, "no-correlation-id": 5, "no-tracing": 5, "cross-context-fk": 5, "cross-context-join": 4,
};

/** `rules/risks.yaml` (and the repo's override). */
export function loadRisks(repo: string | null): { risks: RiskRules; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("risks", repo);
  const w = "risks.yaml";
  const sev = (data.severity ?? {}) as Record<string, unknown>;
  const cw = (data.contextWeight ?? {}) as Record<string, unknown>;
  return {
    risks: {
      severity: Object.fromEntries(RISK_IDS.map((id) => [id, numberAt(sev, id, DEFAULT_SEVERITY[id], w, diagnostics)])) as Record<RiskId, number>,
      contextWeight: { low: numberAt(cw, "low", 0.8, w, diagnostics), medium: numberAt(cw, "medium", 1, w, diagnostics), high: numberAt(cw, "high", 1.2, w, diagnostics), critical: numberAt(cw, "critical", 1.4, w, diagnostics) },
      mostDamaging: numberAt(data, "mostDamaging", 1.5, w, diagnostics),
    },
    diagnostics,
  };
}
