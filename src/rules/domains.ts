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
}

const CRITICALITY: Criticality[] = ["low", "medium", "high", "critical"];
const CONSISTENCY: Consistency[] = ["eventual", "read-your-writes", "strong"];

/** `rules/domains.yaml` (and the repo's override), sorted by name. */
export function loadDomains(repo: string | null): { domains: Domain[]; diagnostics: Diagnostic[] } {
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
    domains.push({ name, words, criticality, consistency });
  }
  return { domains, diagnostics };
}

function asWords(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((w): w is string => typeof w === "string").map((w) => w.toLowerCase()) : [];
}
