import { HOLE } from "../code/static-string.js";
import type { StatementFacts } from "./statement-facts.js";

/*
 * SQL built in code with `${…}` holes (HOLE) where a value or a name goes. A hole that stands for a value
 * reads as the dialect's parameter; a hole that is a name, or part of one (`"${t}"`, `${schema}.users`,
 * `audit_${year}`), or stands where a table goes (`FROM ${t}`, `JOIN ${t}`, `INTO ${t}` …), is replaced by a
 * marker name. A table fact carrying a marker is not a table: it is reported as computed at run time.
 */

const MARKER = "strangler_dynamic_name_";
const TABLE_KEYWORDS = new Set(["from", "join", "into", "update", "table", "only", "using", "references", "truncate", "exists", "view"]);
/** An identifier chain: words, quoted parts, dots and holes. */
const CHAIN = /(?:[A-Za-z0-9_$\u0080-\uffff]|"[^"\n]*"|`[^`\n]*`|\.)+/gu;

export interface DynamicName {
  /** The name as written, holes included, e.g. `"${…}"`. */
  text: string;
  /** Lines from the statement's start to the name. */
  lineOffset: number;
}

export interface MarkedSql {
  sql: string;
  names: DynamicName[];
}

/** Replaces holes by parameters (values) or marker names (names and table positions). */
export function markHoles(text: string, param: string): MarkedSql {
  if (!text.includes(HOLE)) return { sql: text, names: [] };
  // Holes become a one-character stand-in so the chain pattern sees them as part of a name.
  const stand = "\u0001";
  const src = text.split(HOLE).join(stand);
  const names: DynamicName[] = [];
  let out = "";
  let last = 0;
  const chain = new RegExp(CHAIN.source.replace("A-Za-z0-9_$", `A-Za-z0-9_$${stand}`), "gu");
  // Where the previous name ended, and whether it stood where a table goes: the next one after a comma does too
  // (`TRUNCATE ${a}, ${b} RESTART IDENTITY`, `FROM orders, ${t}`).
  let prevEnd = -1;
  let prevTable = false;
  for (let m = chain.exec(src); m; m = chain.exec(src)) {
    const piece = m[0];
    const before = /([A-Za-z_]+)\s*$/.exec(src.slice(Math.max(0, m.index - 40), m.index).replace(/\(\s*$/, ""))?.[1]?.toLowerCase();
    const listed: boolean = prevTable && /^\s*,\s*$/.test(src.slice(prevEnd, m.index));
    const tablePlace: boolean = listed || (before !== undefined && TABLE_KEYWORDS.has(before));
    prevEnd = m.index + piece.length;
    prevTable = tablePlace && !TABLE_KEYWORDS.has(piece.toLowerCase());
    if (!piece.includes(stand)) continue;
    const lone = /^\u0001+$/.test(piece);
    out += src.slice(last, m.index);
    if (lone && !tablePlace) {
      out += piece.split(stand).join(param).replace(new RegExp(`\\${param}(?=\\${param})`, "g"), `${param} `);
    } else {
      out += `${MARKER}${names.length}`;
      names.push({ text: piece.split(stand).join(HOLE), lineOffset: countLines(src, m.index) });
    }
    last = m.index + piece.length;
  }
  out += src.slice(last);
  return { sql: out.split(stand).join(param), names };
}

function countLines(text: string, to: number): number {
  let n = 0;
  for (let i = 0; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The facts without marker names, and the markers that stood where a table goes. */
export function withoutDynamicTables(facts: StatementFacts, names: DynamicName[]): { facts: StatementFacts; dynamic: DynamicName[] } {
  if (!names.length) return { facts, dynamic: [] };
  const hit = new Set<number>();
  const keep = (...tables: string[]) => {
    let ok = true;
    for (const t of tables) {
      const m = new RegExp(`${MARKER}(\\d+)`).exec(t);
      if (m) {
        hit.add(Number(m[1]));
        ok = false;
      }
    }
    return ok;
  };
  const clean: StatementFacts = {
    ...facts,
    creates: facts.creates.filter((t) => keep(t)),
    temporaries: facts.temporaries.filter((t) => keep(t)),
    views: facts.views.filter((v) => keep(v.name)).map((v) => ({ ...v, reads: v.reads.filter((t) => keep(t)) })),
    foreignKeys: facts.foreignKeys.filter((f) => keep(f.from, f.to)),
    inherits: facts.inherits.filter((i) => keep(i.child, i.parent)),
    renames: facts.renames.filter((r) => keep(r.from, r.to)),
    drops: facts.drops.filter((t) => keep(t)),
    droppedConstraints: facts.droppedConstraints.filter((d) => keep(d.table)),
    renamedConstraints: facts.renamedConstraints.filter((d) => keep(d.table)),
    detaches: facts.detaches.filter((d) => keep(d.child, d.parent)),
    accesses: facts.accesses.filter((a) => keep(a.table)),
    joins: facts.joins.filter((j) => keep(...j)),
  };
  return { facts: clean, dynamic: [...hit].sort((a, b) => a - b).map((i) => names[i]) };
}
