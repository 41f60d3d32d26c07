import type { AccessMode } from "../facts.js";

/** What one statement says about tables; names are normalised `schema.name`. */
export interface StatementFacts {
  creates: string[];
  foreignKeys: Array<{ from: string; to: string }>;
  accesses: Array<{ table: string; mode: AccessMode }>;
  /** Sorted distinct pairs. */
  joins: Array<[string, string]>;
}

export function emptyFacts(): StatementFacts {
  return { creates: [], foreignKeys: [], accesses: [], joins: [] };
}

export function isEmpty(f: StatementFacts): boolean {
  return !f.creates.length && !f.foreignKeys.length && !f.accesses.length && !f.joins.length;
}

/** All distinct unordered pairs of a set of tables, sorted. */
export function pairs(tables: Iterable<string>): Array<[string, string]> {
  const list = [...new Set(tables)].sort();
  const out: Array<[string, string]> = [];
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push([list[i], list[j]]);
  return out;
}

/** Removes duplicate accesses (a write wins over nothing; read and write of one table are both kept). */
export function dedupe(f: StatementFacts): StatementFacts {
  const seen = new Set<string>();
  const uniq = <T>(xs: T[], key: (x: T) => string) =>
    xs.filter((x) => {
      const k = key(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return {
    creates: uniq(f.creates, (c) => `c:${c}`),
    foreignKeys: uniq(f.foreignKeys, (k) => `f:${k.from}>${k.to}`),
    accesses: uniq(f.accesses, (a) => `a:${a.mode}:${a.table}`),
    joins: uniq(f.joins, (j) => `j:${j[0]}|${j[1]}`),
  };
}
