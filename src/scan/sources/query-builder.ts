import { ts } from "ts-morph";
import type { VisitContext } from "./source.js";
import { chainMethods, literalText } from "./ts-helpers.js";
import { isRollbackScope } from "../scope.js";

/** `"orders as o"` / `"orders o"` / `"shop.orders"` → `shop.orders`. */
export function tableOfArg(arg: ts.Expression | undefined): string | null {
  const text = literalText(arg);
  if (!text) return null;
  const name = text.trim().split(/\s+(?:as\s+)?/i)[0];
  return /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/.test(name) ? name : null;
}

/** Scope ids of a migration's rollback (`down`): what they create is not the final schema. */
export function inRollback(ctx: VisitContext): boolean {
  return isRollbackScope(ctx.scope());
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
