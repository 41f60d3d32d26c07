import type { Facts } from "../../scan/facts.js";
import { shortTable } from "../../scan/sql/dialect.js";

/**
 * The columns a saga's compensation needs to know of: which tables have a status (or state) column, the
 * states the code and the schema give it, and which foreign keys cascade (a child row that lives and dies
 * with its parent). Read from the declarations the scan located (`CREATE TABLE` in SQL, an entity class, a
 * Prisma model) and from the SQL the code sends; nothing is guessed from names alone.
 */
export interface TableShape {
  /** The status-like column (`status`, `state`), or null. */
  statusColumn: string | null;
  /** Values that column takes in the schema (DEFAULT, CHECK … IN) and in the code's SQL, sorted. */
  states: string[];
  /** Its DEFAULT, the state a new row starts in. */
  initialState: string | null;
}

export interface SchemaShapes {
  tables: Map<string, TableShape>;
  /** `child→parent` keys (short names) of foreign keys declared `ON DELETE CASCADE`. */
  cascades: Set<string>;
}

const STATUS_COLUMNS = ["status", "state"];
/** The column as declared, and what follows it up to the next comma, line end or semicolon. */
const COLUMN_DECLARED = new Map(STATUS_COLUMNS.map((col) => [col, new RegExp(`(?:^|[\\s,({;])["\`]?${col}(?![\\w])["\`]?\\s*[:?!]?\\s*([^,\\n;]*)`, "i")]));
const COLUMN_CHECK = new Map(STATUS_COLUMNS.map((col) => [col, new RegExp(`${col}\\s+in\\s*\\(([^)]*)\\)`, "i")]));

export function readSchemaShapes(facts: Facts, read: (file: string) => string | null): SchemaShapes {
  const tables = new Map<string, TableShape>();
  const texts = new Map<string, string | null>();
  const textOf = (f: string) => {
    if (!texts.has(f)) texts.set(f, read(f));
    return texts.get(f)!;
  };
  // A file's lines, split once (an entity file declares a table and many foreign keys).
  const lineLists = new Map<string, string[]>();
  const linesOf = (f: string, text: string) => {
    let lines = lineLists.get(f);
    if (!lines) lineLists.set(f, (lines = text.split("\n")));
    return lines;
  };
  for (const t of facts.tables) {
    const text = textOf(t.file);
    if (text === null) continue;
    const short = shortTable(t.name);
    const body = declarationBody(text, linesOf(t.file, text), t.line, t.file);
    const shape: TableShape = tables.get(short) ?? { statusColumn: null, states: [], initialState: null };
    if (body !== null) {
      for (const col of STATUS_COLUMNS) {
        const m = COLUMN_DECLARED.get(col)!.exec(body);
        if (!m || shape.statusColumn) continue;
        shape.statusColumn = col;
        const def = /default\s*(?:\(\s*)?['"]([\w-]+)['"]/i.exec(m[1]);
        if (def) shape.initialState = def[1];
        const check = COLUMN_CHECK.get(col)!.exec(body);
        if (check) for (const v of check[1].matchAll(/'([\w-]+)'/g)) shape.states.push(v[1]);
      }
    }
    tables.set(short, shape);
  }
  // ALTER TABLE … ADD [COLUMN] status … in SQL files.
  for (const f of facts.sqlFiles) {
    const text = textOf(f);
    if (!text) continue;
    for (const m of text.matchAll(/alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?([\w."`]+)\s+add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?["`]?(status|state)["`]?\b([^;,]*)/gi)) {
      const short = shortTable(m[1].replace(/["`]/g, "").toLowerCase());
      const shape = tables.get(short);
      if (!shape || shape.statusColumn) continue;
      shape.statusColumn = m[2].toLowerCase();
      const def = /default\s*'([\w-]+)'/i.exec(m[3]);
      if (def) shape.initialState = def[1];
    }
  }
  // The SQL sites naming each table with a status column, in site order: a site that does not name a table
  // has no state of it. A table is named as a whole word (a FROM, JOIN, UPDATE or INTO's \w+ name), so a
  // site with no such word for any of them is skipped before its clauses are read.
  let sitesNaming: Map<string, string[]> | null = null;
  const sitesOf = (table: string) => {
    if (!sitesNaming) {
      sitesNaming = new Map();
      const names = [...tables].filter(([name, shape]) => shape.statusColumn && /^\w+$/.test(name)).map(([name]) => name);
      const naming = names.length ? new RegExp(`\\b(?:${names.join("|")})\\b`, "i") : null;
      for (const s of facts.sqlSites) {
        if (!naming || !naming.test(s.text)) continue;
        for (const t of tablesIn(s.text)) {
          const list = sitesNaming.get(t);
          if (list) list.push(s.text);
          else sitesNaming.set(t, [s.text]);
        }
      }
    }
    return sitesNaming.get(table) ?? [];
  };
  for (const [name, shape] of tables) {
    if (!shape.statusColumn) continue;
    for (const text of sitesOf(name)) for (const v of statesIn(text, name, shape.statusColumn)) shape.states.push(v);
    if (shape.initialState) shape.states.push(shape.initialState);
    shape.states = [...new Set(shape.states)].sort();
  }

  const cascades = new Set<string>();
  for (const fk of facts.foreignKeys) {
    const text = textOf(fk.file);
    if (!text) continue;
    const lines = linesOf(fk.file, text);
    const near = lines.slice(fk.line - 1, fk.line + 1).join(" ");
    if (/on\s+delete\s+cascade/i.test(near) || /onDelete\s*:\s*["'](cascade|CASCADE)["']/.test(near)) cascades.add(`${shortTable(fk.from)}→${shortTable(fk.to)}`);
  }
  return { tables, cascades };
}

/** The declaration starting at `line`: a CREATE TABLE's parenthesised body, an entity class or Prisma model body. */
function declarationBody(text: string, lines: string[], line: number, file: string): string | null {
  const from = lineStart(lines, line);
  const rest = text.slice(from);
  if (/\.sql$/i.test(file)) {
    const m = /create\s+(?:unlogged\s+|temporary\s+|temp\s+)?table[^(]*\(/i.exec(rest);
    if (!m || m.index > 400) return null;
    return balanced(rest, m.index + m[0].length - 1, "(", ")");
  }
  const open = rest.indexOf("{");
  if (open < 0 || open > 2000) return null;
  return balanced(rest, open, "{", "}");
}

/** Offset in the text of the start of 1-based `line` (past the end: the text's length + 1); `lines` is the text split at "\n". */
export function lineStart(lines: string[], line: number): number {
  const before = lines.slice(0, line - 1);
  let n = before.length > 0 ? before.length - 1 : 0;
  for (const l of before) n += l.length;
  return n + (line > 1 ? 1 : 0);
}

function balanced(s: string, open: number, o: string, c: string): string | null {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return s.slice(open + 1, i);
  }
  return null;
}

/** Literal states a statement compares or sets the table's status column to (`o.status <> 'cancelled'`, `SET status = 'paid'`). */
export function statesIn(sql: string, table: string, column: string): string[] {
  const aliases = aliasesOf(sql, table);
  if (aliases.size === 0) return [];
  const single = tablesIn(sql).size === 1;
  const out: string[] = [];
  const re = new RegExp(`(?:(\\w+)\\.)?"?${column}"?\\s*(?:=|<>|!=)\\s*'([\\w-]+)'|(?:(\\w+)\\.)?"?${column}"?\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)`, "gi");
  for (const m of sql.matchAll(re)) {
    const alias = (m[1] ?? m[3])?.toLowerCase();
    if (alias ? !aliases.has(alias) : !single) continue;
    if (m[2]) out.push(m[2]);
    if (m[4]) for (const v of m[4].matchAll(/'([\w-]+)'/g)) out.push(v[1]);
  }
  return out;
}

const TABLE_REF = /\b(?:from|join|update|into)\s+(?:only\s+)?(?:["`]?\w+["`]?\.)?["`]?(\w+)["`]?(?:\s+(?:as\s+)?(\w+))?/gi;
const NOT_ALIAS = new Set(["set", "where", "on", "using", "values", "select", "join", "left", "right", "inner", "outer", "full", "cross", "group", "order", "limit", "returning", "for", "natural", "default"]);

function aliasesOf(sql: string, table: string): Set<string> {
  const out = new Set<string>();
  for (const m of sql.matchAll(TABLE_REF)) {
    if (m[1].toLowerCase() !== table) continue;
    out.add(table);
    if (m[2] && !NOT_ALIAS.has(m[2].toLowerCase())) out.add(m[2].toLowerCase());
  }
  return out;
}

function tablesIn(sql: string): Set<string> {
  return new Set([...sql.matchAll(TABLE_REF)].map((m) => m[1].toLowerCase()));
}
