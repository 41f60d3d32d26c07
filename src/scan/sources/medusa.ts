import { ts } from "ts-morph";
import type { OrmRecord, Source, VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";

/*
 * Medusa v2 — https://docs.medusajs.com/learn/fundamentals/data-models,
 * https://docs.medusajs.com/learn/fundamentals/module-links
 * Data models: `model.define("region", { … })` or `model.define({ name: "Country", tableName: "region_country" },
 * { … })`; the table is the name (or tableName) in snake_case, as Medusa's parseEntityName makes it, and the
 * model is known by its variable, its file's default export and its name in PascalCase.
 * `model.belongsTo(() => Region)` in the properties: this model holds the key.
 * Module links: a link definition (`{ isLink: true, databaseConfig: { tableName: "product_variant_price_set" },
 * relationships: [{ entity: "ProductVariant" }, …] }`) is a table with a key to each entity it links, and
 * `defineLink(A.linkable.a, B.linkable.b, { database: { table: "a_b" } })` a table of that name.
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
    if (method === "defineLink" && path.length === 1) {
      const table = literalText(objectProperty(objectProperty(node.arguments[2], "database"), "table"));
      if (table) ctx.emit({ kind: "entity", source: "medusa", entity: `link:${table}`, table, file: ctx.path, line: ctx.lineOf(node) });
    }
  },
};

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
