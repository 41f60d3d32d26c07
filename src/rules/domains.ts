import type { Diagnostic } from "../scan/facts.js";
import { loadRuleFile } from "./load.js";

export type Criticality = "low" | "medium" | "high" | "critical";
export type Consistency = "eventual" | "read-your-writes" | "strong";

export interface Domain {
  name: string;
  /** Lower-cased words, English and Korean together. */
  words: string[];
  criticality: Criticality;
  consistency: Consistency;
  /** Replication lag the domain allows once its data is in its own service, seconds [min, max]; null: not given. */
  lag: [number, number] | null;
  /** Why that lag, in the roadmap's languages. */
  lagWhy: { en: string; ko: string } | null;
}

const CRITICALITY: Criticality[] = ["low", "medium", "high", "critical"];
const CONSISTENCY: Consistency[] = ["eventual", "read-your-writes", "strong"];

/** `rules/domains.yaml` (and the repo's override), sorted by name. */
export function loadDomains(repo: string | null): { domains: Domain[]; platform: string[]; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("domains", repo);
  const raw = (data.domains ?? {}) as Record<string, Record<string, unknown>>;
  const domains: Domain[] = [];
  for (const name of Object.keys(raw).sort()) {
    const d = raw[name] ?? {};
    const words = [...asWords(d.en), ...asWords(d.ko)];
    const criticality = CRITICALITY.includes(d.criticality as Criticality) ? (d.criticality as Criticality) : "medium";
    const consistency = CONSISTENCY.includes(d.consistency as Consistency) ? (d.consistency as Consistency) : "eventual";
    if (d.criticality !== undefined && criticality !== d.criticality) {
      diagnostics.push({ file: "domains.yaml", code: "rules-error", severity: "warning", message: `${name}.criticality must be one of ${CRITICALITY.join(", ")}` });
    }
    const lag = asLag(d.lag);
    if (d.lag !== undefined && lag === null) {
      diagnostics.push({ file: "domains.yaml", code: "rules-error", severity: "warning", message: `${name}.lag must be seconds ≥ 0 or [min, max] seconds` });
    }
    const why = (d.lagWhy ?? null) as Record<string, unknown> | null;
    const lagWhy = why && typeof why.en === "string" && typeof why.ko === "string" ? { en: why.en, ko: why.ko } : null;
    domains.push({ name, words, criticality, consistency, lag, lagWhy });
  }
  // Words of platform capabilities (cache, job queue, scheduler, settings …): not business domains.
  const p = (data.platform ?? {}) as Record<string, unknown>;
  const platform = [...new Set([...asWords(p.en), ...asWords(p.ko)])].sort();
  return { domains, platform, diagnostics };
}

function asLag(v: unknown): [number, number] | null {
  const ok = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1]) && v[0] <= v[1]) return [v[0], v[1]];
  return null;
}

function asWords(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((w): w is string => typeof w === "string").map((w) => w.toLowerCase()) : [];
}
