import { ts } from "ts-morph";
import type { Source, VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty, pluralize } from "./ts-helpers.js";

/*
 * Sequelize — https://sequelize.org/docs/v6/core-concepts/model-basics/,
 * https://sequelize.org/docs/v6/core-concepts/assocs/
 * Models: const Order = sequelize.define("Order", attrs, { tableName }) and class Order extends Model +
 * Order.init(attrs, { sequelize, tableName, modelName }); without tableName the table is the plural of
 * the model name (freezeTableName: the name itself). Associations: A.belongsTo(B) (A holds the key),
 * A.hasOne(B) / A.hasMany(B) (B holds it), A.belongsToMany(B, { through }) (a join table or model).
 * Use: Model.findAll({ include: [B, { model: C }] }), findOne, findByPk, count… (reads); create,
 * bulkCreate, update, destroy, upsert, increment… (writes).
 */

const READS = new Set(["findAll", "findOne", "findByPk", "findAndCountAll", "findOrCreate", "count", "max", "min", "sum", "aggregate"]);
const WRITES = new Set(["create", "bulkCreate", "update", "destroy", "upsert", "increment", "decrement", "truncate", "restore"]);

export const sequelize: Source = {
  id: "sequelize",
  title: "Sequelize",
  docs: "https://sequelize.org/docs/v6/core-concepts/model-basics/",
  declares: /\.define\s*\(|\.init\s*\(|\.(belongsTo|hasMany|hasOne|belongsToMany)\s*\(/,
  enablers: ["sequelize", "sequelize-typescript"],

  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
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
    const include = objectProperty(node.arguments[0], "include");
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
