import { ts } from "#ts";
import type { OrmRecord, Source, VisitContext } from "./source.js";
import type { ValueRef } from "../link/symbols.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";
import { singular } from "../../util/inflect.js";
import { compressName } from "./medusa-names.js";

/*
 * Medusa v2 — https://docs.medusajs.com/learn/fundamentals/data-models,
 * https://docs.medusajs.com/learn/fundamentals/module-links
 * Data models: `model.define("region", { … })` or `model.define({ name: "Country", tableName: "region_country" },
 * { … })`; the table is the name (or tableName) in snake_case, as Medusa's parseEntityName makes it, and the
 * model is known by its variable, its file's default export and its name in PascalCase.
 * `model.belongsTo(() => Region)` in the properties: this model holds the key.
 * Module links: a link definition (`{ isLink: true, databaseConfig: { tableName: "product_variant_price_set" },
 * relationships: [{ entity: "ProductVariant" }, …] }`) is a table with a key to each entity it links, and
 * `defineLink(A.linkable.a, B.linkable.b, { database: { table: "a_b" } })` a table of that name; without
 * `database.table`, the name Medusa's link module derives (link-modules' generateEntity: composeTableName of
 * each side's module name and linkable key, `_id` dropped, lower case): `defineLink(ProductModule.linkable.product,
 * BlogModule.linkable.post)` is `product_product_blog_post`. A module's name is its package's for Medusa's own
 * (`@medusajs/medusa/sales-channel` → `sales_channel`) or the first argument of the `Module("blog", …)` its file
 * exports (the linker follows it). A read-only link (`readOnly: true`) has no table.
 * Services: a module's container holds, per model, `<model>Service` (`postService`), and MedusaService({ Post })
 * generates methods (`listPosts`, `listAndCountPosts`, `retrievePost`, `createPosts`, `updatePosts`, `deletePosts`,
 * `softDeletePosts`, `restorePosts`) that call it: each call reaches the model's table, wherever it is made.
 */

export const medusa: Source = {
  id: "medusa",
  title: "Medusa data models",
  docs: "https://docs.medusajs.com/learn/fundamentals/data-models",
  declares: /\bmodel\s*\.\s*define\b|\bisLink\b|\bdefineLink\b/,
  enablers: ["@medusajs/framework", "@medusajs/utils", "@medusajs/medusa"],

  visit(node, ctx) {
    if (ts.isObjectLiteralExpression(node)) return linkDefinition(node, ctx);
    if (!ts.isCallExpression(node)) return;
    const path = calleePath(node.expression);
    if (!path) return;
    const method = path[path.length - 1];
    if (method === "define" && path[path.length - 2] === "model") return dataModel(node, ctx);
    if (method === "defineLink" && path.length === 1) return defineLink(node, ctx);
    if (path.length >= 2) generatedMethod(node, method, ctx);
  },
};

const GENERATED = /^(listAndCount|list|retrieve|create|update|upsert|softDelete|delete|restore)([A-Z][A-Za-z0-9]*)$/;
const READS = new Set(["listAndCount", "list", "retrieve"]);

/** `blogService.createPosts(…)`: MedusaService's generated method, calling the model's `postService`. */
function generatedMethod(call: ts.CallExpression, method: string, ctx: VisitContext): void {
  const m = GENERATED.exec(method);
  if (!m) return;
  const words = m[2].split(/(?=[A-Z])/);
  const last = words[words.length - 1].toLowerCase();
  const one = m[1] === "retrieve" ? last : singular(last);
  if (m[1] !== "retrieve" && one === last) return;
  const model = [...words.slice(0, -1), one.charAt(0).toUpperCase() + one.slice(1)].join("");
  const name = `${model.charAt(0).toLowerCase()}${model.slice(1)}Service`;
  ctx.emit({ kind: "use", source: "medusa", ref: { kind: "byName", name }, mode: READS.has(m[1]) ? "read" : "write", joins: [], file: ctx.path, line: ctx.lineOf(call), scope: ctx.scope() });
}

/** `defineLink(A.linkable.a, B.linkable.b, options)`: its table, named or as Medusa derives it. */
function defineLink(call: ts.CallExpression, ctx: VisitContext): void {
  const options = call.arguments[2];
  if (objectProperty(options, "readOnly")?.kind === ts.SyntaxKind.TrueKeyword) return;
  const line = ctx.lineOf(call);
  const table = literalText(objectProperty(objectProperty(options, "database"), "table"));
  if (table) {
    ctx.emit({ kind: "entity", source: "medusa", entity: `link:${table}`, table, file: ctx.path, line });
    return;
  }
  const a = linkSide(call.arguments[0], ctx);
  const b = linkSide(call.arguments[1], ctx);
  if (!a || !b) return;
  const parts: Array<string | ValueRef> = [a.module, `_${a.key}_`, b.module, `_${b.key}`];
  // Adjacent strings joined: a name known whole is a plain table, else a template the linker completes.
  const merged: Array<string | ValueRef> = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === "string" && typeof prev === "string") merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  if (merged.length === 1 && typeof merged[0] === "string") {
    const name = compressName(merged[0].toLowerCase());
    ctx.emit({ kind: "entity", source: "medusa", entity: `link:${name}`, table: name, file: ctx.path, line });
    return;
  }
  ctx.emit({ kind: "entity", source: "medusa", entity: "", table: "", tableRef: { kind: "template", parts: merged }, nameRule: "medusa-link", file: ctx.path, line });
}

/**
 * One side of a link: `Module.linkable.post`, `Module.linkable.post.id`, or `{ linkable: …, isList: true }`. The
 * module's name (a string when Medusa's own package names it, else a reference to follow) and the linkable key
 * as composeTableName leaves it (`post_id` → `post`, `productVariant` → `product_variant`).
 */
function linkSide(e: ts.Expression | undefined, ctx: VisitContext): { module: string | ValueRef; key: string } | null {
  if (e && ts.isObjectLiteralExpression(e)) e = objectProperty(e, "linkable");
  const path = e ? calleePath(e) : null;
  const at = path ? path.indexOf("linkable") : -1;
  if (!path || at !== 1 || path.length < 3 || path.length > 4) return null;
  const snake = (w: string) => w.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  const property = path[3] ?? "id";
  const key = `${snake(path[2])}_${property}`.replace(/_id$/i, "");
  const imported = ctx.symbols.imports[path[0]];
  if (imported && imported.name === "default") {
    const own = /^@medusajs\/medusa\/([a-z-]+)$/.exec(imported.specifier);
    if (own) return { module: medusaModuleName(own[1]), key };
  }
  return { module: { kind: "name", name: path[0], path: [] }, key };
}

/** Medusa's own modules: `@medusajs/medusa/<package>` → the module name (definition.ts's Modules). */
function medusaModuleName(pkg: string): string {
  if (pkg === "index-module") return "index";
  if (pkg.startsWith("workflow-engine-")) return "workflows";
  if (pkg.startsWith("event-bus-")) return "event_bus";
  if (pkg.startsWith("cache-")) return "cache";
  return pkg.replace(/-/g, "_");
}

function dataModel(call: ts.CallExpression, ctx: VisitContext): void {
  const first = call.arguments[0];
  const name = literalText(first) ?? literalText(objectProperty(first, "name"));
  const tableName = literalText(first) ?? literalText(objectProperty(first, "tableName"));
  if (!name || !tableName) return;
  const table = tableName.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  const names = new Set<string>([pascal(name)]);
  const holder = outerChain(call);
  const p = holder.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) names.add(p.name.text);
  if (p && ts.isExportAssignment(p)) names.add("default");
  const line = ctx.lineOf(call);
  for (const entity of [...names].sort()) ctx.emit({ kind: "entity", source: "medusa", entity, table, file: ctx.path, line });
  const props = call.arguments[1];
  if (!props || !ts.isObjectLiteralExpression(props)) return;
  const self = p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : p && ts.isExportAssignment(p) ? "default" : pascal(name);
  for (const prop of props.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const rel = relationCall(prop.initializer);
    if (!rel) continue;
    ctx.emit({ kind: "relation", source: "medusa", entity: self, target: rel, owner: true, file: ctx.path, line: ctx.lineOf(prop) });
  }
}

/** `model.belongsTo(() => Region, …)…nullable()`: the model a property's key points to. */
function relationCall(e: ts.Expression): string | null {
  let cur: ts.Expression = e;
  while (ts.isCallExpression(cur) && ts.isPropertyAccessExpression(cur.expression)) {
    const path = calleePath(cur.expression);
    if (path && path.length === 2 && path[0] === "model" && path[1] === "belongsTo") {
      let target = cur.arguments[0];
      if (target && (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) && !ts.isBlock(target.body)) target = target.body as ts.Expression;
      return target && ts.isIdentifier(target) ? target.text : null;
    }
    cur = cur.expression.expression;
  }
  return null;
}

/** A link definition object: its table, and a key to each entity it links. */
function linkDefinition(obj: ts.ObjectLiteralExpression, ctx: VisitContext): void {
  if (objectProperty(obj, "isLink")?.kind !== ts.SyntaxKind.TrueKeyword) return;
  const table = literalText(objectProperty(objectProperty(obj, "databaseConfig"), "tableName"));
  if (!table) return;
  const line = ctx.lineOf(obj);
  const records: OrmRecord[] = [{ kind: "entity", source: "medusa", entity: `link:${table}`, table, file: ctx.path, line }];
  const relationships = objectProperty(obj, "relationships");
  if (relationships && ts.isArrayLiteralExpression(relationships)) {
    for (const r of relationships.elements) {
      const entity = literalText(objectProperty(r, "entity"));
      if (entity) records.push({ kind: "relation", source: "medusa", fromTable: table, entity: `link:${table}`, target: entity, owner: true, file: ctx.path, line: ctx.lineOf(r) });
    }
  }
  records.forEach((r) => ctx.emit(r));
}

/** The outermost call of a chain started by `call` (`model.define(…).indexes([…])`). */
function outerChain(call: ts.CallExpression): ts.Expression {
  let cur: ts.Expression = call;
  while (cur.parent && ts.isPropertyAccessExpression(cur.parent) && cur.parent.expression === cur && ts.isCallExpression(cur.parent.parent)) cur = cur.parent.parent;
  return cur;
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
