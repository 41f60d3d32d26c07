import fs from "node:fs";
import { bareName } from "../util/table-name.js";
import path from "node:path";
import type { TableFact } from "./facts.js";
import { compareStrings } from "../util/sort.js";

/*
 * The columns a table declares, read where the table is declared: the parenthesised body of a CREATE
 * TABLE, or the braces of an entity class, a Prisma model, a Sequelize/Drizzle definition or a Knex
 * createTable callback starting at the declaration's line. What they hold (money, secrets, stock) is
 * evidence of how critical a context is (src/score/criticality.ts). Names only, each with its line; no type
 * is interpreted. Files over 4 MiB (dumps) are not re-read: their tables' columns stay unknown.
 */

export interface ColumnFact {
  name: string;
  file: string;
  line: number;
}

const MAX_FILE = 4 * 1024 * 1024;
const MAX_BLOCK_LINES = 400;
const SQL_NOT_COLUMN = /^(constraint|primary|foreign|unique|check|index|key|exclude|like|period|fulltext|spatial)$/i;
const CODE_NOT_COLUMN = new Set(["constructor", "static", "public", "private", "protected", "readonly", "get", "set", "async", "return", "const", "let", "var", "if", "for", "type", "default", "id", "tableName", "modelName", "timestamps", "underscored", "sequelize", "schema", "indexes", "relations", "references", "onDelete", "onUpdate", "model", "key", "as", "through", "foreignKey", "sourceKey", "targetKey"]);

/** Table name → its declared columns (sorted by name, each once at its first declaration). */
export function readColumns(root: string, tables: readonly TableFact[]): Record<string, ColumnFact[]> {
  const texts = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (texts.has(file)) return texts.get(file)!;
    let lines: string[] | null = null;
    try {
      const abs = path.join(root, file);
      const st = fs.lstatSync(abs);
      if (st.isFile() && st.size <= MAX_FILE) lines = fs.readFileSync(abs, "utf8").split(/\r?\n/);
    } catch {
      lines = null;
    }
    texts.set(file, lines);
    return lines;
  };
  const out: Record<string, ColumnFact[]> = Object.create(null);
  for (const t of tables) {
    if (!t.file || !t.line) continue;
    const lines = linesOf(t.file);
    if (!lines) continue;
    const found = columnsAt(lines, t.line, t.file, bareName(t.name));
    if (!found.length) continue;
    const list = out[t.name] ?? [];
    for (const c of found) if (!list.some((x) => x.name.toLowerCase() === c.name.toLowerCase())) list.push(c);
    out[t.name] = list;
  }
  for (const k of Object.keys(out)) out[k].sort((a, b) => compareStrings(a.name, b.name));
  return out;
}

/** Columns of the block that opens at (or just after) `line`: `( … )` for SQL, `{ … }` for code. */
export function columnsAt(lines: readonly string[], line: number, file: string, table: string): ColumnFact[] {
  const isSql = /\.sql$/i.test(file) || /create\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table/i.test(lines[line - 1] ?? "");
  const open = isSql ? "(" : "{";
  const close = isSql ? ")" : "}";
  // Find the opening bracket within the next few lines, then read to its match.
  let depth = 0;
  let started = false;
  const body: Array<{ text: string; line: number }> = [];
  for (let i = line - 1; i < Math.min(lines.length, line - 1 + MAX_BLOCK_LINES); i++) {
    const text = lines[i];
    let seg = "";
    for (const ch of text) {
      if (ch === open) {
        depth++;
        if (!started) {
          started = true;
          continue;
        }
      } else if (ch === close && started) {
        depth--;
        if (depth === 0) {
          body.push({ text: seg, line: i + 1 });
          return pick(body, isSql, file, table);
        }
      }
      if (started) seg += ch;
    }
    if (started) body.push({ text: seg, line: i + 1 });
    else if (i > line + 3) return [];
  }
  return started ? pick(body, isSql, file, table) : [];
}

function pick(body: Array<{ text: string; line: number }>, isSql: boolean, file: string, table: string): ColumnFact[] {
  const out: ColumnFact[] = [];
  // Names as written: `secretHash` keeps the case that splits it into words.
  const add = (name: string, line: number) => {
    const n = name.toLowerCase();
    if (n && n !== table.toLowerCase() && !out.some((c) => c.name.toLowerCase() === n)) out.push({ name, file, line });
  };
  for (const { text, line } of body) {
    if (isSql) {
      // Each item of the list starts a line or follows a comma: its first identifier, unless a constraint.
      for (const item of text.split(",")) {
        const m = /^\s*[`"[]?([A-Za-z_][A-Za-z0-9_]*)[`"\]]?\s+[A-Za-z]/.exec(item);
        if (m && !SQL_NOT_COLUMN.test(m[1])) add(m[1], line);
      }
      continue;
    }
    // A property or key (`amount: number`, `amount!: string`, `amount Decimal` in Prisma), or the name a
    // schema builder's column call gives (`t.decimal("amount")`, `integer("amount")`).
    const prop = /^\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:(?:public|private|protected|readonly|declare)\s+)*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[?!]?\s*:/.exec(text);
    if (prop && !CODE_NOT_COLUMN.has(prop[1])) add(prop[1], line);
    const prisma = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+[A-Z][A-Za-z0-9_]*(\[\])?\??(\s|$)/.exec(text);
    if (!prop && prisma && !CODE_NOT_COLUMN.has(prisma[1])) add(prisma[1], line);
    // A column named by a constant's member (`t.string(FieldNameApiToken.secretHash)`) gives the member.
    for (const m of text.matchAll(/\.\s*(?:string|text|integer|bigInteger|decimal|float|double|boolean|date|datetime|timestamp|json|jsonb|uuid|binary|enu|enum|specificType|bigint|numeric|smallint|tinyint|char|varchar)\s*\(\s*(?:["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]|[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*))/g)) add(m[1] ?? m[2], line);
  }
  return out;
}
