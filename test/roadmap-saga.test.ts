import { afterAll, describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { checkCorrelation } from "../src/plan/code/correlation.js";
import { repoOf, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);

/** A shop whose checkout charges a card through Stripe and books a carrier over HTTP inside one transaction. */
const SHOP = {
  "package.json": JSON.stringify({ name: "shop", dependencies: { pg: "^8", stripe: "^14" } }),
  "contexts.yaml": [
    "contexts:",
    "  order: { modules: [src/orders/**], tables: [orders, order_lines] }",
    "  billing: { modules: [src/billing/**], tables: [payments] }",
    "  shipping: { modules: [src/shipping/**], tables: [shipments] }",
    "",
  ].join("\n"),
  "db/schema.sql": [
    "CREATE TABLE orders (id SERIAL PRIMARY KEY, total INT NOT NULL, status TEXT NOT NULL DEFAULT 'pending');",
    "CREATE TABLE order_lines (id SERIAL PRIMARY KEY, order_id INT NOT NULL REFERENCES orders (id) ON DELETE CASCADE, sku TEXT);",
    "CREATE TABLE payments (id SERIAL PRIMARY KEY, order_id INT NOT NULL, amount INT NOT NULL, intent TEXT);",
    "CREATE TABLE shipments (id SERIAL PRIMARY KEY, order_id INT NOT NULL, label TEXT);",
    "",
  ].join("\n"),
  "src/shared/db.ts": [
    'import { Pool, type PoolClient } from "pg";',
    "export const pool = new Pool();",
    "export async function transaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {",
    "  const c = await pool.connect();",
    '  await c.query("BEGIN");',
    "  const r = await work(c);",
    '  await c.query("COMMIT");',
    "  return r;",
    "}",
    "",
  ].join("\n"),
  "src/orders/place-order.ts": [
    'import { transaction } from "../shared/db";',
    'import { charge } from "../billing/charge";',
    'import { book } from "../shipping/book";',
    "",
    "export async function placeOrder(total: number, skus: string[]) {",
    "  return transaction(async (tx) => {",
    '    const { rows: [o] } = await tx.query("INSERT INTO orders (total) VALUES ($1) RETURNING id", [total]);',
    '    for (const sku of skus) await tx.query("INSERT INTO order_lines (order_id, sku) VALUES ($1, $2)", [o.id, sku]);',
    "    await charge(tx, o.id, total);",
    "    await book(tx, o.id);",
    "    await tx.query(\"UPDATE orders SET status = 'paid' WHERE id = $1\", [o.id]);",
    "    return o.id;",
    "  });",
    "}",
    "",
  ].join("\n"),
  "src/orders/orders.ts": ['import { pool } from "../shared/db";', 'export const byId = (id: number) => pool.query("SELECT * FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1", [id]);', ""].join("\n"),
  "src/billing/charge.ts": [
    'import Stripe from "stripe";',
    'import type { PoolClient } from "pg";',
    "const stripe = new Stripe(process.env.STRIPE_KEY ?? \"\");",
    "",
    "export async function charge(tx: PoolClient, orderId: number, amount: number) {",
    '  const intent = await stripe.paymentIntents.create({ amount, currency: "usd" });',
    '  await tx.query("INSERT INTO payments (order_id, amount, intent) VALUES ($1, $2, $3)", [orderId, amount, intent.id]);',
    "}",
    "",
  ].join("\n"),
  "src/billing/report.ts": ['import { pool } from "../shared/db";', 'export const paid = () => pool.query("SELECT sum(amount) FROM payments");', ""].join("\n"),
  "src/shipping/book.ts": [
    'import type { PoolClient } from "pg";',
    'const CARRIER = "https://carrier.example/api";',
    "",
    "export async function book(tx: PoolClient, orderId: number) {",
    '  const res = await fetch(`${CARRIER}/bookings`, { method: "POST", body: JSON.stringify({ orderId }), signal: AbortSignal.timeout(3000) });',
    '  await tx.query("INSERT INTO shipments (order_id, label) VALUES ($1, $2)", [orderId, (await res.json()).label]);',
    "}",
    "",
  ].join("\n"),
  "src/shipping/list.ts": ['import { pool } from "../shared/db";', 'export const all = () => pool.query("SELECT * FROM shipments");', ""].join("\n"),
};

describe("sagas read from the code", () => {
  const dir = repo(SHOP);
  const { roadmap } = roadmapOf(assessRepo(dir), dir, {}, { lang: "en" });
  const saga = roadmap.sagas.find((s) => s.name === "placeOrder")!;

  it("finds a transaction that reaches two contexts' writes through the functions it calls, named after its function", () => {
    expect(saga).toBeDefined();
    expect(saga.at).toEqual({ file: "src/orders/place-order.ts", line: 5 });
    expect(saga.orchestrator).toBe("order");
    expect(saga.participants).toEqual(["billing", "shipping"]);
  });

  it("makes each call out of the process a step of its participant, with the client library's own undo", () => {
    expect(saga.steps.map((s) => [s.context, s.kind])).toEqual([["order", "local"], ["billing", "payment"], ["shipping", "http"], ["order", "local"]]);
    const charge = saga.steps[1].actions.find((a) => a.kind === "external")!;
    expect(charge).toMatchObject({ client: "stripe", target: "stripe.paymentIntents.create", evidence: { file: "src/orders/place-order.ts", line: 9 }, via: [{ file: "src/billing/charge.ts", line: 6 }] });
    expect(charge.compensation).toEqual({ kind: "library", call: "paymentIntents.cancel", client: "stripe" });
  });

  it("says when nothing undoes a call, and sees the timeout the code sets", () => {
    const booking = saga.steps[2].actions.find((a) => a.kind === "external")!;
    expect(booking.target).toBe("POST https://carrier.example/api/bookings");
    expect(booking.compensation).toEqual({ kind: "missing", target: "POST https://carrier.example/api/bookings" });
    expect(saga.steps[2].gaps.map((g) => g.id)).toEqual(["no-idempotency-key", "no-retry"]);
  });

  it("compensates a row with a status by a state change, its cascading children with it, and a later update of it by that", () => {
    const comp = (table: string, i = 0) => saga.steps.flatMap((s) => s.actions).filter((a) => a.table === table)[i].compensation;
    expect(comp("orders")).toEqual({ kind: "status", table: "orders", column: "status", to: "cancelled", from: null, newState: true });
    expect(comp("order_lines")).toEqual({ kind: "covered", table: "order_lines", by: "orders" });
    expect(comp("orders", 1)).toEqual({ kind: "covered", table: "orders", by: "orders" });
    expect(comp("payments")).toEqual({ kind: "delete", table: "payments" });
    expect(saga.key).toEqual({ table: "orders", column: "id" });
  });

  it("has the saga orchestrated before billing and shipping leave", () => {
    const work = roadmap.sagaWork.find((w) => w.orchestrator === "order")!;
    for (const name of ["billing", "shipping"]) expect(roadmap.contexts.find((c) => c.name === name)!.startWeek).toBeGreaterThan(work.doneWeek);
  });
});

describe("the correlation-id check", () => {
  it("fails when a request id is only set on an outbound call", () => {
    const r = checkCorrelation([{ path: "src/carrier.ts", text: 'await fetch(url, { headers: { "x-request-id": `shipment-${id}` } });\n' }], []);
    expect(r.ok).toBe(false);
    expect(r.elsewhere).toEqual([{ file: "src/carrier.ts", line: 1 }]);
  });

  it("passes when incoming requests carry one and the logger binds it", () => {
    const text = ['app.use((req, res, next) => {', '  const id = req.headers["x-request-id"] ?? randomUUID();', "  req.log = logger.child({ requestId: id });", "  next();", "});", ""].join("\n");
    const r = checkCorrelation([{ path: "src/app.ts", text }], []);
    expect(r).toMatchObject({ ok: true, incoming: [{ file: "src/app.ts", line: 2 }], logging: [{ file: "src/app.ts", line: 3 }] });
  });

  it("passes with a package that does both (pino-http), and fails with only incoming ids", () => {
    expect(checkCorrelation([], ["pino-http"]).ok).toBe(true);
    expect(checkCorrelation([{ path: "a.ts", text: 'const id = req.get("x-request-id");\n' }], []).ok).toBe(false);
  });
});
