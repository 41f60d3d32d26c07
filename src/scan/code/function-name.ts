import { ts } from "#ts";

/**
 * Name of a function-like node, or null if the node is not one: the scope of SQL sites in the scan, and the
 * same name the roadmap's code reader (src/plan/code/parse.ts) gives a function, so the two can be joined.
 */
export function functionName(n: ts.Node): string | null {
  if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return n.name?.text ?? ownerName(n) ?? "<anonymous>";
  if (ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) {
    const cls = n.parent && (ts.isClassLike(n.parent) ? n.parent.name?.text : undefined);
    const name = ts.isIdentifier(n.name) || ts.isStringLiteral(n.name) ? n.name.text : "<computed>";
    return cls ? `${cls}.${name}` : name;
  }
  if (ts.isConstructorDeclaration(n)) {
    const cls = ts.isClassLike(n.parent) ? n.parent.name?.text : undefined;
    return `${cls ?? "<class>"}.constructor`;
  }
  if (ts.isArrowFunction(n)) return ownerName(n) ?? "<arrow>";
  return null;
}

function ownerName(n: ts.Node): string | null {
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  // exports.down = function (db) { … } / module.exports.up = async (knex) => { … }
  if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return null;
}
