import type { Diagnostic } from "../scan/facts.js";
import type { EdgeKind } from "../graph/model.js";
import { loadRuleFile, numberAt } from "./load.js";

export type WeightKind = EdgeKind | "import-type-only";

export interface Weights {
  kinds: Record<WeightKind, number>;
  occurrenceExponent: number;
  seed: number;
  /** A fixed resolution from the rules, or null: sweep `resolutions`. */
  resolution: number | null;
  /** Resolutions tried when none is given; the one maximising modularity − balancePenalty × CV(sizes) wins. */
  resolutions: number[];
  balancePenalty: number;
  /** Objectives within this of the best are equal; the lowest such resolution wins. */
  tolerance: number;
  minContextSize: number;
  minFanInShare: number;
  minFanOutShare: number;
}

const DEFAULT_KIND_WEIGHT: Record<WeightKind, number> = {
  import: 1, "import-type-only": 0.3, read: 1, write: 4, uses: 0.5, fk: 1.5, join: 0.5, tx: 0.5, view: 1, inherit: 10, cochange: 0.5,
};

const DEFAULT_RESOLUTIONS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];

/** A list of positive numbers, else the default (with a diagnostic naming the key). */
function numbersAt(obj: Record<string, unknown>, key: string, fallback: number[], where: string, diagnostics: Diagnostic[]): number[] {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x) && x > 0)) return [...(v as number[])].sort((a, b) => a - b);
  diagnostics.push({ file: where, code: "rules-error", severity: "warning", message: `${key} must be a list of positive numbers; using ${fallback.join(", ")}` });
  return fallback;
}

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
      resolution: clustering.resolution === undefined ? null : numberAt(clustering, "resolution", 2, where, diagnostics),
      resolutions: numbersAt(clustering, "resolutions", DEFAULT_RESOLUTIONS, where, diagnostics),
      balancePenalty: numberAt(clustering, "balancePenalty", 0.2, where, diagnostics),
      tolerance: numberAt(clustering, "tolerance", 0.01, where, diagnostics),
      minContextSize: numberAt(clustering, "minContextSize", 2, where, diagnostics),
      minFanInShare: numberAt(infra, "minFanInShare", 0.25, where, diagnostics),
      minFanOutShare: numberAt(infra, "minFanOutShare", 0.4, where, diagnostics),
    },
    diagnostics,
  };
}
