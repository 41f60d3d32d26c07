import { ts } from "ts-morph";
import type { Source, VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";

/*
 * db-migrate — https://db-migrate.readthedocs.io/en/latest/API/SQL/
 * Migrations are `exports.up = function (db, callback) { … }`. SQL handed to `db.runSql("…")` is read by
 * the SQL scanner; this source reads the schema API: `db.createTable("users", { id: {…}, team_id: { type:
 * "int", foreignKey: { table: "teams", … } } })` (also `db.createTable.bind(db, "users", {…})` as async.series
 * steps) and `db.addForeignKey("users", "teams", "fk_name", { team_id: "id" })`. Nothing inside `down`.
 */

export const dbMigrate: Source = {
  id: "db-migrate",
  title: "db-migrate",
  docs: "https://db-migrate.readthedocs.io/en/latest/API/SQL/",
  declares: /\.createTable\b/,
  enablers: ["db-migrate"],
  migrationsOnly: true,

  visit(node, ctx) {
    if (!ts.isCallExpression(node) || ctx.inRollback()) return;
    const path = calleePath(node.expression);
    if (!path || path.length < 2) return;
    const method = path[path.length - 1];
    // db.createTable.bind(db, "users", {…})
    if (method === "bind" && path[path.length - 2] === "createTable" && !path.includes("schema")) return createTable(node, node.arguments.slice(1), ctx);
    if (method === "createTable" && !path.includes("schema")) return createTable(node, [...node.arguments], ctx);
    if (method === "addForeignKey") {
      const from = literalText(node.arguments[0]);
      const to = literalText(node.arguments[1]);
      if (from && to) ctx.emit({ kind: "relation", source: "db-migrate", entity: "", target: "", fromTable: from, toTable: to, owner: true, file: ctx.path, line: ctx.lineOf(node) });
    }
  },
};

function createTable(call: ts.CallExpression, args: ts.Expression[], ctx: VisitContext): void {
  const table = literalText(args[0]);
  const columns = args[1];
  // db.createTable(name, columns): the columns object tells it apart from other createTable calls.
  if (!table || !columns || !ts.isObjectLiteralExpression(columns)) return;
  ctx.emit({ kind: "entity", source: "db-migrate", entity: `table:${table}`, table, file: ctx.path, line: ctx.lineOf(call) });
  for (const p of columns.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const target = literalText(objectProperty(objectProperty(p.initializer, "foreignKey"), "table"));
    if (target) ctx.emit({ kind: "relation", source: "db-migrate", entity: "", target: "", fromTable: table, toTable: target, owner: true, file: ctx.path, line: ctx.lineOf(p) });
  }
}
