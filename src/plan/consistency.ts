import type { Consistency, Domain } from "../rules/domains.js";

/**
 * What consistency a context gets and the replication lag it may allow, from the domain table
 * (rules/domains.yaml `lag`, `lagWhy`) and the code: a context that writes in one transaction with another
 * keeps 0 s until the saga replacing that transaction is in place.
 */
export interface ContextConsistency {
  level: Consistency;
  /** Allowed lag once extracted, seconds [min, max]. */
  lag: [number, number];
  /** Why that lag: the domain's reason, or the default for the level when the context has no domain. */
  why: { kind: "domain"; domain: string; en: string; ko: string } | { kind: "level" };
  /** The code holds it to 0 s today: it writes in one transaction with these contexts … */
  transactionWith: string[];
  /** … until these sagas replace those transactions. */
  untilSagas: string[];
}

const LEVEL_LAG: Record<Consistency, [number, number]> = { strong: [0, 0], "read-your-writes": [1, 3], eventual: [60, 60] };

export function consistencyOf(level: Consistency, domain: Domain | undefined, transactionWith: string[], sagas: string[]): ContextConsistency {
  const lag = domain?.lag ?? LEVEL_LAG[level];
  const why: ContextConsistency["why"] = domain?.lag && domain.lagWhy ? { kind: "domain", domain: domain.name, ...domain.lagWhy } : { kind: "level" };
  return { level, lag, why, transactionWith, untilSagas: sagas };
}
