import { ts } from "#ts";
import type { VisitContext } from "./source.js";
import { chainMethods, literalText } from "./ts-helpers.js";
import { tableFromText } from "../link/table-text.js";
import { valueOf } from "../link/symbols.js";
import type { Ref } from "../link/refs.js";

/** `"orders as o"` / `"orders o"` / `"shop.orders"` → `shop.orders`. */
export function tableOfArg(arg: ts.Expression | undefined): string | null {
  const text = literalText(arg);
  return text ? tableFromText(text) : null;
}

/**
 * A query builder's table argument: a literal name, or a reference the linker follows (`TABLE`,
 * `T.users`, `` `${TABLE} as t` ``, `this.tableName`); null for what is no table name (a subquery, a callback).
 */
export function tableArg(arg: ts.Expression | undefined): { table: string } | { ref: Ref } | null {
  if (!arg) return null;
  const literal = literalText(arg);
  if (literal !== null) {
    const t = tableFromText(literal);
    return t ? { table: t } : null;
  }
  // A variable holding a query (`const sub = knex("a").select(…)`; `.from(sub)`) is a subquery, no table.
  if (ts.isIdentifier(arg) && holdsNonString(arg)) return null;
  const v = valueOf(arg, 0);
  if (v.kind === "name" || v.kind === "this" || v.kind === "template") return { ref: { kind: "table", value: v } };
  return null;
}

/** True when the nearest declaration of an identifier in its enclosing blocks is initialised by a call or a function. */
function holdsNonString(id: ts.Identifier): boolean {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isBlock(n) && !ts.isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== id.text) continue;
        let init = d.initializer;
        while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init) || ts.isAsExpression(init))) init = init.expression;
        return !!init && (ts.isCallExpression(init) || ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isObjectLiteralExpression(init));
      }
    }
  }
  return false;
}

/** Scope ids of a migration's rollback (`down`): what they create is not the final schema. */
export function inRollback(ctx: VisitContext): boolean {
  return ctx.inRollback();
}

/**
 * A query chain from its first call: the methods called on it in order, each with its call.
 * `db.selectFrom("a").innerJoin("b", …).where(…)` from the `selectFrom` call.
 */
export function chainFrom(root: ts.CallExpression, rootMethod: string): Array<{ name: string; call: ts.CallExpression }> {
  return [{ name: rootMethod, call: root }, ...chainMethods(root)];
}

/** True when the call is the first of its chain (not `.x()` on another call's result). */
export function isChainRoot(call: ts.CallExpression): boolean {
  let e: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return !ts.isCallExpression(e);
}
