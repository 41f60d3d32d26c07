import { ts } from "#ts";
import { walkTree } from "../../util/ast-walk.js";

/**
 * The helpers of a migration that run only as part of its rollback: a class's methods called
 * (`this.dropAll(queryRunner)`) from its `down()`, and a file's own functions called (`dropAll(knex)`) from
 * its `down` export, at any depth, and from no path that starts elsewhere (`up`, the constructor, a method
 * or function nothing calls). What they do undoes the migration and does not shape the schema.
 */
export function rollbackHelpers(sf: ts.SourceFile): Set<ts.Node> {
  const out = new Set<ts.Node>();
  if (!/\bdown\b/.test(sf.text)) return out;
  for (const f of onlyFromDown(fileFunctions(sf), (n) => (ts.isCallExpression(n) && ts.isIdentifier(n.expression) ? n.expression.text : null))) out.add(f);
  walkTree(sf, (n) => {
    if (!ts.isClassLike(n)) return;
    const thisMember = (x: ts.Node) => (ts.isPropertyAccessExpression(x) && x.expression.kind === ts.SyntaxKind.ThisKeyword ? x.name.text : null);
    for (const m of onlyFromDown(classMethods(n), thisMember)) out.add(m);
  });
  return out;
}

type Fn = ts.FunctionLikeDeclaration;

/** Methods (and function-valued fields) by name; the constructor as a way in of its own. */
function classMethods(cls: ts.ClassLikeDeclaration): Map<string, Fn> {
  const out = new Map<string, Fn>();
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m) && m.body) out.set(" constructor", m);
    if (!m.name || !(ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name))) continue;
    if (ts.isMethodDeclaration(m) && m.body) out.set(m.name.text, m);
    // private dropAll = async (queryRunner) => { … }
    else if (ts.isPropertyDeclaration(m) && m.initializer && isFunction(m.initializer)) out.set(m.name.text, m.initializer);
  }
  return out;
}

/** A file's top-level functions by name; `exports.down = …`, `module.exports.down = …` and `export function down` as `down`. */
function fileFunctions(sf: ts.SourceFile): Map<string, Fn> {
  const out = new Map<string, Fn>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) out.set(st.name.text, st);
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && isFunction(d.initializer)) out.set(d.name.text, d.initializer);
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = st.expression;
      if (ts.isPropertyAccessExpression(left) && isFunction(right)) out.set(`exports.${left.name.text}`, right);
    }
  }
  const down = out.get("exports.down") ?? out.get("down");
  if (down) out.set("down", down);
  out.delete("exports.down");
  return out;
}

function isFunction(e: ts.Expression): e is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

/** The functions reached from `down` and from no other way in. */
function onlyFromDown(fns: Map<string, Fn>, calleeOf: (n: ts.Node) => string | null): Fn[] {
  if (!fns.has("down")) return [];
  const calls = new Map<string, Set<string>>();
  const called = new Set<string>();
  for (const [name, fn] of fns) {
    const out = new Set<string>();
    walkTree(fn, (n) => {
      const c = calleeOf(n);
      if (c !== null && c !== name && fns.has(c)) out.add(c);
    });
    calls.set(name, out);
    for (const c of out) called.add(c);
  }
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const c of calls.get(x) ?? []) stack.push(c);
    }
    return seen;
  };
  const fromDown = reach(["down"]);
  const forward = reach([...fns.keys()].filter((f) => f !== "down" && !called.has(f)));
  return [...fromDown].filter((f) => f !== "down" && !forward.has(f)).sort().map((f) => fns.get(f)!);
}
