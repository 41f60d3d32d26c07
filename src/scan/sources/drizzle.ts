import { ts } from "#ts";
import { walkTree } from "../../util/ast-walk.js";
import type { Source, VisitContext } from "./source.js";
import { calleePath, chainMethods, entityRef, literalText, objectKeys, objectProperty } from "./ts-helpers.js";

/*
 * Drizzle — https://orm.drizzle.team/docs/sql-schema-declaration, https://orm.drizzle.team/docs/relations
 * Tables: const orders = pgTable("orders", { userId: integer("user_id").references(() => users.id) }, …)
 * (also mysqlTable, sqliteTable, singlestoreTable, pgSchema("x").table(…)), foreignKey({ foreignColumns:
 * [users.id] }) in the extra config; relations(orders, ({ one, many }) => ({ user: one(users) })) for
 * relational queries. Use: db.select().from(orders).innerJoin(payments, …), db.insert(orders),
 * db.update(orders), db.delete(orders), db.query.orders.findMany({ with: { items: true } }).
 */

const TABLE_FNS = /^(pg|mysql|sqlite|singlestore|gel)Table$|^table$/;
const JOINS = /^(inner|left|right|full|cross)Join(Lateral)?$/;
const WRITES = new Set(["insert", "update", "delete"]);

export const drizzle: Source = {
  id: "drizzle",
  title: "Drizzle",
  docs: "https://orm.drizzle.team/docs/sql-schema-declaration",
  declares: /\b(pg|mysql|sqlite|singlestore|gel)Table\s*\(|\.table\s*\(|\brelations\s*\(/,
  enablers: ["drizzle-orm"],

  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    const path = calleePath(node.expression);
    if (!path) return;
    const fn = path[path.length - 1];

    const columnsObject = node.arguments[1] && ts.isObjectLiteralExpression(node.arguments[1]);
    if (TABLE_FNS.test(fn) && (fn !== "table" || columnsObject) && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) {
      return table(node, node.parent.name.text, ctx);
    }
    if (fn === "relations" && node.arguments.length >= 2) return relations(node, ctx);
    // db.query.orders.findMany({ with: { items: true } })
    if (path.length >= 4 && path[path.length - 3] === "query" && /^find(Many|First)$/.test(fn)) {
      const joins = objectKeys(objectProperty(node.arguments[0], "with")).map((p) => ({ viaProperty: p }));
      ctx.emit({ kind: "use", source: "drizzle", entity: path[path.length - 2], mode: "read", joins, file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope() });
      return;
    }
    // db.insert(orders) / db.update(orders) / db.delete(orders)
    if (WRITES.has(fn) && path.length >= 2 && node.arguments.length === 1 && ts.isIdentifier(node.arguments[0])) {
      ctx.emit({ kind: "use", source: "drizzle", entity: node.arguments[0].text, mode: "write", joins: [], file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope() });
      return;
    }
    // …select(…).from(orders).innerJoin(payments, …)
    if (fn === "from" && path.length >= 2 && node.arguments[0] && ts.isIdentifier(node.arguments[0]) && path.slice(0, -1).includes("()")) {
      const joins: Array<{ entity: string }> = [];
      for (const c of chainMethods(node)) {
        if (JOINS.test(c.name) && c.call.arguments[0] && ts.isIdentifier(c.call.arguments[0])) joins.push({ entity: c.call.arguments[0].text });
      }
      const at = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
      ctx.emit({ kind: "use", source: "drizzle", entity: node.arguments[0].text, mode: "read", joins, file: ctx.path, line: ctx.lineOf(at), scope: ctx.scope() });
    }
  },
};

function table(call: ts.CallExpression, variable: string, ctx: VisitContext): void {
  const name = literalText(call.arguments[0]);
  if (!name) return;
  // pgSchema("billing").table("invoices", …): the schema is the variable the table hangs off, or a literal
  let schema: string | null = null;
  if (ts.isPropertyAccessExpression(call.expression)) {
    let owner: ts.Expression | undefined = call.expression.expression;
    if (ts.isIdentifier(owner)) owner = ctx.lookup(owner.text); // const billing = pgSchema("billing")
    if (owner && ts.isCallExpression(owner) && /Schema$/.test(calleePath(owner.expression)?.pop() ?? "")) schema = literalText(owner.arguments[0]);
    else if (owner) return; // something else's .table(…)
  }
  ctx.emit({ kind: "entity", source: "drizzle", entity: variable, table: schema ? `${schema}.${name}` : name, file: ctx.path, line: ctx.lineOf(call) });
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const m = n.expression.name.text;
      if (m === "references") {
        const target = entityRef(n.arguments[0]);
        if (target) ctx.emit({ kind: "relation", source: "drizzle", entity: variable, target: refOwner(n.arguments[0]) ?? target, owner: true, file: ctx.path, line: ctx.lineOf(n.expression.name) });
      }
    }
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "foreignKey") {
      const cols = objectProperty(n.arguments[0], "foreignColumns");
      const first = cols && ts.isArrayLiteralExpression(cols) ? cols.elements[0] : undefined;
      const target = first && ts.isPropertyAccessExpression(first) && ts.isIdentifier(first.expression) ? first.expression.text : null;
      if (target) ctx.emit({ kind: "relation", source: "drizzle", entity: variable, target, owner: true, file: ctx.path, line: ctx.lineOf(n) });
    }
  };
  for (const arg of call.arguments.slice(1)) walkTree(arg, visit);
}

/** `() => users.id` → "users". */
function refOwner(arg: ts.Expression | undefined): string | null {
  if (arg && ts.isArrowFunction(arg) && ts.isPropertyAccessExpression(arg.body) && ts.isIdentifier(arg.body.expression)) return arg.body.expression.text;
  return null;
}

/** relations(orders, ({ one, many }) => ({ user: one(users, …), items: many(orderItems) })) */
function relations(call: ts.CallExpression, ctx: VisitContext): void {
  const owner = call.arguments[0];
  const fn = call.arguments[1];
  if (!ts.isIdentifier(owner) || !ts.isArrowFunction(fn)) return;
  let body: ts.Node = fn.body;
  while (ts.isParenthesizedExpression(body)) body = body.expression;
  if (!ts.isObjectLiteralExpression(body)) return;
  for (const p of body.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || !ts.isCallExpression(p.initializer)) continue;
    const target = p.initializer.arguments[0];
    if (target && ts.isIdentifier(target)) {
      ctx.emit({ kind: "relation", source: "drizzle", entity: owner.text, target: target.text, property: p.name.text, owner: false, file: ctx.path, line: ctx.lineOf(p) });
    }
  }
}
