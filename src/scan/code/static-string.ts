import { ts } from "#ts";
import { plusOperands } from "../../util/ast-walk.js";

/** Written where a `${…}` hole or an unknown operand of `+` held a value we cannot know statically. */
export const HOLE = "${…}";

export type ConstLookup = (name: string) => ts.Expression | undefined;

const MAX_DEPTH = 12;

/**
 * The string an expression evaluates to, as far as it can be known without running anything: literals,
 * template literals (holes become HOLE unless they are known strings), `+` concatenation, parentheses,
 * `as`/`satisfies`, and constants of this file (`const Q = "…"`, `const SQL = { find: "…" }`).
 * Returns null when the expression is not a string at all.
 */
export function staticString(expr: ts.Expression, lookup: ConstLookup, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isTemplateExpression(expr)) {
    let out = expr.head.text;
    for (const span of expr.templateSpans) {
      out += staticString(span.expression, lookup, depth + 1) ?? HOLE;
      out += span.literal.text;
    }
    return out;
  }
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) {
    return staticString(expr.expression, lookup, depth + 1);
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    // A chain of any length is one level: its operands, in order (unknown leading ones are one hole).
    const values = plusOperands(expr).map((e) => staticString(e, lookup, depth + 1));
    const first = values.findIndex((v) => v !== null);
    if (first < 0) return null;
    return (first > 0 ? HOLE : "") + values.slice(first).map((v) => v ?? HOLE).join("");
  }
  if (ts.isIdentifier(expr)) {
    const init = lookup(expr.text);
    return init ? staticString(init, lookup, depth + 1) : null;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
    const init = lookup(expr.expression.text);
    const obj = init && unwrap(init);
    if (obj && ts.isObjectLiteralExpression(obj)) {
      for (const prop of obj.properties) {
        if (ts.isPropertyAssignment(prop) && propertyName(prop.name) === expr.name.text) {
          return staticString(prop.initializer, lookup, depth + 1);
        }
      }
    }
  }
  return null;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function propertyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return null;
}
