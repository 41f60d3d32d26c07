import { ts } from "#ts";
import type { Source, VisitContext } from "./source.js";
import { calleePath, chainMethods, literalText, objectProperty } from "./ts-helpers.js";
import { isChainRoot } from "./query-builder.js";

/*
 * Bookshelf.js — https://bookshelfjs.org/api.html#Model-instance-tableName
 * Models: `const User = bookshelf.Model.extend({ tableName: "users", … })`, `bookshelf.model("User",
 * { tableName: "users" })` (the registry), `module.exports = bookshelf.Model.extend({ … })` (named by its
 * file). Uses: a chain from the model or an instance, `User.where(…).fetchAll()`, `User.forge(…).fetch()`,
 * `new User({ id }).save(…)`, `bookshelf.model("User").query(…).fetch()`: save/destroy write, fetch*
 * and count read.
 */

const READS = new Set(["fetch", "fetchAll", "fetchOne", "fetchPage", "count"]);
const WRITES = new Set(["save", "destroy"]);

export const bookshelf: Source = {
  id: "bookshelf",
  title: "Bookshelf.js",
  docs: "https://bookshelfjs.org/api.html#Model-instance-tableName",
  declares: /\btableName\b/,
  enablers: ["bookshelf"],

  visit(node, ctx) {
    if (ts.isCallExpression(node)) {
      const path = calleePath(node.expression);
      if (!path || path.length < 2) return;
      const method = path[path.length - 1];
      if (method === "extend" && path[path.length - 2] === "Model") return model(node, node.arguments[0], null, ctx);
      if (method === "model" && node.arguments.length >= 2) return model(node, node.arguments[1], literalText(node.arguments[0]), ctx);
      // bookshelf.model("User").where(…).fetch() / User.forge(…).fetch()
      const receiver = method === "model" ? literalText(node.arguments[0]) : path.length === 2 && /^[A-Z]/.test(path[0]) ? path[0] : null;
      if (receiver && isChainRoot(node)) use(node, method === "model" ? null : method, receiver, ctx);
      return;
    }
    // new User({ id }).fetch()
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^[A-Z]/.test(node.expression.text)) use(node, null, node.expression.text, ctx);
  },
};

function model(call: ts.CallExpression, options: ts.Expression | undefined, registered: string | null, ctx: VisitContext): void {
  const table = literalText(objectProperty(options, "tableName"));
  if (!table) return;
  const names = new Set<string>();
  if (registered) names.add(registered);
  const p = call.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) names.add(p.name.text);
  else if (ts.isBinaryExpression(p) && p.left.getText() === "module.exports") {
    const base = ctx.path.slice(ctx.path.lastIndexOf("/") + 1).replace(/\.[cm]?[jt]sx?$/, "");
    if (/^[A-Za-z_$][\w$]*$/.test(base) && base !== "index") names.add(base).add(base.charAt(0).toUpperCase() + base.slice(1));
  }
  for (const entity of [...names].sort()) ctx.emit({ kind: "entity", source: "bookshelf", entity, table, file: ctx.path, line: ctx.lineOf(call) });
}

/** A chain from a model or a new instance: a use when it fetches, counts, saves or destroys. */
function use(start: ts.CallExpression | ts.NewExpression, first: string | null, entity: string, ctx: VisitContext): void {
  const names = [...(first ? [first] : []), ...chainMethodsOf(start)];
  const mode = names.some((n) => WRITES.has(n)) ? "write" : names.some((n) => READS.has(n)) ? "read" : null;
  if (!mode) return;
  ctx.emit({ kind: "use", source: "bookshelf", entity, mode, joins: [], file: ctx.path, line: ctx.lineOf(start), scope: ctx.scope() });
}

function chainMethodsOf(start: ts.CallExpression | ts.NewExpression): string[] {
  if (ts.isCallExpression(start)) return chainMethods(start).map((c) => c.name);
  // `new User(…)` is no call: the chain starts at the first method called on it.
  const p = start.parent;
  if (!ts.isPropertyAccessExpression(p) || !ts.isCallExpression(p.parent)) return [];
  return [p.name.text, ...chainMethods(p.parent).map((c) => c.name)];
}
