import { normaliseTable, type Dialect } from "./dialect.js";
import { emptyFacts, pairs, type StatementFacts } from "./statement-facts.js";

interface Token {
  /** Lower-cased word, or the punctuation character. */
  v: string;
  /** Name as written (without quotes) for words and quoted identifiers. */
  raw: string;
  kind: "word" | "quoted" | "punct";
}

const NOT_A_NAME = new Set([
  "select", "where", "join", "left", "right", "inner", "outer", "full", "cross", "natural", "on", "using", "group",
  "order", "having", "limit", "offset", "union", "except", "intersect", "returning", "set", "values", "lateral",
  "only", "as", "into", "from", "window", "for", "when", "then", "else", "end", "and", "or", "not", "fetch",
]);
const FROM_FUNCTIONS = new Set(["extract", "substring", "trim", "overlay", "position"]);

/**
 * Keyword-driven extraction for statements the parser rejects (functions, COPY, dialect extras, ...):
 * CREATE/ALTER TABLE and REFERENCES give tables and foreign keys; FROM/JOIN/USING give reads;
 * INSERT/UPDATE/DELETE/MERGE/REPLACE/TRUNCATE give writes. Strings, comments and dollar-quoted bodies
 * are skipped. Never throws.
 */
export function factsFromTokens(sql: string, dialect: Dialect): StatementFacts {
  const tokens = tokenize(sql);
  const facts = emptyFacts();
  const ctes = new Set<string>();
  const joined = new Set<string>();
  const parens: string[] = [];
  let current: string | null = null; // table being created or altered
  let updateTarget: string | null = null;
  let sawFrom = false;

  const nameAt = (i: number): { name: string; next: number } | null => {
    let k = i;
    while (tokens[k] && (tokens[k].v === "only" || tokens[k].v === "lateral")) k++;
    const parts: string[] = [];
    while (tokens[k] && (tokens[k].kind === "word" || tokens[k].kind === "quoted")) {
      if (tokens[k].kind === "word" && NOT_A_NAME.has(tokens[k].v) && parts.length === 0) return null;
      parts.push(tokens[k].kind === "quoted" ? tokens[k].raw : tokens[k].raw.toLowerCase());
      if (tokens[k + 1]?.v === ".") k += 2;
      else {
        k++;
        break;
      }
    }
    if (!parts.length || parts.length > 3) return null;
    const bare = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[parts.length - 2] : null;
    return { name: normaliseTable(bare, schema, dialect), next: k };
  };
  const skipIfNotExists = (i: number) =>
    tokens[i]?.v === "if" && tokens[i + 1]?.v === "not" && tokens[i + 2]?.v === "exists" ? i + 3
      : tokens[i]?.v === "if" && tokens[i + 1]?.v === "exists" ? i + 2 : i;
  const access = (name: string, mode: "read" | "write") => {
    facts.accesses.push({ table: name, mode });
    if (mode === "read") joined.add(name);
  };

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
    if (t.kind !== "word") continue;

    // CTE: name [ (cols) ] AS ( SELECT|INSERT|... ; a name directly before AS (
    if (t.v === "as" && tokens[i + 1]?.v === "(" && ["select", "with", "insert", "update", "delete", "values"].includes(tokens[i + 2]?.v)) {
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

    if (t.v === "table" && (prev === "create" || prev === "temporary" || prev === "temp" || prev === "unlogged" || prev === "global" || prev === "local" || prev === "foreign")) {
      const n = nameAt(skipIfNotExists(i + 1));
      if (n) {
        facts.creates.push(n.name);
        current = n.name;
      }
      continue;
    }
    if (t.v === "table" && prev === "alter") {
      const n = nameAt(skipIfNotExists(i + 1));
      if (n) current = n.name;
      continue;
    }
    if (t.v === "references") {
      const n = nameAt(i + 1);
      if (n && current) facts.foreignKeys.push({ from: current, to: n.name });
      continue;
    }
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
        if (tokens[k]?.v === "(") break; // subquery: its own FROM is read later
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
      const n = nameAt(i + 1);
      if (n && tokens[n.next]?.v !== "(") access(n.name, "read");
      continue;
    }
    if (t.v === "into" && (prev === "insert" || prev === "replace" || prev === "merge" || prev === "ignore")) {
      const n = nameAt(i + 1);
      if (n) access(n.name, "write");
      continue;
    }
    if (t.v === "update" && !["on", "for", "do", "key", "no"].includes(prev ?? "")) {
      const n = nameAt(i + 1);
      if (n) {
        access(n.name, "write");
        updateTarget = n.name;
      }
      continue;
    }
    if (t.v === "truncate") {
      let k = i + 1;
      if (tokens[k]?.v === "table") k++;
      for (;;) {
        const n = nameAt(k);
        if (!n) break;
        access(n.name, "write");
        k = n.next;
        if (tokens[k]?.v !== ",") break;
        k++;
      }
    }
  }

  const isCte = (table: string) => ctes.has(table.slice(table.indexOf(".") + 1));
  facts.accesses = facts.accesses.filter((a) => !isCte(a.table));
  const joinSet = [...joined].filter((t) => !isCte(t));
  if (updateTarget && sawFrom && !isCte(updateTarget)) joinSet.push(updateTarget);
  facts.joins = pairs(joinSet);
  return facts;
}

/** Words, quoted identifiers and punctuation; strings, numbers, comments and placeholders are dropped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      const e = sql.indexOf("\n", i);
      i = e < 0 ? n : e;
    } else if (c === "/" && sql[i + 1] === "*") {
      const e = sql.indexOf("*/", i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === "'") {
      let k = i + 1;
      while (k < n && !(sql[k] === "'" && sql[k + 1] !== "'")) k += sql[k] === "'" ? 2 : sql[k] === "\\" ? 2 : 1;
      i = k + 1;
    } else if (c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      const e = sql.indexOf(close, i + 1);
      const end = e < 0 ? n : e;
      out.push({ v: sql.slice(i + 1, end).toLowerCase(), raw: sql.slice(i + 1, end), kind: "quoted" });
      i = end + 1;
    } else if (c === "$") {
      const m = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const e = sql.indexOf(m[0], i + m[0].length);
        i = e < 0 ? n : e + m[0].length;
      } else if (sql[i + 1] === "{") {
        const e = sql.indexOf("}", i);
        i = e < 0 ? n : e + 1;
      } else {
        i++;
        while (i < n && /\w/.test(sql[i])) i++;
      }
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let k = i + 1;
      while (k < n && /[\w$\u0080-\uffff]/.test(sql[k])) k++;
      const raw = sql.slice(i, k);
      out.push({ v: raw.toLowerCase(), raw, kind: "word" });
      i = k;
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[\w.]/.test(sql[i])) i++;
    } else if (c === ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "") && sql[i - 1] !== ":") {
      i++;
      while (i < n && /\w/.test(sql[i])) i++;
    } else {
      out.push({ v: c, raw: c, kind: "punct" });
      i++;
    }
  }
  return out;
}
