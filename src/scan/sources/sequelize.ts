import { ts } from "#ts";
import type { Source, VisitContext } from "./source.js";
import { queryInterfaceCall } from "./sequelize-migrations.js";
import { calleePath, decoratorName, decoratorsOf, entityRef, literalText, objectProperty, pluralize } from "./ts-helpers.js";

/*
 * Sequelize — https://sequelize.org/docs/v6/core-concepts/model-basics/,
 * https://sequelize.org/docs/v6/core-concepts/assocs/
 * Models: const Order = sequelize.define("Order", attrs, { tableName }) and class Order extends Model +
 * Order.init(attrs, { sequelize, tableName, modelName }); without tableName the table is the plural of
 * the model name (freezeTableName: the name itself). Associations: A.belongsTo(B) (A holds the key),
 * A.hasOne(B) / A.hasMany(B) (B holds it), A.belongsToMany(B, { through }) (a join table or model).
 * Use: Model.findAll({ include: [B, { model: C }] }), findOne, findByPk, count… (reads); create,
 * bulkCreate, update, destroy, upsert, increment… (writes).
 * sequelize-typescript — https://github.com/sequelize/sequelize-typescript#table-api
 * @Table / @Table({ tableName, modelName, schema, freezeTableName }) on a class (default table: the model
 * name, as sequelize-typescript freezes table names unless told otherwise); @ForeignKey(() => B) and
 * @BelongsTo(() => B) (this model holds the key), @HasMany / @HasOne(() => B) (B holds it),
 * @BelongsToMany(() => B, () => Through) or ({ through: … }).
 * Migrations: queryInterface calls, read as SQL (sequelize-migrations.ts).
 */

const READS = new Set(["findAll", "findOne", "findByPk", "findAndCountAll", "findOrCreate", "count", "max", "min", "sum", "aggregate"]);
const WRITES = new Set(["create", "bulkCreate", "update", "destroy", "upsert", "increment", "decrement", "truncate", "restore"]);

export const sequelize: Source = {
  id: "sequelize",
  title: "Sequelize",
  docs: "https://sequelize.org/docs/v6/core-concepts/model-basics/",
  declares: /\.define\s*\(|\.init\s*\(|\.(belongsTo|hasMany|hasOne|belongsToMany)\s*\(|@Table\b/,
  enablers: ["sequelize", "sequelize-typescript"],

  visit(node, ctx) {
    if (ts.isClassDeclaration(node) && node.name) return decoratedModel(node, ctx);
    if (!ts.isCallExpression(node)) return;
    if (queryInterfaceCall(node, ctx)) return;
    const path = calleePath(node.expression);
    if (!path || path.length < 2) return;
    const method = path[path.length - 1];
    const receiver = path[path.length - 2];

    if (method === "define" && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) {
      const modelName = literalText(node.arguments[0]);
      if (modelName) model(node.parent.name.text, modelName, node.arguments[2], node, ctx);
      return;
    }
    if (method === "init" && /^[A-Z]/.test(receiver) && node.arguments.length >= 2) {
      const options = node.arguments[1];
      model(receiver, literalText(objectProperty(options, "modelName")) ?? receiver, options, node, ctx);
      return;
    }
    if (/^[A-Z]/.test(receiver) && ["belongsTo", "hasOne", "hasMany", "belongsToMany"].includes(method)) {
      const target = node.arguments[0];
      if (!target || !ts.isIdentifier(target)) return;
      const line = ctx.lineOf(node);
      if (method === "belongsTo") ctx.emit({ kind: "relation", source: "sequelize", entity: receiver, target: target.text, owner: true, file: ctx.path, line });
      else if (method === "belongsToMany") {
        const through = objectProperty(node.arguments[1], "through");
        const throughName = literalText(through);
        if (throughName) ctx.emit({ kind: "relation", source: "sequelize", entity: receiver, target: target.text, joinTable: throughName, owner: false, file: ctx.path, line });
        else if (through && ts.isIdentifier(through)) {
          ctx.emit({ kind: "relation", source: "sequelize", entity: through.text, target: receiver, owner: true, file: ctx.path, line });
          ctx.emit({ kind: "relation", source: "sequelize", entity: through.text, target: target.text, owner: true, file: ctx.path, line });
        }
      } else ctx.emit({ kind: "relation", source: "sequelize", entity: target.text, target: receiver, owner: true, file: ctx.path, line });
      return;
    }
    const mode = READS.has(method) ? "read" : WRITES.has(method) ? "write" : null;
    if (!mode || !/^[A-Z]/.test(receiver) || path.length !== 2) return;
    const joins: Array<{ entity: string }> = [];
    // The options object: findAll({ include }) / findByPk(id, { include }) / findOne({ where, include }).
    const options = [...node.arguments].reverse().find((a) => ts.isObjectLiteralExpression(a));
    const include = objectProperty(options, "include");
    const items = include && ts.isArrayLiteralExpression(include) ? [...include.elements] : include ? [include] : [];
    for (const item of items) {
      if (ts.isIdentifier(item)) joins.push({ entity: item.text });
      else {
        const m = objectProperty(item, "model");
        if (m && ts.isIdentifier(m)) joins.push({ entity: m.text });
      }
    }
    ctx.emit({ kind: "use", source: "sequelize", entity: receiver, mode, joins, file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope() });
  },
};

function model(variable: string, modelName: string, options: ts.Expression | undefined, at: ts.Node, ctx: VisitContext): void {
  const freeze = objectProperty(options, "freezeTableName")?.kind === ts.SyntaxKind.TrueKeyword;
  const table = literalText(objectProperty(options, "tableName")) ?? (freeze ? modelName : pluralize(modelName));
  const schema = literalText(objectProperty(options, "schema"));
  const full = schema ? `${schema}.${table}` : table;
  ctx.emit({ kind: "entity", source: "sequelize", entity: variable, table: full, file: ctx.path, line: ctx.lineOf(at) });
  if (modelName !== variable) ctx.emit({ kind: "entity", source: "sequelize", entity: modelName, table: full, file: ctx.path, line: ctx.lineOf(at) });
}

/** A sequelize-typescript model class: `@Table(…) class Document extends Model { @ForeignKey(() => User) … }`. */
function decoratedModel(cls: ts.ClassDeclaration, ctx: VisitContext): void {
  const deco = decoratorsOf(cls).find((d) => decoratorName(d) === "Table");
  if (!deco || !cls.name) return;
  const options = ts.isCallExpression(deco.expression) ? deco.expression.arguments[0] : undefined;
  const name = cls.name.text;
  const modelName = literalText(objectProperty(options, "modelName")) ?? name;
  const unfrozen = objectProperty(options, "freezeTableName")?.kind === ts.SyntaxKind.FalseKeyword;
  const table = literalText(objectProperty(options, "tableName")) ?? (unfrozen ? pluralize(modelName) : modelName);
  const schema = literalText(objectProperty(options, "schema"));
  ctx.emit({ kind: "entity", source: "sequelize", entity: name, table: schema ? `${schema}.${table}` : table, file: ctx.path, line: ctx.lineOf(cls) });
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const line = ctx.lineOf(member);
    for (const d of decoratorsOf(member)) {
      const kind = decoratorName(d);
      if (!kind || !ts.isCallExpression(d.expression)) continue;
      const target = entityRef(d.expression.arguments[0]);
      if (!target) continue;
      const base = { kind: "relation" as const, source: "sequelize", file: ctx.path, line };
      if (kind === "ForeignKey" || kind === "BelongsTo") ctx.emit({ ...base, entity: name, target, owner: true });
      else if (kind === "HasMany" || kind === "HasOne") ctx.emit({ ...base, entity: target, target: name, owner: true });
      else if (kind === "BelongsToMany") {
        const second = d.expression.arguments[1];
        const through = entityRef(second) ?? entityRef(objectProperty(second, "through")) ?? literalText(objectProperty(objectProperty(second, "through"), "model"));
        if (!through) continue;
        if (/^[A-Z]/.test(through)) {
          ctx.emit({ ...base, entity: through, target: name, owner: true });
          ctx.emit({ ...base, entity: through, target, owner: true });
        } else ctx.emit({ ...base, entity: name, target, joinTable: through, owner: false });
      }
    }
  }
}
