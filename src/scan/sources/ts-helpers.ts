import { pluralize as inflectionPlural } from "inflection";
import { ts } from "#ts";

/** `a.b.c(...)` → ["a", "b", "c"]; `this.repo.find` → ["this", "repo", "find"]; null for anything else. */
export function calleePath(expr: ts.Expression): string[] | null {
  if (ts.isIdentifier(expr)) return [expr.text];
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return ["this"];
  if (ts.isPropertyAccessExpression(expr)) {
    const owner = calleePath(expr.expression);
    return owner ? [...owner, expr.name.text] : ["?", expr.name.text];
  }
  if (ts.isCallExpression(expr)) {
    const inner = calleePath(expr.expression);
    return inner ? [...inner, "()"] : null;
  }
  return null;
}

/** The string a literal argument holds (`"orders"`, `'orders as o'`), or null. */
export function literalText(expr: ts.Expression | undefined): string | null {
  if (!expr) return null;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  return null;
}

/** Name of a decorator (`@Entity(...)` → "Entity"). */
export function decoratorName(d: ts.Decorator): string | null {
  const e = d.expression;
  if (ts.isCallExpression(e)) return ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : null;
  return ts.isIdentifier(e) ? e.text : null;
}

export function decoratorsOf(node: ts.Node): ts.Decorator[] {
  return ts.canHaveDecorators(node) ? [...(ts.getDecorators(node) ?? [])] : [];
}

/** `() => User` or `(type) => User` or `"User"` → "User". */
export function entityRef(expr: ts.Expression | undefined): string | null {
  if (!expr) return null;
  if (ts.isArrowFunction(expr) && !ts.isBlock(expr.body)) return entityRef(expr.body as ts.Expression);
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return literalText(expr);
}

/** A property of an object literal, by name. */
export function objectProperty(obj: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** Property names of an object literal (`{ payment: true, items: {...} }` → ["payment", "items"]). */
export function objectKeys(obj: ts.Expression | undefined): string[] {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return [];
  return obj.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []));
}

/** TypeORM's and Sequelize's snake_case: `OrderItem` → `order_item`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** A Sequelize model's default table name: the plural inflection makes, as Sequelize does (Person → People). */
export function pluralize(word: string): string {
  return inflectionPlural(word);
}

/** The outermost call of a method chain starting at `node`: `a.b().c().d()` from the `a.b()` call up. */
export function chainMethods(call: ts.CallExpression): Array<{ name: string; call: ts.CallExpression }> {
  const out: Array<{ name: string; call: ts.CallExpression }> = [];
  let cur: ts.Node = call;
  while (cur.parent && ts.isPropertyAccessExpression(cur.parent) && cur.parent.expression === cur && cur.parent.parent && ts.isCallExpression(cur.parent.parent)) {
    out.push({ name: cur.parent.name.text, call: cur.parent.parent });
    cur = cur.parent.parent;
  }
  return out;
}
