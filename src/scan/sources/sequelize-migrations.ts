import { ts } from "#ts";
import type { VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";
import { staticString } from "../code/static-string.js";

/*
 * Sequelize migrations — https://sequelize.org/docs/v6/other-topics/query-interface/,
 * https://sequelize.org/api/v6/class/src/dialects/abstract/query-interface.js~queryinterface
 * `queryInterface.createTable("docs", { userId: { references: { model: "users", key: "id" } } })`,
 * `renameTable`, `dropTable`, `addColumn` / `changeColumn` with `references`, `addConstraint(table,
 * { type: "foreign key", fields, references: { table } })`, `removeConstraint`: each read as the SQL it
 * stands for, so the schema applies them in migration order (a renamed table keeps its keys and its
 * name is the new one). SQL passed to `queryInterface.sequelize.query("…")` is read as SQL already.
 */

const RECEIVER = /^(queryInterface|qi|context)$/;

/** A `queryInterface.<method>(…)` call of a migration, emitted as the SQL it stands for. */
export function queryInterfaceCall(node: ts.CallExpression, ctx: VisitContext): boolean {
  const path = calleePath(node.expression);
  if (!path || path.length !== 2 || !RECEIVER.test(path[0])) return false;
  const sql = statement(path[1], node.arguments, ctx);
  if (sql) ctx.emit({ kind: "ddl", source: "sequelize", sql, file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope(), rollback: ctx.inRollback() });
  return sql !== null;
}

/** `"users"`, `{ tableName: "users", schema: "app" }`, or a constant: the table as SQL names it. */
function tableOf(e: ts.Expression | undefined, ctx: VisitContext): string | null {
  if (!e) return null;
  if (ts.isObjectLiteralExpression(e)) {
    const name = literalText(objectProperty(e, "tableName"));
    const schema = literalText(objectProperty(e, "schema"));
    return name ? `${schema ? `${quote(schema)}.` : ""}${quote(name)}` : null;
  }
  const s = staticString(e, ctx.lookup);
  return s && !s.includes("${") ? quote(s) : null;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `references: { model: "users" }` / `{ model: { tableName: "users" } }` / `{ table: "users" }`. */
function referenced(attrs: ts.Expression | undefined, ctx: VisitContext): string | null {
  const refs = objectProperty(attrs, "references");
  if (!refs) return null;
  return tableOf(objectProperty(refs, "model") ?? objectProperty(refs, "table"), ctx);
}

function statement(method: string, args: ts.NodeArray<ts.Expression>, ctx: VisitContext): string | null {
  const table = tableOf(args[0], ctx);
  if (!table) return null;
  switch (method) {
    case "createTable": {
      const columns: string[] = [];
      const attrs = args[1];
      if (attrs && ts.isObjectLiteralExpression(attrs)) {
        for (const p of attrs.properties) {
          if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
          const target = referenced(p.initializer, ctx);
          columns.push(`${quote(p.name.text)} int${target ? ` REFERENCES ${target}` : ""}`);
        }
      }
      return `CREATE TABLE ${table} (${columns.length ? columns.join(", ") : '"id" int'})`;
    }
    case "renameTable": {
      const to = tableOf(args[1], ctx);
      return to ? `ALTER TABLE ${table} RENAME TO ${to}` : null;
    }
    case "dropTable":
      return `DROP TABLE ${table}`;
    case "addColumn":
    case "changeColumn": {
      const column = literalText(args[1]);
      const target = referenced(args[2], ctx);
      return column && target ? `ALTER TABLE ${table} ADD FOREIGN KEY (${quote(column)}) REFERENCES ${target}` : null;
    }
    case "addConstraint": {
      // addConstraint(table, { type, fields, references, name }) or the older (table, fields, options)
      const options = args[1] && ts.isObjectLiteralExpression(args[1]) ? args[1] : args[2];
      if (!/^foreign key$/i.test(literalText(objectProperty(options, "type")) ?? "")) return null;
      const target = referenced(options, ctx);
      const name = literalText(objectProperty(options, "name"));
      const fieldList = objectProperty(options, "fields") ?? (args[1] && ts.isArrayLiteralExpression(args[1]) ? args[1] : undefined);
      const fields = fieldList && ts.isArrayLiteralExpression(fieldList) ? fieldList.elements.flatMap((e) => (literalText(e) !== null ? [quote(literalText(e)!)] : [])) : [];
      return target ? `ALTER TABLE ${table} ADD ${name ? `CONSTRAINT ${quote(name)} ` : ""}FOREIGN KEY (${fields.join(", ") || '"?"'}) REFERENCES ${target}` : null;
    }
    case "removeConstraint": {
      const name = literalText(args[1]);
      return name ? `ALTER TABLE ${table} DROP CONSTRAINT ${quote(name)}` : null;
    }
    default:
      return null;
  }
}
