import { ts } from "#ts";
import type { VisitContext } from "./source.js";
import { calleePath, literalText, objectProperty } from "./ts-helpers.js";
import { staticString } from "../code/static-string.js";

/*
 * TypeORM migrations' QueryRunner API — https://typeorm.io/docs/migrations/api
 * `queryRunner.renameTable("old", "new")`, `queryRunner.dropTable("t")` and
 * `queryRunner.createTable(new Table({ name: "t", foreignKeys: [{ referencedTableName: "u", … }] }))`, each read as
 * the SQL it stands for, so the schema applies them in migration order with the SQL the migrations run through
 * `queryRunner.query("…")` (already read as SQL). The receiver is the migration's runner (`queryRunner`, `runner`, `qr`).
 */

const RECEIVER = /^(queryRunner|runner|qr)$/i;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A `queryRunner.<method>(…)` call of a migration, emitted as the SQL it stands for; true when one was. */
export function queryRunnerCall(node: ts.CallExpression, ctx: VisitContext): boolean {
  const path = calleePath(node.expression);
  if (!path || path.length < 2 || !RECEIVER.test(path[path.length - 2])) return false;
  const sql = statement(path[path.length - 1], node.arguments, ctx);
  if (sql) ctx.emit({ kind: "ddl", source: "typeorm", sql, file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope(), rollback: ctx.inRollback() });
  return sql !== null;
}

/** `"users"`, a constant, or `new Table({ name: "users" })`: the table as SQL names it. */
function tableOf(e: ts.Expression | undefined, ctx: VisitContext): string | null {
  if (!e) return null;
  const options = tableOptions(e);
  if (options) {
    const name = literalText(objectProperty(options, "name"));
    return name ? quote(name) : null;
  }
  const s = staticString(e, ctx.lookup);
  return s && !s.includes("${") ? s.split(".").map(quote).join(".") : null;
}

/** The options object of `new Table({ … })`. */
function tableOptions(e: ts.Expression): ts.ObjectLiteralExpression | null {
  if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "Table") return null;
  const arg = e.arguments?.[0];
  return arg && ts.isObjectLiteralExpression(arg) ? arg : null;
}

function statement(method: string, args: ts.NodeArray<ts.Expression>, ctx: VisitContext): string | null {
  const table = tableOf(args[0], ctx);
  if (!table) return null;
  switch (method) {
    case "createTable": {
      const keys: string[] = [];
      const fks = objectProperty(tableOptions(args[0]) ?? undefined, "foreignKeys");
      if (fks && ts.isArrayLiteralExpression(fks)) {
        for (const fk of fks.elements) {
          const target = literalText(objectProperty(fk, "referencedTableName"));
          const cols = objectProperty(fk, "columnNames");
          const names = cols && ts.isArrayLiteralExpression(cols) ? cols.elements.flatMap((c) => (literalText(c) !== null ? [quote(literalText(c)!)] : [])) : [];
          if (target) keys.push(`FOREIGN KEY (${names.join(", ") || '"?"'}) REFERENCES ${quote(target)}`);
        }
      }
      return `CREATE TABLE ${table} (${['"id" int', ...keys].join(", ")})`;
    }
    case "renameTable": {
      const to = tableOf(args[1], ctx);
      return to ? `ALTER TABLE ${table} RENAME TO ${to}` : null;
    }
    case "dropTable":
      return `DROP TABLE ${table}`;
    default:
      return null;
  }
}
