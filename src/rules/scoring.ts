import type { Diagnostic } from "../scan/facts.js";
import { loadRuleFile, numberAt } from "./load.js";
import type { Consistency, Criticality } from "./domains.js";

export interface Scoring {
  difficulty: { crossJoin: number; crossForeignKey: number; crossTransaction: number; foreignAccessOut: number; foreignAccessIn: number; crossImport: number; perThousandLoc: number; partnerRiskFactor: number };
  risk: { criticality: Record<Criticality, number>; consistency: Record<Consistency, number>; mostDamaging: number };
  /** The consultant's priority rules, as discounts on the total (see rules/scoring.yaml). */
  priority: { mostDeployed: number; churn: number; trafficReadPath: number; maxDiscount: number };
  traffic: { referenceDau: number; decades: number; dauPerMau: number };
}

export function loadScoring(repo: string | null): { scoring: Scoring; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("scoring", repo);
  const w = "scoring.yaml";
  const d = (data.difficulty ?? {}) as Record<string, unknown>;
  const r = (data.risk ?? {}) as Record<string, unknown>;
  const crit = (r.criticality ?? {}) as Record<string, unknown>;
  const cons = (r.consistency ?? {}) as Record<string, unknown>;
  const p = (data.priority ?? {}) as Record<string, unknown>;
  const t = (data.traffic ?? {}) as Record<string, unknown>;
  return {
    scoring: {
      difficulty: {
        crossJoin: numberAt(d, "crossJoin", 4, w, diagnostics),
        crossForeignKey: numberAt(d, "crossForeignKey", 2, w, diagnostics),
        crossTransaction: numberAt(d, "crossTransaction", 4, w, diagnostics),
        foreignAccessOut: numberAt(d, "foreignAccessOut", 2, w, diagnostics),
        foreignAccessIn: numberAt(d, "foreignAccessIn", 1, w, diagnostics),
        crossImport: numberAt(d, "crossImport", 0.5, w, diagnostics),
        perThousandLoc: numberAt(d, "perThousandLoc", 2, w, diagnostics),
        partnerRiskFactor: numberAt(d, "partnerRiskFactor", 0.3, w, diagnostics),
      },
      risk: {
        criticality: { low: numberAt(crit, "low", 0, w, diagnostics), medium: numberAt(crit, "medium", 2, w, diagnostics), high: numberAt(crit, "high", 4, w, diagnostics), critical: numberAt(crit, "critical", 6, w, diagnostics) },
        consistency: { eventual: numberAt(cons, "eventual", 0, w, diagnostics), "read-your-writes": numberAt(cons, "read-your-writes", 2, w, diagnostics), strong: numberAt(cons, "strong", 4, w, diagnostics) },
        mostDamaging: numberAt(r, "mostDamaging", 4, w, diagnostics),
      },
      priority: {
        mostDeployed: numberAt(p, "mostDeployed", 0.3, w, diagnostics),
        churn: numberAt(p, "churn", 0.2, w, diagnostics),
        trafficReadPath: numberAt(p, "trafficReadPath", 0.4, w, diagnostics),
        maxDiscount: Math.min(0.95, numberAt(p, "maxDiscount", 0.6, w, diagnostics)),
      },
      traffic: {
        referenceDau: Math.max(1, numberAt(t, "referenceDau", 1000, w, diagnostics)),
        decades: Math.max(0.1, numberAt(t, "decades", 4, w, diagnostics)),
        dauPerMau: numberAt(t, "dauPerMau", 0.2, w, diagnostics),
      },
    },
    diagnostics,
  };
}
