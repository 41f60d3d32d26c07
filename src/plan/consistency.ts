import type { Consistency, Domain } from "../rules/domains.js";

/**
 * What consistency a context gets and the replication lag it may allow, from the domain table
 * (rules/domains.yaml `lag`, `lagWhy`: the consultant's levels are the shipped defaults) and the code: a
 * context that writes in one transaction with another keeps 0 s until the saga replacing that transaction
 * is in place. strangler.yaml overrides a context's level and lag (`consistency.overrides`:
 * "inventory eventual 1-3s"), and the plan says it was the team's choice.
 */
export interface ContextConsistency {
  level: Consistency;
  /** Allowed lag once extracted, seconds [min, max]. */
  lag: [number, number];
  /** Why that lag: the domain's reason, the team's override, or the default for the level when the context has no domain. */
  why: { kind: "domain"; domain: string; en: string; ko: string } | { kind: "level" } | { kind: "answer"; text: string };
  /** The code holds it to 0 s today: it writes in one transaction with these contexts … */
  transactionWith: string[];
  /** … until these sagas replace those transactions. */
  untilSagas: string[];
}

const LEVEL_LAG: Record<Consistency, [number, number]> = { strong: [0, 0], "read-your-writes": [1, 3], eventual: [60, 60] };

export interface ConsistencyOverride {
  context: string;
  level: Consistency;
  lag: [number, number] | null;
  text: string;
}

export function consistencyOf(level: Consistency, domain: Domain | undefined, transactionWith: string[], sagas: string[], override?: ConsistencyOverride): ContextConsistency {
  if (override) return { level: override.level, lag: override.lag ?? LEVEL_LAG[override.level], why: { kind: "answer", text: override.text }, transactionWith, untilSagas: sagas };
  const lag = domain?.lag ?? LEVEL_LAG[level];
  const why: ContextConsistency["why"] = domain?.lag && domain.lagWhy ? { kind: "domain", domain: domain.name, ...domain.lagWhy } : { kind: "level" };
  return { level, lag, why, transactionWith, untilSagas: sagas };
}

const UNIT: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600 };

/** "inventory eventual 1-3s", "review: eventual 1h", "payment strong"; what does not read is returned apart. */
export function readOverrides(entries: string[]): { overrides: ConsistencyOverride[]; unread: string[] } {
  const overrides: ConsistencyOverride[] = [];
  const unread: string[] = [];
  for (const e of entries) {
    const m = /^\s*([\w.-]+)\s*[:=]?\s*(strong|eventual|read-your-writes)(?:\s+(\d+(?:\.\d+)?)(?:\s*[-–~]\s*(\d+(?:\.\d+)?))?\s*(s|sec|m|min|h))?\s*$/i.exec(e);
    if (!m) {
      unread.push(e);
      continue;
    }
    const unit = UNIT[(m[5] ?? "s").toLowerCase()];
    const lag: [number, number] | null = m[3] ? [Number(m[3]) * unit, Number(m[4] ?? m[3]) * unit] : null;
    overrides.push({ context: m[1], level: m[2].toLowerCase() as Consistency, lag, text: e.trim() });
  }
  return { overrides, unread };
}
