import { skipNonCode } from "./tokens.js";

/*
 * A quoted identifier holds its own quote doubled: `"m""x"` is the name m"x (`a``b` in MySQL, [a]]b] in
 * SQLite). node-sql-parser reads `"m""x"` as the table m with the alias x, so before any reader sees the
 * statement each doubled quote inside a quoted name is written as one private-use character, read through
 * as part of the name, and turned back into its quote in the facts (restoreQuotes).
 */

/** Stand-ins, one per quote character: private-use code points no SQL text means anything by. */
const STAND_IN: Record<string, string> = { '"': "\ue000", "`": "\ue001", "]": "\ue002" };
const BACK = new Map(Object.entries(STAND_IN).map(([q, s]) => [s, q]));
const STAND_INS = /[\ue000-\ue002]/g;
const HAS_STAND_IN = /[\ue000-\ue002]/;

/**
 * The statement with every doubled quote inside a quoted name replaced by its stand-in; strings, dollar
 * quotes and comments are passed over as they are. `changed`: whether any was replaced.
 */
export function standInDoubledQuotes(sql: string): { sql: string; changed: boolean } {
  // Nothing to do for the common statement: no quote written twice in a row.
  if (!sql.includes('""') && !sql.includes("``") && !sql.includes("]]")) return { sql, changed: false };
  let out = "";
  let from = 0;
  let changed = false;
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    const skipped = skipNonCode(sql, i);
    if (skipped >= 0) {
      i = skipped;
    } else if (c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let k = i + 1;
      for (;;) {
        const e = sql.indexOf(close, k);
        if (e < 0) return { sql: changed ? out + sql.slice(from) : sql, changed };
        if (sql[e + 1] === close) {
          out += sql.slice(from, e) + STAND_IN[close];
          from = e + 2;
          k = e + 2;
          changed = true;
          continue;
        }
        i = e + 1;
        break;
      }
    } else i++;
  }
  return { sql: changed ? out + sql.slice(from) : sql, changed };
}

/** Every stand-in in `value` (facts: names in strings, arrays and objects) turned back into its quote. */
export function restoreQuotes<T>(value: T): T {
  if (typeof value === "string") return (HAS_STAND_IN.test(value) ? value.replace(STAND_INS, (s) => BACK.get(s)!) : value) as T;
  if (Array.isArray(value)) return value.map(restoreQuotes) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreQuotes(v)])) as T;
  return value;
}
