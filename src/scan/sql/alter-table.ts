import { normaliseTable, type Dialect } from "./dialect.js";
import { emptyFacts, type StatementFacts } from "./statement-facts.js";
import type { Token } from "./tokens.js";

/*
 * ALTER TABLE of PostgreSQL (https://www.postgresql.org/docs/current/sql-altertable.html), MySQL and
 * MariaDB (https://dev.mysql.com/doc/refman/8.4/en/alter-table.html) and SQLite
 * (https://www.sqlite.org/lang_altertable.html): one table, a comma-separated list of actions. Every action
 * is DDL of that table; none of its words (a USING expression, a column type, a default) is a table access.
 */

const HEAD_WORDS = new Set(["online", "offline", "ignore"]);

/**
 * Reads `ALTER TABLE [IF EXISTS] [ONLY] name [*] action, …` from its tokens: foreign keys added (table-level
 * or on a new column), dropped (DROP CONSTRAINT, MySQL's DROP FOREIGN KEY) or renamed (RENAME CONSTRAINT),
 * the table renamed (RENAME TO / AS, SET SCHEMA), partitions attached or detached, INHERIT / NO INHERIT.
 * Actions that change no relationship (columns, defaults, types, indexes, options) are named in `understood`
 * so a statement made only of them is explained, not warned about. Returns null when it is not ALTER TABLE.
 */
export function readAlterTable(tokens: Token[], dialect: Dialect): StatementFacts | null {
  if (tokens[0]?.v !== "alter") return null;
  let k = 1;
  while (HEAD_WORDS.has(tokens[k]?.v)) k++;
  if (tokens[k]?.v !== "table") return null;
  k++;
  if (tokens[k]?.v === "if" && tokens[k + 1]?.v === "exists") k += 2;
  if (tokens[k]?.v === "only") k++;
  const head = nameAt(tokens, k, dialect);
  const facts = emptyFacts();
  if (!head) return facts;
  const table = head.name;
  k = head.next;
  if (tokens[k]?.v === "*") k++;
  for (const action of splitActions(tokens, k)) readAction(action, table, dialect, facts);
  return facts;
}

/** Top-level comma-separated actions. */
function splitActions(tokens: Token[], from: number): Token[][] {
  const out: Token[][] = [];
  let depth = 0;
  let current: Token[] = [];
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.v === "(") depth++;
    if (t.v === ")") depth = Math.max(0, depth - 1);
    if (t.v === "," && depth === 0 && t.kind === "punct") {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}

const COLUMN_CHANGE = "column change";
const INDEX_CHANGE = "index change";
const CONSTRAINT = "constraint within one table";
const OPTION = "storage or table option";

function readAction(a: Token[], table: string, dialect: Dialect, facts: StatementFacts): void {
  const w = (i: number) => (a[i]?.kind === "word" ? a[i].v : "");
  const note = (reason: string): void => {
    facts.understood.push(reason);
  };
  const word0 = w(0);

  if (word0 === "add") {
    let i = 1;
    if (w(i) === "column") i++;
    if (w(i) === "if" && w(i + 1) === "not" && w(i + 2) === "exists") i += 3;
    let constraint: string | undefined;
    if (w(i) === "constraint") {
      // MySQL allows ADD CONSTRAINT FOREIGN KEY with no symbol.
      if (!["foreign", "primary", "unique", "check"].includes(w(i + 1)) && a[i + 1]) {
        constraint = a[i + 1].raw.toLowerCase();
        i += 2;
      } else i++;
    }
    const refs = a.findIndex((t, j) => j >= i && t.kind === "word" && t.v === "references");
    if (refs >= 0) {
      const to = nameAt(a, refs + 1, dialect);
      if (to) {
        // An inline `col type CONSTRAINT name REFERENCES t` names its key after the column's CONSTRAINT.
        const inline = a.findIndex((t, j) => j > i && j < refs && t.kind === "word" && t.v === "constraint");
        const name = constraint ?? (inline >= 0 && a[inline + 1] ? a[inline + 1].raw.toLowerCase() : undefined);
        facts.foreignKeys.push({ from: table, to: to.name, ...(name ? { constraint: name } : {}) });
        return;
      }
    }
    if (["primary", "unique", "check", "exclude"].includes(w(i))) return note(CONSTRAINT);
    if (["index", "key", "fulltext", "spatial"].includes(w(i))) return note(INDEX_CHANGE);
    if (["partition", "period", "system"].includes(w(i))) return note(OPTION);
    return note(COLUMN_CHANGE);
  }

  if (word0 === "drop") {
    let i = 1;
    if (w(i) === "constraint") {
      i++;
      if (w(i) === "if" && w(i + 1) === "exists") i += 2;
      if (a[i]) facts.droppedConstraints.push({ table, constraint: a[i].raw.toLowerCase() });
      return;
    }
    if (w(i) === "foreign" && w(i + 1) === "key") {
      i += 2;
      if (w(i) === "if" && w(i + 1) === "exists") i += 2;
      if (a[i]) facts.droppedConstraints.push({ table, constraint: a[i].raw.toLowerCase() });
      return;
    }
    if (["index", "key", "primary"].includes(w(i))) return note(INDEX_CHANGE);
    if (["check", "unique"].includes(w(i))) return note(CONSTRAINT);
    if (["partition", "period", "system"].includes(w(i))) return note(OPTION);
    return note(COLUMN_CHANGE);
  }

  if (word0 === "rename") {
    const i = 1;
    if (w(i) === "to" || w(i) === "as" || (a.length === 2 && !["column", "constraint", "index", "key"].includes(w(i)))) {
      const to = nameAt(a, w(i) === "to" || w(i) === "as" ? i + 1 : i, dialect);
      if (to) facts.renames.push({ from: table, to: to.schema ? to.name : `${schemaOf(table)}.${bare(to.name)}` });
      return;
    }
    if (w(i) === "constraint" && a[i + 1] && w(i + 2) === "to" && a[i + 3]) {
      facts.renamedConstraints.push({ table, from: a[i + 1].raw.toLowerCase(), to: a[i + 3].raw.toLowerCase() });
      return;
    }
    if (w(i) === "index" || w(i) === "key") return note(INDEX_CHANGE);
    return note(COLUMN_CHANGE);
  }

  if (word0 === "set" && w(1) === "schema" && a[2]) {
    facts.renames.push({ from: table, to: `${a[2].raw.toLowerCase()}.${bare(table)}` });
    return;
  }
  if (word0 === "attach" && w(1) === "partition") {
    const child = nameAt(a, 2, dialect);
    if (child) facts.inherits.push({ child: child.name, parent: table });
    return;
  }
  if (word0 === "detach" && w(1) === "partition") {
    const child = nameAt(a, 2, dialect);
    if (child) facts.detaches.push({ child: child.name, parent: table });
    return;
  }
  if (word0 === "inherit") {
    const parent = nameAt(a, 1, dialect);
    if (parent) facts.inherits.push({ child: table, parent: parent.name });
    return;
  }
  if (word0 === "no" && w(1) === "inherit") {
    const parent = nameAt(a, 2, dialect);
    if (parent) facts.detaches.push({ child: table, parent: parent.name });
    return;
  }
  if (word0 === "alter" && w(1) === "constraint") return note(CONSTRAINT);
  if (word0 === "validate") return note(CONSTRAINT);
  if (["alter", "modify", "change"].includes(word0)) return note(COLUMN_CHANGE);
  if (word0 === "owner") return note("ownership change");
  if (["enable", "disable"].includes(word0)) return note("trigger, index or security switch");
  if (["force", "no"].includes(word0) && a.some((t) => t.v === "security")) return note("trigger, index or security switch");
  note(OPTION);
}

const bare = (table: string) => table.slice(table.indexOf(".") + 1);
const schemaOf = (table: string) => table.slice(0, table.indexOf("."));

/** A possibly qualified name at i: `name`, `schema.name`, quoted or not. */
export function nameAt(tokens: Token[], i: number, dialect: Dialect): { name: string; schema: string | null; next: number } | null {
  const parts: string[] = [];
  let k = i;
  while (tokens[k] && (tokens[k].kind === "word" || tokens[k].kind === "quoted")) {
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
}
