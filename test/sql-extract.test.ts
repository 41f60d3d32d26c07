import { describe, expect, it } from "vitest";
import { StatementExtractor } from "../src/scan/sql/extract.js";

const pg = new StatementExtractor("postgresql");
const facts = (sql: string) => pg.extract(sql).facts;

describe("tables, foreign keys, reads, writes and joins of one statement", () => {
  it("reads CREATE TABLE with inline and table-level references, schema-qualified and quoted", () => {
    const f = facts('CREATE TABLE shop."Orders" (id int, user_id int REFERENCES users(id), CONSTRAINT c FOREIGN KEY (x) REFERENCES billing.accounts(id))');
    expect(f.creates).toEqual(["shop.orders"]);
    expect(f.foreignKeys).toEqual([{ from: "shop.orders", to: "public.users" }, { from: "shop.orders", to: "billing.accounts" }]);
  });

  it("reads ALTER TABLE ONLY … ADD CONSTRAINT … FOREIGN KEY", () => {
    expect(facts("ALTER TABLE ONLY public.payment ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES public.customer(customer_id)").foreignKeys).toEqual([
      { from: "public.payment", to: "public.customer" },
    ]);
  });

  it("tells reads from writes and pairs the tables of one statement as joins", () => {
    const f = facts("UPDATE orders o SET status = 'paid' FROM payments p WHERE p.order_id = o.id");
    expect(f.accesses).toEqual([{ table: "public.orders", mode: "write" }, { table: "public.payments", mode: "read" }]);
    expect(f.joins).toEqual([["public.orders", "public.payments"]]);
  });

  it("does not take CTE names for tables", () => {
    const f = facts("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent r JOIN users u ON u.id = r.user_id");
    expect(f.accesses.map((a) => a.table).sort()).toEqual(["public.orders", "public.users"]);
  });

  it("counts tables in subqueries", () => {
    const f = facts("SELECT * FROM orders WHERE id IN (SELECT order_id FROM payments)");
    expect(f.accesses.map((a) => a.table).sort()).toEqual(["public.orders", "public.payments"]);
    expect(f.joins).toEqual([["public.orders", "public.payments"]]);
  });

  it("falls back to keywords where the parser gives up, and says so", () => {
    const r = pg.extract("DELETE FROM orders USING payments WHERE payments.order_id = orders.id AND payments.id = ANY($1::bigint[])");
    expect(r.parsed).toBe(false);
    expect(r.facts.accesses).toEqual([{ table: "public.orders", mode: "write" }, { table: "public.payments", mode: "read" }]);
  });

  it("ignores FROM inside EXTRACT and IS DISTINCT FROM in the fallback", () => {
    const r = pg.extract("SELECT EXTRACT(YEAR FROM o.placed_at), x IS DISTINCT FROM y FROM orders o WHERE o.id = ANY($1::int[])");
    expect(r.facts.accesses).toEqual([{ table: "public.orders", mode: "read" }]);
  });

  it("reads ${…} holes as parameters", () => {
    expect(facts("SELECT * FROM carts LIMIT ${…}").accesses).toEqual([{ table: "public.carts", mode: "read" }]);
  });
});
