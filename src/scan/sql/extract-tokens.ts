import { normaliseTable, type Dialect } from "./dialect.js";
import { emptyFacts, pairs, type StatementFacts } from "./statement-facts.js";
import { tokenize, type Token } from "./tokens.js";
import { readAlterTable } from "./alter-table.js";

export { tokenize };

const NOT_A_NAME = new Set([
  "select", "where", "join", "left", "right", "inner", "outer", "full", "cross", "natural", "on", "using", "group",
  "order", "having", "limit", "offset", "union", "except", "intersect", "returning", "set", "values", "lateral",
  "only", "as", "into", "from", "window", "for", "when", "then", "else", "end", "and", "or", "not", "fetch",
  "if", "exists", "cascade", "restrict", "to", "stdin", "stdout", "with",
]);
const FROM_FUNCTIONS = new Set(["extract", "substring", "trim", "overlay", "position"]);
const TABLE_MODIFIERS = new Set(["create", "or", "replace", "temporary", "temp", "unlogged", "global", "local", "foreign"]);
/** Words before VIEW that make CREATE … VIEW something else (or show the view's body has begun). */
const NOT_A_VIEW_HEAD = new Set(["as", "trigger", "function", "procedure", "index", "table", "event"]);

/** CREATE [OR REPLACE] [ALGORITHM=…] [DEFINER=…] [SQL SECURITY …] [MATERIALIZED] VIEW: the head of a view. */
function isViewHead(tokens: Token[], i: number): boolean {
  for (let k = 1; k < i; k++) if (NOT_A_VIEW_HEAD.has(tokens[k].v)) return false;
  return true;
}
/** `AS [NOT] [MATERIALIZED] ( [(…] SELECT|WITH|INSERT|UPDATE|DELETE|VALUES`: the index of the body's `(`, or -1. */
function cteBody(tokens: Token[], i: number): number {
  if (tokens[i].v !== "as") return -1;
  let k = i + 1;
  if (tokens[k]?.v === "not") k++;
  if (tokens[k]?.v === "materialized") k++;
  else if (k > i + 1) return -1;
  if (tokens[k]?.v !== "(") return -1;
  let body = k;
  while (tokens[body]?.v === "(") body++; // AS ((SELECT …) UNION (SELECT …))
  return ["select", "with", "insert", "update", "delete", "values"].includes(tokens[body]?.v) ? k : -1;
}

/** Statements whose FROM/ON/USING words are not table accesses (ALTER TABLE has its own reader). */
const NO_DML = new Set(["grant", "revoke", "comment", "security", "alter", "drop", "rename"]);

/**
 * Keyword-driven reading of one statement, used for all DDL and for DML the parser rejects:
 * CREATE TABLE (PARTITION OF, INHERITS, LIKE), CREATE VIEW and the tables it reads, ALTER TABLE (ADD
 * CONSTRAINT … FOREIGN KEY, RENAME TO, DROP CONSTRAINT, ATTACH PARTITION), RENAME TABLE, DROP TABLE/VIEW,
 * REFERENCES; FROM/JOIN/USING reads; INSERT/UPDATE/DELETE/MERGE/REPLACE/TRUNCATE/COPY writes. Strings,
 * comments and dollar-quoted bodies are skipped. Never throws.
 */
export function factsFromTokens(sql: string, dialect: Dialect): StatementFacts {
  const tokens = tokenize(sql);
  const alter = readAlterTable(tokens, dialect);
  if (alter) return alter;
  const facts = emptyFacts();
  const ctes = new Set<string>();
  const joined = new Set<string>();
  const parens: string[] = [];
  let current: string | null = null; // table being created or altered
  let view: string | null = null;
  let target: string | null = null; // UPDATE / MERGE target, joined with what it reads
  let sawFrom = false;
  let constraint: { name: string; depth: number } | null = null;
  const first = tokens[0]?.v ?? "";

  const nameAt = (i: number): { name: string; schema: string | null; next: number } | null => {
    let k = i;
    while (tokens[k] && (tokens[k].v === "only" || tokens[k].v === "lateral")) k++;
    const parts: string[] = [];
    while (tokens[k] && (tokens[k].kind === "word" || tokens[k].kind === "quoted")) {
      if (tokens[k].kind === "word" && NOT_A_NAME.has(tokens[k].v) && parts.length === 0) return null;
      parts.push(tokens[k].raw);
      if (tokens[k + 1]?.v === ".") k += 2;
      else {
        k++;
        break;
      }
    }
    if (!parts.length || parts.length > 3 || parts.some((p) => p.trim() === "")) return null;
    const schema = parts.length > 1 ? parts[parts.length - 2] : null;
    return { name: normaliseTable(parts[parts.length - 1], schema, dialect), schema, next: k };
  };
  const skipIfExists = (i: number) =>
    tokens[i]?.v === "if" && tokens[i + 1]?.v === "not" && tokens[i + 2]?.v === "exists" ? i + 3
      : tokens[i]?.v === "if" && tokens[i + 1]?.v === "exists" ? i + 2 : i;
  /** Names separated by commas from i: `a, b, c`. */
  const nameList = (i: number): string[] => {
    const out: string[] = [];
    let k = i;
    for (;;) {
      const n = nameAt(k);
      if (!n) break;
      out.push(n.name);
      k = n.next;
      if (tokens[k]?.v !== ",") break;
      k++;
    }
    return out;
  };
  const precededOnlyBy = (i: number, allowed: Set<string>) => {
    for (let k = i - 1; k >= 0; k--) if (!allowed.has(tokens[k].v)) return false;
    return i > 0;
  };
  const access = (name: string, mode: "read" | "write") => {
    facts.accesses.push({ table: name, mode });
    if (mode === "read") joined.add(name);
  };

  if (first === "copy") {
    const n = nameAt(1);
    if (n) access(n.name, tokens.some((t) => t.v === "from") ? "write" : "read");
    return facts;
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1]?.v;
    if (t.v === "(") {
      parens.push(prev ?? "");
      continue;
    }
    if (t.v === ")") {
      parens.pop();
      continue;
    }
    if (t.v === "," && constraint && parens.length <= constraint.depth) constraint = null;
    if (t.kind !== "word") continue;

    // CTE: name [ (cols) ] AS ( SELECT|INSERT|... ; a name directly before AS (
    const body = cteBody(tokens, i);
    if (body >= 0) {
      let k = i - 1;
      if (tokens[k]?.v === ")") {
        while (k > 0 && tokens[k].v !== "(") k--;
        k--;
      }
      if (tokens[k] && (tokens[k].kind === "word" || tokens[k].kind === "quoted")) {
        const before = tokens[k - 1]?.v;
        if (before === "with" || before === "," || before === "recursive") ctes.add(tokens[k].raw.toLowerCase());
      }
      continue;
    }

    // ── DDL ──
    if (t.v === "table" && first === "create" && precededOnlyBy(i, TABLE_MODIFIERS)) {
      const n = nameAt(skipIfExists(i + 1));
      if (n) {
        const temporary = tokens.slice(1, i).some((w) => w.v === "temporary" || w.v === "temp");
        (temporary ? facts.temporaries : facts.creates).push(n.name);
        current = n.name;
      }
      continue;
    }
    if (t.v === "view" && first === "create" && view === null && isViewHead(tokens, i)) {
      const n = nameAt(skipIfExists(i + 1));
      if (n) view = n.name;
      continue;
    }
    if (t.v === "table" && prev === "alter" && i === 1) {
      const n = nameAt(skipIfExists(i + 1));
      if (n) current = n.name;
      continue;
    }
    if (t.v === "partition" && tokens[i + 1]?.v === "of" && current) {
      const n = nameAt(i + 2);
      if (n) facts.inherits.push({ child: current, parent: n.name });
      continue;
    }
    if (t.v === "inherits" && tokens[i + 1]?.v === "(" && current) {
      for (const parent of nameList(i + 2)) facts.inherits.push({ child: current, parent });
      continue;
    }
    if (t.v === "attach" && tokens[i + 1]?.v === "partition" && current && first === "alter") {
      const n = nameAt(i + 2);
      if (n) facts.inherits.push({ child: n.name, parent: current });
      continue;
    }
    if (t.v === "rename" && first === "alter" && current && tokens[i + 1]?.v === "to") {
      const n = nameAt(i + 2);
      if (n) {
        const schema = current.slice(0, current.indexOf("."));
        facts.renames.push({ from: current, to: n.schema ? n.name : `${schema}.${n.name.slice(n.name.indexOf(".") + 1)}` });
      }
      continue;
    }
    if (t.v === "table" && prev === "rename" && i === 1) {
      let k = i + 1;
      for (;;) {
        const a = nameAt(k);
        if (!a || tokens[a.next]?.v !== "to") break;
        const b = nameAt(a.next + 1);
        if (!b) break;
        facts.renames.push({ from: a.name, to: b.name });
        k = b.next;
        if (tokens[k]?.v !== ",") break;
        k++;
      }
      continue;
    }
    if (first === "drop" && i <= 2 && (t.v === "table" || t.v === "view") && (prev === "drop" || prev === "materialized")) {
      facts.drops.push(...nameList(skipIfExists(i + 1)));
      continue;
    }
    if (t.v === "constraint") {
      const k = skipIfExists(i + 1);
      const name = tokens[k];
      if (name && (name.kind === "word" || name.kind === "quoted")) {
        if (prev === "drop" && current) facts.droppedConstraints.push({ table: current, constraint: name.raw.toLowerCase() });
        else constraint = { name: name.raw.toLowerCase(), depth: parens.length };
      }
      continue;
    }
    if (t.v === "references") {
      const n = nameAt(i + 1);
      if (n && current) facts.foreignKeys.push({ from: current, to: n.name, ...(constraint ? { constraint: constraint.name } : {}) });
      constraint = null;
      continue;
    }

    // ── DML ──
    if (NO_DML.has(first)) continue;
    if (t.v === "from") {
      const fn = parens[parens.length - 1];
      if (prev === "distinct" || (fn && FROM_FUNCTIONS.has(fn))) continue;
      if (prev === "delete") {
        const n = nameAt(i + 1);
        if (n) access(n.name, "write");
        continue;
      }
      sawFrom = true;
      let k = i + 1;
      for (;;) {
        while (tokens[k]?.v === "(") k++; // FROM ((a JOIN b …) JOIN c …): parenthesised joins
        if (["select", "with", "values"].includes(tokens[k]?.v)) break; // subquery: its own FROM is read later
        const n = nameAt(k);
        if (!n) break;
        if (tokens[n.next]?.v === "(") break; // a function call, not a table
        access(n.name, "read");
        k = n.next;
        if (tokens[k]?.v === "as") k++;
        if (tokens[k]?.kind === "word" && !NOT_A_NAME.has(tokens[k].v)) k++;
        if (tokens[k]?.v !== ",") break;
        k++;
      }
      continue;
    }
    if (t.v === "join" || (t.v === "using" && tokens[i + 1]?.v !== "(")) {
      if (t.v === "using") sawFrom = true;
      let k = i + 1;
      while (tokens[k]?.v === "(") k++;
      const n = nameAt(k);
      if (n && tokens[n.next]?.v !== "(") access(n.name, "read");
      continue;
    }
    if (t.v === "into" && ["insert", "replace", "merge", "ignore", "upsert"].includes(prev ?? "")) {
      const n = nameAt(i + 1);
      if (n) {
        access(n.name, "write");
        if (prev === "merge") target = n.name;
      }
      continue;
    }
    if (t.v === "update" && !["on", "for", "do", "key", "no", "before", "after", "or", ","].includes(prev ?? "")) {
      const n = nameAt(i + 1);
      if (n) {
        access(n.name, "write");
        target = n.name;
      }
      continue;
    }
    if (t.v === "truncate") {
      const k = tokens[i + 1]?.v === "table" ? i + 2 : i + 1;
      // `TRUNCATE RESTART IDENTITY` (a name built at run time, left empty): RESTART is no table.
      const option = (v: string | undefined, next: string | undefined) => (v === "restart" || v === "continue") && next === "identity";
      if (!option(tokens[k]?.v, tokens[k + 1]?.v)) for (const name of nameList(k)) access(name, "write");
    }
  }

  const isCte = (table: string) => ctes.has(table.slice(table.indexOf(".") + 1));
  facts.accesses = facts.accesses.filter((a) => !isCte(a.table));
  if (view) {
    // A view's reads are its definition, not an access: they become the view's edges.
    facts.views.push({ name: view, reads: [...new Set(facts.accesses.filter((a) => a.mode === "read" && a.table !== view).map((a) => a.table))].sort() });
    facts.accesses = [];
    return facts;
  }
  const joinSet = [...joined].filter((t) => !isCte(t));
  if (target && sawFrom && !isCte(target)) joinSet.push(target);
  facts.joins = pairs(joinSet);
  return facts;
}
