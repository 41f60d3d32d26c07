import type { Diagnostic } from "../scan/facts.js";
import type { EdgeKind } from "../graph/model.js";
import { loadRuleFile, numberAt } from "./load.js";

export type WeightKind = EdgeKind | "import-type-only";

export interface Weights {
  kinds: Record<WeightKind, number>;
  occurrenceExponent: number;
  seed: number;
  resolution: number;
  minContextSize: number;
  minFanInShare: number;
  minFanOutShare: number;
}

const DEFAULT_KIND_WEIGHT: Record<WeightKind, number> = {
  import: 1, "import-type-only": 0.3, read: 1, write: 4, uses: 0.5, fk: 1.5, join: 0.5, tx: 0.5, view: 1, inherit: 10, cochange: 0.5,
};

/** `rules/weights.yaml` (and the repo's override) as typed numbers. */
export function loadWeights(repo: string | null): { weights: Weights; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("weights", repo);
  const where = "weights.yaml";
  const kindsRaw = (data.kinds ?? {}) as Record<string, unknown>;
  const kinds = { ...DEFAULT_KIND_WEIGHT };
  for (const k of Object.keys(DEFAULT_KIND_WEIGHT) as WeightKind[]) kinds[k] = numberAt(kindsRaw, k, DEFAULT_KIND_WEIGHT[k], where, diagnostics);
  const clustering = (data.clustering ?? {}) as Record<string, unknown>;
  const infra = (data.infrastructure ?? {}) as Record<string, unknown>;
  return {
    weights: {
      kinds,
      occurrenceExponent: numberAt(data, "occurrenceExponent", 0.5, where, diagnostics),
      seed: numberAt(clustering, "seed", 42, where, diagnostics),
      resolution: numberAt(clustering, "resolution", 2, where, diagnostics),
      minContextSize: numberAt(clustering, "minContextSize", 2, where, diagnostics),
      minFanInShare: numberAt(infra, "minFanInShare", 0.25, where, diagnostics),
      minFanOutShare: numberAt(infra, "minFanOutShare", 0.4, where, diagnostics),
    },
    diagnostics,
  };
}
