import { ts } from "#ts";
import { walkTree } from "../../util/ast-walk.js";
import type { Source, VisitContext } from "./source.js";
import { calleePath, literalText } from "./ts-helpers.js";
import { chainFrom, inRollback, isChainRoot, tableOfArg } from "./query-builder.js";

/*
 * Kysely — https://kysely.dev/docs/category/select, https://kysely.dev/docs/migrations
 * Queries: db.selectFrom("orders as o") (read), insertInto / replaceInto / updateTable / deleteFrom /
 * mergeInto (write), with innerJoin/leftJoin/rightJoin/fullJoin(…Lateral) and mergeInto(…).using(…) as
 * joins; trx the same inside db.transaction().execute(async (trx) => …).
 * Schema: db.schema.createTable("orders").addColumn("user_id", "integer", (c) => c.references("users.id"))
 * and .addForeignKeyConstraint(name, cols, "users", cols), also on alterTable; not inside down().
 */

const ROOTS: Record<string, "read" | "write"> = { selectFrom: "read", insertInto: "write", replaceInto: "write", updateTable: "write", deleteFrom: "write", mergeInto: "write" };
const JOINS = /^(inner|left|right|full)Join(Lateral)?$|^using$/;

export const kysely: Source = {
  id: "kysely",
  title: "Kysely",
  docs: "https://kysely.dev/docs/category/select",
  declares: /\.schema\b/,
  enablers: ["kysely"],

  visit(node, ctx) {
    if (!ts.isCallExpression(node) || !isChainRoot(node)) return;
    const path = calleePath(node.expression);
    if (!path || path.length < 2) return;
    const method = path[path.length - 1];
    if (path[path.length - 2] === "schema" && (method === "createTable" || method === "alterTable")) return schema(node, method, ctx);
    const mode = Object.hasOwn(ROOTS, method) ? ROOTS[method] : undefined;
    if (!mode) return;
    const table = tableOfArg(node.arguments[0]);
    if (!table) return;
    const joins: Array<{ table: string }> = [];
    for (const c of chainFrom(node, method).slice(1)) {
      if (JOINS.test(c.name)) {
        const t = tableOfArg(c.call.arguments[0]);
        if (t) joins.push({ table: t });
      }
    }
    ctx.emit({ kind: "use", source: "kysely", table, mode, joins, file: ctx.path, line: ctx.lineOf(methodName(node)), scope: ctx.scope() });
  },
};

function schema(call: ts.CallExpression, method: string, ctx: VisitContext): void {
  if (inRollback(ctx)) return;
  const table = literalText(call.arguments[0]);
  if (!table) return;
  if (method === "createTable") ctx.emit({ kind: "entity", source: "kysely", entity: `table:${table}`, table, file: ctx.path, line: ctx.lineOf(methodName(call)) });
  for (const c of chainFrom(call, method).slice(1)) {
    if (c.name === "addForeignKeyConstraint") {
      const target = literalText(c.call.arguments[2]);
      if (target) ctx.emit({ kind: "relation", source: "kysely", entity: "", target: "", fromTable: table, toTable: target, owner: true, file: ctx.path, line: ctx.lineOf(methodName(c.call)) });
    }
    if (c.name === "addColumn" && c.call.arguments[2]) {
      walkTree(c.call.arguments[2], (n) => {
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "references") {
          const ref = literalText(n.arguments[0]);
          if (ref && ref.includes(".")) ctx.emit({ kind: "relation", source: "kysely", entity: "", target: "", fromTable: table, toTable: ref.slice(0, ref.lastIndexOf(".")), owner: true, file: ctx.path, line: ctx.lineOf(n) });
        }
      });
    }
  }
}

/** The method's name in `a.b.method(…)`: where the line of a multi-line chain step is. */
function methodName(call: ts.CallExpression): ts.Node {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call;
}
