import { ts } from "#ts";
import { walkTree } from "../../util/ast-walk.js";
import type { DdlPart, Source, VisitContext } from "./source.js";
import { calleePath, literalText } from "./ts-helpers.js";
import { chainFrom, isChainRoot, tableArg } from "./query-builder.js";
import type { Ref } from "../link/refs.js";
import { valueOf, type ValueRef } from "../link/symbols.js";

/*
 * Knex — https://knexjs.org/guide/query-builder.html, https://knexjs.org/guide/schema-builder.html
 * Queries: knex("orders") / trx("orders") / knex.select(…).from("orders") / knex.insert(…).into("orders"),
 * with join/innerJoin/leftJoin… (reads, joins) and insert/update/del/delete/truncate/upsert/increment…
 * (writes). Writes inside knex.transaction(async (trx) => …) share that callback's scope.
 * Schema: knex.schema.createTable("orders", (t) => t.integer("user_id").references("id").inTable("users"))
 * and .references("users.id"), table/alterTable, renameTable, dropTable: read as SQL, in migration order.
 */

const RECEIVERS = /^(knex|db|trx|tx|k|qb|database|conn|connection|client)$/i;
const WRITES = new Set(["insert", "update", "del", "delete", "truncate", "upsert", "increment", "decrement", "merge"]);
const JOINS = new Set(["join", "innerJoin", "leftJoin", "leftOuterJoin", "rightJoin", "rightOuterJoin", "fullOuterJoin", "crossJoin", "outerJoin"]);
const CTE_METHODS = new Set(["with", "withRecursive", "withMaterialized", "withNotMaterialized"]);
const TABLE_METHODS = new Set(["from", "into", "table", "fromRaw"]);
const QUERY_STARTS = new Set(["select", "column", "columns", "from", "table", "insert", "update", "del", "delete", "into", "count", "distinct", "first", "pluck", "where", ...CTE_METHODS]);

export const knex: Source = {
  id: "knex",
  title: "Knex",
  docs: "https://knexjs.org/guide/query-builder.html",
  declares: /\.schema\b/,
  enablers: ["knex", "@mikro-orm/knex"],

  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    cteName(node, ctx);
    if (!isChainRoot(node)) return;
    const path = calleePath(node.expression);
    if (!path) return;
    if (path.length >= 2 && path[path.length - 2] === "schema") return schemaChain(node, path[path.length - 1], ctx);
    // knex("orders"), this.knex("orders") and app.models.knex("orders") call the builder itself; knex.select(…)
    // starts with a method.
    const direct = path.length === 1 || (path.length === 2 && path[0] === "this") || (path.length > 2 && /^knex$/i.test(path[path.length - 1]));
    const receiverPath = direct ? path : path.slice(0, -1);
    const receiver = receiverPath[receiverPath.length - 1];
    // By its usual names, or bound to a Knex instance: injected, typed `Knex`, or an alias (`trx ?? this.knex`).
    if (!RECEIVERS.test(receiver) && !ctx.isQueryBuilder(receiverPath, node)) return;
    let chain;
    let table: ReturnType<typeof tableArg> = null;
    if (direct) {
      // knex("orders")…
      table = tableArg(node.arguments[0]);
      if (!table) return;
      chain = chainFrom(node, "(table)").slice(1);
    } else {
      const first = path[path.length - 1];
      if (!QUERY_STARTS.has(first)) return;
      chain = chainFrom(node, first);
    }
    // CTEs the chain defines (`.with("ranked", qb => …)`) are names of the query, not tables.
    const ctes = new Set<string>();
    for (const c of chain) {
      if (!CTE_METHODS.has(c.name)) continue;
      const name = literalText(c.call.arguments[0]);
      if (name) ctes.add(name);
    }
    const notCte = (t: ReturnType<typeof tableArg>) => (t && "table" in t && ctes.has(t.table) ? null : t);
    let mode: "read" | "write" = "read";
    const joins: Array<{ table: string } | { ref: Ref }> = [];
    for (const c of chain) {
      if (WRITES.has(c.name)) mode = "write";
      if (TABLE_METHODS.has(c.name) && !table) table = notCte(tableArg(c.call.arguments[0]));
      if (JOINS.has(c.name)) {
        const t = notCte(tableArg(c.call.arguments[0]));
        if (t) joins.push(t);
      }
    }
    table = notCte(table);
    if (!table) return;
    ctx.emit({ kind: "use", source: "knex", ...table, cls: ctx.classOf(node) ?? undefined, mode, joins, file: ctx.path, line: ctx.lineOf(node), scope: ctx.scope() });
  },
};

/**
 * A CTE a query defines (`.with("ranked", qb => …)`, `.withRecursive("paths", …)`), on any receiver: a name
 * of that query, never a table, in the chains inside its own callback too (`join("paths", …)` in the
 * recursive part). Told once per call, whatever chain it sits in.
 */
function cteName(call: ts.CallExpression, ctx: VisitContext): void {
  if (!ts.isPropertyAccessExpression(call.expression) || !CTE_METHODS.has(call.expression.name.text)) return;
  const [first, second] = call.arguments;
  const name = literalText(first);
  // `.with("relation")` alone is another ORM's eager loading: a CTE has its query beside its name.
  if (!name || !second) return;
  ctx.emit({ kind: "queryName", source: "knex", name, file: ctx.path, line: ctx.lineOf(call) });
}

/**
 * A schema-builder chain, every call in order (`knex.schema.renameTable("a", "a_old").createTable("a", …)
 * .dropTable("a_old")`, as Knex runs them), each at its own line. `withSchema("s")` is the builder's: Knex
 * compiles every call of the chain in it, those before it too (the last one wins).
 */
function schemaChain(root: ts.CallExpression, rootMethod: string, ctx: VisitContext): void {
  const chain = chainFrom(root, rootMethod);
  let inSchema: string | undefined;
  for (const c of chain) if (c.name === "withSchema") inSchema = literalText(c.call.arguments[0]) ?? undefined;
  for (const c of chain) {
    const at = ts.isPropertyAccessExpression(c.call.expression) ? c.call.expression.name : c.call;
    schema(c.call, c.name, at, inSchema, ctx);
  }
}

/**
 * knex.schema.createTable / createTableIfNotExists / table / alterTable / renameTable / dropTable(IfExists):
 * the SQL each stands for, with table names that may be constants (`createTable(TableUser, …)`), read with
 * the other migrations in order. Foreign keys are `.references("users.id")`, `.references("id").inTable(T.users)`
 * and `t.foreign("user_id").references(…)` inside the builder callback, each at its own line.
 */
function schema(call: ts.CallExpression, method: string, at: ts.Node, inSchema: string | undefined, ctx: VisitContext): void {
  if (!call.arguments[0]) return;
  const named = tableValue(call.arguments[0]);
  if (!named) return;
  const emit = (sql: DdlPart[], where: ts.Node) => ctx.emit({ kind: "ddl", source: "knex", sql, file: ctx.path, line: ctx.lineOf(where), scope: ctx.scope(), rollback: ctx.inRollback() });
  const table: DdlPart = inSchema ? { table: named, schema: inSchema } : { table: named };
  if (method === "createTable" || method === "createTableIfNotExists") emit(["CREATE TABLE ", table, ' ("id" int)'], at);
  else if (method === "renameTable") {
    const to = call.arguments[1] && tableValue(call.arguments[1]);
    if (to) emit(["ALTER TABLE ", table, " RENAME TO ", inSchema ? { table: to, schema: inSchema } : { table: to }], at);
    return;
  } else if (method === "dropTable" || method === "dropTableIfExists") {
    emit([method === "dropTable" ? "DROP TABLE " : "DROP TABLE IF EXISTS ", table], at);
    return;
  } else if (method !== "table" && method !== "alterTable") return;
  const builder = call.arguments[1];
  if (!builder) return;
  walkTree(builder, (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "references" && n.arguments[0]) {
      // .references("users.id") or .references("id").inTable("users")
      const inTable = n.parent && ts.isPropertyAccessExpression(n.parent) && n.parent.name.text === "inTable" && ts.isCallExpression(n.parent.parent) ? n.parent.parent.arguments[0] : undefined;
      const target = tableValue(inTable ?? n.arguments[0]);
      if (target) emit(["ALTER TABLE ", table, ' ADD FOREIGN KEY ("?") REFERENCES ', inTable ? { table: target } : { tableOfColumn: target }], n);
    }
  });
}

/** A table name argument: a literal or a constant the linker reads. */
function tableValue(e: ts.Expression): ValueRef | null {
  const v = valueOf(e, 0);
  return v.kind === "string" || v.kind === "name" || v.kind === "template" ? v : null;
}
