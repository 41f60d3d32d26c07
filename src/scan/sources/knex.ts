import { ts } from "ts-morph";
import type { Source, VisitContext } from "./source.js";
import { calleePath, literalText } from "./ts-helpers.js";
import { chainFrom, inRollback, isChainRoot, tableArg } from "./query-builder.js";
import { valueText, type Ref } from "../link/refs.js";
import { valueOf } from "../link/symbols.js";

/*
 * Knex — https://knexjs.org/guide/query-builder.html, https://knexjs.org/guide/schema-builder.html
 * Queries: knex("orders") / trx("orders") / knex.select(…).from("orders") / knex.insert(…).into("orders"),
 * with join/innerJoin/leftJoin… (reads, joins) and insert/update/del/delete/truncate/upsert/increment…
 * (writes). Writes inside knex.transaction(async (trx) => …) share that callback's scope.
 * Schema: knex.schema.createTable("orders", (t) => t.integer("user_id").references("id").inTable("users"))
 * and .references("users.id"), knex.schema.table/alterTable(…) foreign keys; not inside a migration's down.
 */

const RECEIVERS = /^(knex|db|trx|tx|k|qb|database|conn|connection|client)$/i;
const WRITES = new Set(["insert", "update", "del", "delete", "truncate", "upsert", "increment", "decrement", "merge"]);
const JOINS = new Set(["join", "innerJoin", "leftJoin", "leftOuterJoin", "rightJoin", "rightOuterJoin", "fullOuterJoin", "crossJoin", "outerJoin"]);
const CTE_METHODS = new Set(["with", "withRecursive", "withMaterialized", "withNotMaterialized"]);
const TABLE_METHODS = new Set(["from", "into", "table", "fromRaw"]);
const QUERY_STARTS = new Set(["select", "from", "table", "insert", "update", "del", "delete", "into", "count", "distinct", "first", "pluck", "where", "with"]);

export const knex: Source = {
  id: "knex",
  title: "Knex",
  docs: "https://knexjs.org/guide/query-builder.html",
  declares: /\.schema\b/,
  enablers: ["knex"],

  visit(node, ctx) {
    if (!ts.isCallExpression(node) || !isChainRoot(node)) return;
    const path = calleePath(node.expression);
    if (!path) return;
    if (path.length >= 2 && path[path.length - 2] === "schema") return schema(node, path[path.length - 1], ctx);
    // knex("orders") and this.knex("orders") call the builder itself; knex.select(…) starts with a method.
    const direct = path.length === 1 || (path.length === 2 && path[0] === "this");
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
      if (!name) continue;
      ctes.add(name);
      ctx.emit({ kind: "queryName", source: "knex", name, file: ctx.path, line: ctx.lineOf(c.call) });
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

/** knex.schema.createTable("orders", (t) => …) / .table / .alterTable: tables and foreign keys. */
function schema(call: ts.CallExpression, method: string, ctx: VisitContext): void {
  if (inRollback(ctx)) return;
  if (!call.arguments[0]) return;
  // A literal name, or a constant (`createTable(TableUser, …)`, `T.users`) the linker reads.
  const named = valueOf(call.arguments[0], 0);
  if (named.kind !== "string" && named.kind !== "name" && named.kind !== "template") return;
  const table = named.kind === "string" ? named.value : "";
  const from = named.kind === "string" ? { fromTable: table } : { fromRef: named };
  if (method === "createTable" || method === "createTableIfNotExists") {
    ctx.emit({ kind: "entity", source: "knex", entity: `table:${table || valueText(named)}`, table, ...(table ? {} : { tableRef: named }), file: ctx.path, line: ctx.lineOf(call) });
  } else if (method !== "table" && method !== "alterTable") return;
  const builder = call.arguments[1];
  if (!builder) return;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "references" && n.arguments[0]) {
      // .references("users.id") or .references("id").inTable("users")
      const inTable = n.parent && ts.isPropertyAccessExpression(n.parent) && n.parent.name.text === "inTable" && ts.isCallExpression(n.parent.parent) ? n.parent.parent.arguments[0] : undefined;
      const target = valueOf(inTable ?? n.arguments[0], 0);
      const line = ctx.lineOf(n);
      const base = { kind: "relation" as const, source: "knex", entity: "", target: "", owner: true, file: ctx.path, line, ...from };
      if (target.kind === "string") {
        const t = inTable ? target.value : target.value.includes(".") ? target.value.slice(0, target.value.lastIndexOf(".")) : null;
        if (t) ctx.emit({ ...base, toTable: t });
      } else if (target.kind === "name" || target.kind === "template") {
        ctx.emit({ ...base, toRef: target, toRefIsColumn: !inTable });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(builder);
}
