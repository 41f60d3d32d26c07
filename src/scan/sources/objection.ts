import { ts } from "#ts";
import type { OrmRecord, Source, VisitContext } from "./source.js";
import { calleePath, chainMethods, literalText, objectProperty } from "./ts-helpers.js";
import { valueOf, type ValueRef } from "../link/symbols.js";

/*
 * Objection.js — https://vincit.github.io/objection.js/api/model/static-properties.html#static-tablename,
 * https://vincit.github.io/objection.js/api/query-builder/
 * Models: a class with `static tableName = "users"` or `static get tableName() { return "users"; }` (a
 * constant too). Queries start at the model: `User.query()…` (in a static method `this.query()`), and a
 * registry of models keyed by their file or class name (`app.models.users.query()`, where models/users.js
 * exports the class) reaches the same model. insert/patch/update/delete… write; anything else reads.
 * Relations — https://vincit.github.io/objection.js/guide/relations.html: `static relationMappings` (a field, a
 * getter or a method returning the object) whose `join: { from: "pages.authorId", to: "users.id" }` names the
 * tables: a BelongsToOne relation's key is on `from`'s table, a HasMany/HasOne relation's on `to`'s, and a
 * ManyToMany (or HasOneThrough) relation's join table (`through: { from: "pageTags.pageId", to: "pageTags.tagId" }`)
 * is a table with a key to each side.
 */

const WRITES = new Set([
  "insert", "insertAndFetch", "insertGraph", "insertGraphAndFetch", "upsertGraph", "upsertGraphAndFetch", "patch",
  "patchAndFetch", "patchAndFetchById", "update", "updateAndFetch", "updateAndFetchById", "delete", "deleteById",
  "relate", "unrelate", "increment", "decrement", "truncate",
]);

export const objection: Source = {
  id: "objection",
  title: "Objection.js",
  docs: "https://vincit.github.io/objection.js/api/model/static-properties.html#static-tablename",
  declares: /\btableName\b/,
  enablers: ["objection"],

  visit(node, ctx) {
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.heritageClauses?.length) return model(node, ctx);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^\$?relatedQuery$/.test(node.expression.name.text)) return relatedQuery(node, ctx);
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== "query") return;
    const path = calleePath(node.expression);
    if (!path || path.length < 2) return;
    const receiver = path[path.length - 2];
    // this.query() in a model's static method: the model itself.
    const entity = receiver === "this" && path.length === 2 ? staticClassOf(node) : receiver;
    if (!entity || entity === "this") return;
    const mode = chainMethods(node).some((c) => WRITES.has(c.name)) ? "write" : "read";
    ctx.emit({ kind: "use", source: "objection", entity, mode, joins: [], file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope() });
  },
};

/** A class that names its table: an entity under its class name, its file's name and that name in camelCase (how registries key it). */
function model(cls: ts.ClassDeclaration | ts.ClassExpression, ctx: VisitContext): void {
  const name = cls.name?.text ?? classNameOf(cls);
  if (!name) return;
  const value = staticTableName(cls);
  if (!value) return;
  const base = { kind: "entity" as const, source: "objection", file: ctx.path, line: ctx.lineOf(cls) };
  const table: Pick<Extract<OrmRecord, { kind: "entity" }>, "table" | "tableRef"> = value.kind === "string" ? { table: value.value } : { table: "", tableRef: value };
  for (const alias of aliases(name, ctx.path)) ctx.emit({ ...base, entity: alias, ...table });
  relationMappings(cls, name, ctx);
}

const RELATED = "$relatedQuery:";
const THROUGH = "$relatedThrough:";

/**
 * `user.$relatedQuery("groups")…` (or `User.relatedQuery("groups")`): the related table of the relation of that
 * name, when one model's relationMappings declare it (or all that do agree); relate/unrelate of a ManyToMany
 * relation write its join table.
 */
function relatedQuery(call: ts.CallExpression, ctx: VisitContext): void {
  const name = literalText(call.arguments[0]);
  if (!name) return;
  const chain = chainMethods(call).map((c) => c.name);
  const mode = chain.some((c) => WRITES.has(c)) ? "write" : "read";
  const base = { kind: "use" as const, source: "objection", joins: [], file: ctx.path, line: ctx.lineOf(call), scope: ctx.scope() };
  if (chain.some((c) => c === "relate" || c === "unrelate")) {
    ctx.emit({ ...base, ref: { kind: "entityName", name: `${THROUGH}${name}` }, mode: "write" });
    if (!chain.some((c) => WRITES.has(c) && c !== "relate" && c !== "unrelate")) return;
  }
  ctx.emit({ ...base, ref: { kind: "entityName", name: `${RELATED}${name}` }, mode });
}

/** The object `static relationMappings` gives: a field's value, or what its getter or method returns last. */
function mappingsObject(cls: ts.ClassLikeDeclaration): ts.ObjectLiteralExpression | null {
  for (const m of cls.members) {
    if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== "relationMappings" || !isStatic(m)) continue;
    let e: ts.Expression | undefined;
    if (ts.isPropertyDeclaration(m)) e = m.initializer;
    else if ((ts.isGetAccessorDeclaration(m) || ts.isMethodDeclaration(m)) && m.body) {
      const ret = [...m.body.statements].reverse().find(ts.isReturnStatement);
      e = ret?.expression;
    }
    while (e && ts.isParenthesizedExpression(e)) e = e.expression;
    return e && ts.isObjectLiteralExpression(e) ? e : null;
  }
  return null;
}

/** `"pages.authorId"` (or the first of a composite key's list): the table part. */
function columnTable(e: ts.Expression | undefined): string | null {
  if (e && ts.isArrayLiteralExpression(e)) e = e.elements[0];
  const text = literalText(e);
  const dot = text ? text.lastIndexOf(".") : -1;
  return text && dot > 0 ? text.slice(0, dot) : null;
}

function relationMappings(cls: ts.ClassLikeDeclaration, model: string, ctx: VisitContext): void {
  const mappings = mappingsObject(cls);
  if (!mappings) return;
  for (const prop of mappings.properties) {
    if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) continue;
    const kindExpr = objectProperty(prop.initializer, "relation");
    const kind = kindExpr ? kindExpr.getText().replace(/^.*\./, "") : "";
    const join = objectProperty(prop.initializer, "join");
    const from = columnTable(objectProperty(join, "from"));
    const to = columnTable(objectProperty(join, "to"));
    if (!from || !to) continue;
    const line = ctx.lineOf(prop);
    const base = { kind: "relation" as const, source: "objection", entity: model, target: model, owner: true, file: ctx.path, line };
    const relationName = ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) ? prop.name.text : null;
    // `$relatedQuery("writer")` reaches the related table (the `to` side).
    if (relationName) ctx.emit({ kind: "entity", source: "objection", entity: `${RELATED}${relationName}`, table: to, nameOnly: true, file: ctx.path, line });
    if (/^(ManyToMany|HasOneThrough)Relation$/.test(kind)) {
      const through = objectProperty(join, "through");
      const via = columnTable(objectProperty(through, "from")) ?? columnTable(objectProperty(through, "to"));
      if (!via) continue;
      ctx.emit({ kind: "entity", source: "objection", entity: `table:${via}`, table: via, file: ctx.path, line });
      if (relationName) ctx.emit({ kind: "entity", source: "objection", entity: `${THROUGH}${relationName}`, table: via, nameOnly: true, file: ctx.path, line });
      ctx.emit({ ...base, fromTable: via, toTable: from });
      ctx.emit({ ...base, fromTable: via, toTable: to });
    } else if (kind === "BelongsToOneRelation") ctx.emit({ ...base, fromTable: from, toTable: to });
    else if (kind === "HasManyRelation" || kind === "HasOneRelation") ctx.emit({ ...base, fromTable: to, toTable: from });
  }
}

/** `static tableName = …` or `static get tableName() { return …; }`: a literal or a constant. */
export function staticTableName(cls: ts.ClassLikeDeclaration): ValueRef | null {
  for (const m of cls.members) {
    if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== "tableName") continue;
    if (!isStatic(m)) continue;
    let e: ts.Expression | undefined;
    if (ts.isPropertyDeclaration(m)) e = m.initializer;
    else if (ts.isGetAccessorDeclaration(m) || ts.isMethodDeclaration(m)) {
      const only = m.body?.statements.length === 1 ? m.body.statements[0] : undefined;
      if (only && ts.isReturnStatement(only)) e = only.expression;
    }
    if (!e) return null;
    const v = valueOf(e, 0);
    return v.kind === "string" || v.kind === "name" || v.kind === "template" ? v : null;
  }
  return null;
}

/** The class, its file's name (`models/pageHistory.js` → pageHistory) and the class name in camelCase. */
function aliases(name: string, file: string): string[] {
  const base = file.slice(file.lastIndexOf("/") + 1).replace(/\.[cm]?[jt]sx?$/, "");
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return [...new Set([name, camel, ...(/^[A-Za-z_$][\w$]*$/.test(base) && base !== "index" ? [base] : [])])];
}

/** `const User = class extends Model {}`: the variable's name. */
function classNameOf(cls: ts.ClassLikeDeclaration): string | null {
  const p = cls.parent;
  return p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : null;
}

/** The class whose static member a node sits in (`static async findX() { return this.query()… }`). */
function staticClassOf(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isPropertyDeclaration(n)) && ts.isClassLike(n.parent)) {
      if (!isStatic(n)) return null;
      return n.parent.name?.text ?? classNameOf(n.parent);
    }
  }
  return null;
}

function isStatic(m: ts.Node): boolean {
  return ts.canHaveModifiers(m) && !!ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}
