import { ts } from "#ts";
import type { Source, VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";

/*
 * db-migrate — https://db-migrate.readthedocs.io/en/latest/API/SQL/
 * Migrations are `exports.up = function (db, callback) { … }`. SQL handed to `db.runSql("…")` is read by
 * the SQL scanner; this source reads the schema API as the SQL it stands for, so it applies in migration
 * order with the rest: `db.createTable("users", { team_id: { type: "int", foreignKey: { name, table:
 * "teams", mapping: "id" } } })` (also `db.createTable.bind(db, "users", {…})` as async.series steps),
 * `db.addForeignKey("users", "teams", "fk_name", { team_id: "id" })`, `db.renameTable`, `db.dropTable`.
 */

export const dbMigrate: Source = {
  id: "db-migrate",
  title: "db-migrate",
  docs: "https://db-migrate.readthedocs.io/en/latest/API/SQL/",
  declares: /\.createTable\b/,
  enablers: ["db-migrate"],
  migrationsOnly: true,

  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    const path = calleePath(node.expression);
    if (!path || path.length < 2 || path.includes("schema")) return;
    const method = path[path.length - 1];
    // db.createTable.bind(db, "users", {…})
    const args = method === "bind" && path[path.length - 2] === "createTable" ? node.arguments.slice(1) : [...node.arguments];
    const name = method === "bind" ? "createTable" : method;
    for (const st of statements(name, args)) {
      ctx.emit({ kind: "ddl", source: "db-migrate", sql: st.sql, file: ctx.path, line: ctx.lineOf(st.at ?? node), scope: ctx.scope(), rollback: ctx.inRollback() });
    }
  },
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQL a call stands for, each statement with the node it comes from (a column's line for its key). */
function statements(method: string, args: ts.Expression[]): Array<{ sql: string; at?: ts.Node }> {
  const table = literalText(args[0]);
  if (!table) return [];
  if (method === "createTable") {
    const columns = args[1];
    // db.createTable(name, columns): the columns object tells it apart from other createTable calls.
    if (!columns || !ts.isObjectLiteralExpression(columns)) return [];
    const out: Array<{ sql: string; at?: ts.Node }> = [{ sql: `CREATE TABLE ${quote(table)} ("id" int)` }];
    for (const p of columns.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const fk = objectProperty(p.initializer, "foreignKey");
      const target = literalText(objectProperty(fk, "table"));
      const name = literalText(objectProperty(fk, "name"));
      if (target) out.push({ sql: `ALTER TABLE ${quote(table)} ADD ${name ? `CONSTRAINT ${quote(name)} ` : ""}FOREIGN KEY (${quote(p.name.text)}) REFERENCES ${quote(target)}`, at: p });
    }
    return out;
  }
  if (method === "addForeignKey") {
    const target = literalText(args[1]);
    const name = literalText(args[2]);
    return target ? [{ sql: `ALTER TABLE ${quote(table)} ADD ${name ? `CONSTRAINT ${quote(name)} ` : ""}FOREIGN KEY ("?") REFERENCES ${quote(target)}` }] : [];
  }
  if (method === "removeForeignKey") {
    const name = literalText(args[1]);
    return name ? [{ sql: `ALTER TABLE ${quote(table)} DROP CONSTRAINT ${quote(name)}` }] : [];
  }
  if (method === "renameTable") {
    const to = literalText(args[1]);
    return to ? [{ sql: `ALTER TABLE ${quote(table)} RENAME TO ${quote(to)}` }] : [];
  }
  if (method === "dropTable") return [{ sql: `DROP TABLE ${quote(table)}` }];
  return [];
}
