import type { AccessMode } from "../facts.js";
import { uniqueBy } from "../../util/unique.js";

/** What one statement says about tables; names are normalised `schema.name`. */
export interface StatementFacts {
  /** CREATE TABLE (also CREATE TABLE … AS, PARTITION OF, INHERITS, LIKE). */
  creates: string[];
  /** CREATE TEMP[ORARY] TABLE: a table of one session, never part of the schema; its name shadows a table's there. */
  temporaries: string[];
  /** CREATE [MATERIALIZED] VIEW, with the tables it reads. */
  views: Array<{ name: string; reads: string[] }>;
  foreignKeys: Array<{ from: string; to: string; constraint?: string }>;
  /** PARTITION OF / INHERITS: child table → parent table. */
  inherits: Array<{ child: string; parent: string }>;
  /** ALTER TABLE … RENAME TO, RENAME TABLE a TO b. */
  renames: Array<{ from: string; to: string }>;
  /** DROP TABLE / DROP VIEW. */
  drops: string[];
  /** ALTER TABLE t DROP CONSTRAINT name (MySQL: DROP FOREIGN KEY name). */
  droppedConstraints: Array<{ table: string; constraint: string }>;
  /** ALTER TABLE t RENAME CONSTRAINT a TO b. */
  renamedConstraints: Array<{ table: string; from: string; to: string }>;
  /** DETACH PARTITION, NO INHERIT: child no longer under parent. */
  detaches: Array<{ child: string; parent: string }>;
  /** DDL understood that changes no relationship (a column, an index, an option): why, for the diagnostic. */
  understood: string[];
  accesses: Array<{ table: string; mode: AccessMode }>;
  /** Sorted distinct pairs. */
  joins: Array<[string, string]>;
}

export function emptyFacts(): StatementFacts {
  return { creates: [], temporaries: [], views: [], foreignKeys: [], inherits: [], renames: [], drops: [], droppedConstraints: [], renamedConstraints: [], detaches: [], understood: [], accesses: [], joins: [] };
}

/** True when the statement says nothing about tables (`understood` only explains why). */
export function isEmpty(f: StatementFacts): boolean {
  return Object.entries(f).every(([key, list]) => key === "understood" || list.length === 0);
}

/** All distinct unordered pairs of a set of tables, sorted. */
export function pairs(tables: Iterable<string>): Array<[string, string]> {
  const list = [...new Set(tables)].sort();
  const out: Array<[string, string]> = [];
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push([list[i], list[j]]);
  return out;
}

/** Removes repeated facts (a read and a write of one table are both kept). */
export function dedupe(f: StatementFacts): StatementFacts {
  return {
    creates: uniqueBy(f.creates, (c) => c),
    temporaries: uniqueBy(f.temporaries, (c) => c),
    views: uniqueBy(f.views, (v) => v.name),
    foreignKeys: uniqueBy(f.foreignKeys, (k) => `${k.from}>${k.to}>${k.constraint ?? ""}`),
    inherits: uniqueBy(f.inherits, (i) => `${i.child}>${i.parent}`),
    renames: uniqueBy(f.renames, (r) => `${r.from}>${r.to}`),
    drops: uniqueBy(f.drops, (d) => d),
    droppedConstraints: uniqueBy(f.droppedConstraints, (d) => `${d.table}>${d.constraint}`),
    renamedConstraints: f.renamedConstraints,
    detaches: uniqueBy(f.detaches, (d) => `${d.child}>${d.parent}`),
    understood: uniqueBy(f.understood, (u) => u),
    accesses: uniqueBy(f.accesses, (a) => `${a.mode}:${a.table}`),
    joins: uniqueBy(f.joins, (j) => `${j[0]}|${j[1]}`),
  };
}
