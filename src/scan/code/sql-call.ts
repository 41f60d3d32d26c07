import { ts } from "#ts";
import { staticString, type ConstLookup } from "./static-string.js";

/**
 * Methods and functions that take SQL text as their first argument: pg and mysql2 (`query`, `execute`),
 * knex and Prisma (`raw`, `$queryRaw`, `$executeRawUnsafe` …), a repo's own wrappers (`queryOne`,
 * `queryRows`, `executeSql` …), migration tools' `runSql` (db-migrate) and `addSql` (MikroORM), sqlite's
 * `run`, and pg-promise's result-shape methods. The argument must also read as SQL.
 */
const QUERY_CALL = /^\$?(run|(run|add)?(query|execute|exec|raw|sql)[A-Za-z0-9]*)$/i;
const PG_PROMISE_CALLS = new Set(["none", "one", "oneOrNone", "many", "manyOrNone", "any", "multi", "result"]);

export function isQueryCall(name: string): boolean {
  return QUERY_CALL.test(name) || PG_PROMISE_CALLS.has(name);
}

/** Template tags whose template is SQL (`sql\`…\``, `Prisma.sql`, `prisma.$queryRaw\`…\``). */
const SQL_TAGS = new Set(["sql", "SQL", "raw", "$queryRaw", "$executeRaw", "queryRaw", "executeRaw"]);

/** Starts like a SQL statement (after blanks, comments and opening parentheses). */
const LOOKS_LIKE_SQL =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(select|insert|update|delete|with|merge|create|alter|drop|truncate|replace|upsert|call)\b/i;

export interface SqlCall {
  callee: string;
  text: string;
  /** Node whose line is the site's line. */
  at: ts.Node;
}

/** If this node hands SQL text to a query-like call or tag, the call's name and the text. */
export function sqlCallAt(node: ts.Node, lookup: ConstLookup): SqlCall | null {
  if (ts.isCallExpression(node)) {
    const name = calleeName(node.expression);
    if (!name || !isQueryCall(name.last) || node.arguments.length === 0) return null;
    const text = staticString(node.arguments[0], lookup);
    if (text === null || !LOOKS_LIKE_SQL.test(text)) return null;
    return { callee: name.full, text, at: name.node };
  }
  if (ts.isTaggedTemplateExpression(node)) {
    const name = calleeName(node.tag);
    if (!name || !SQL_TAGS.has(name.last)) return null;
    const text = staticString(node.template, lookup);
    if (text === null || !LOOKS_LIKE_SQL.test(text)) return null;
    return { callee: name.full, text, at: name.node };
  }
  return null;
}

/** `query`, `tx.query`, `this.db.query` → full text shortened to the last two names, and the last name. */
function calleeName(expr: ts.Expression): { full: string; last: string; node: ts.Node } | null {
  if (ts.isIdentifier(expr)) return { full: expr.text, last: expr.text, node: expr };
  if (ts.isPropertyAccessExpression(expr)) {
    const last = expr.name.text;
    const owner = expr.expression;
    const ownerName = ts.isIdentifier(owner)
      ? owner.text
      : ts.isPropertyAccessExpression(owner)
        ? owner.name.text
        : owner.kind === ts.SyntaxKind.ThisKeyword
          ? "this"
          : null;
    return { full: ownerName ? `${ownerName}.${last}` : last, last, node: expr.name };
  }
  return null;
}
