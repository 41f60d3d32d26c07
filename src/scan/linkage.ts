import type { Facts } from "./facts.js";
import type { Source } from "./sources/source.js";
import type { SourceStats } from "./sources/resolve.js";

/*
 * How much of the code's data access the scan saw: backend code units that read, write or use a table, of
 * all backend units with code (clients, tooling, libraries and migrations are not counted), and per ORM or
 * query-builder source the tables it declared and the query calls it saw and linked to a table. A plan drawn from a thin picture (an ORM found and nothing read from it, or
 * fewer than a fifth of the units touching a table) says so at its top.
 */

export interface SourceLinkage {
  id: string;
  title: string;
  tables: number;
  calls: number;
  linked: number;
}

/** Why a plan from this scan must not read as a plan from evidence. */
export type LinkageWarning =
  | { kind: "source-without-tables"; source: string }
  | { kind: "thin"; touching: number; units: number; percent: number };

export interface Linkage {
  units: number;
  unitsTouchingTables: number;
  /** unitsTouchingTables / units, 0 without units. */
  share: number;
  sources: SourceLinkage[];
  warnings: LinkageWarning[];
}

/** Below this share of units touching a table, contexts come mostly from imports. */
export const THIN_SHARE = 0.2;

const CODE: SourceLinkage = { id: "code", title: "calls through repositories, stores and services", tables: 0, calls: 0, linked: 0 };

export function measureLinkage(facts: Facts, sources: Source[], stats: Record<string, SourceStats>): Linkage {
  const unitOf = new Map(facts.files.map((f) => [f.path, f.unit]));
  const units = new Set(unitOf.values());
  const touching = new Set<string>();
  for (const a of facts.accesses) {
    const u = unitOf.get(a.file);
    if (u !== undefined) touching.add(u);
  }
  const list: SourceLinkage[] = sources.map((s) => ({ id: s.id, title: s.title, ...(stats[s.id] ?? { tables: 0, calls: 0, linked: 0 }) }));
  if (stats.code) list.push({ ...CODE, ...stats.code });
  const share = units.size ? touching.size / units.size : 0;
  const warnings: LinkageWarning[] = [];
  const quiet = new Set(["code", ...sources.filter((s) => s.migrationsOnly).map((s) => s.id)]);
  for (const s of list) if (!quiet.has(s.id) && s.tables === 0 && s.linked === 0) warnings.push({ kind: "source-without-tables", source: s.title });
  if (units.size > 0 && share < THIN_SHARE) warnings.push({ kind: "thin", touching: touching.size, units: units.size, percent: Math.round(share * 100) });
  return { units: units.size, unitsTouchingTables: touching.size, share: Math.round(share * 1000) / 1000, sources: list, warnings };
}
