import { describe, expect, it } from "vitest";
import { StatementExtractor } from "../src/scan/sql/extract.js";

const pg = new StatementExtractor("postgresql");
const my = new StatementExtractor("mysql");
const facts = (sql: string, x = pg) => x.extract(sql).facts;
const accesses = (sql: string, x = pg) => facts(sql, x).accesses.map((a) => `${a.mode}:${a.table}`).sort();

describe("DDL: tables, foreign keys, views, partitions, renames, drops", () => {
  it("reads CREATE TABLE with inline and table-level references, schema-qualified and quoted", () => {
    const f = facts('CREATE TABLE shop."Orders" (id int, user_id int REFERENCES users(id), CONSTRAINT c FOREIGN KEY (x, y) REFERENCES billing.accounts(id, z))');
    expect(f.creates).toEqual(["shop.orders"]);
    expect(f.foreignKeys).toEqual([
      { from: "shop.orders", to: "public.users" },
      { from: "shop.orders", to: "billing.accounts", constraint: "c" },
    ]);
  });

  it("reads ALTER TABLE ONLY … ADD CONSTRAINT … FOREIGN KEY with the constraint's name", () => {
    expect(facts("ALTER TABLE ONLY public.payment ADD CONSTRAINT payment_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customer(customer_id)").foreignKeys).toEqual([
      { from: "public.payment", to: "public.customer", constraint: "payment_customer_fk" },
    ]);
  });

  it("reads partitions (PARTITION OF, ATTACH PARTITION), INHERITS and LIKE", () => {
    const p = facts("CREATE TABLE public.payment_p2022_01 PARTITION OF public.payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')");
    expect(p.creates).toEqual(["public.payment_p2022_01"]);
    expect(p.inherits).toEqual([{ child: "public.payment_p2022_01", parent: "public.payment" }]);
    expect(facts("ALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_p2022_02 FOR VALUES FROM ('a') TO ('b')").inherits).toEqual([
      { child: "public.payment_p2022_02", parent: "public.payment" },
    ]);
    expect(facts("CREATE TABLE archived_orders () INHERITS (orders, audited)").inherits).toEqual([
      { child: "public.archived_orders", parent: "public.orders" },
      { child: "public.archived_orders", parent: "public.audited" },
    ]);
    expect(facts("CREATE TABLE orders_copy (LIKE orders INCLUDING ALL)").creates).toEqual(["public.orders_copy"]);
    expect(facts("CREATE UNLOGGED TABLE IF NOT EXISTS tmp_x (id int)").creates).toEqual(["public.tmp_x"]);
  });

  it("reads a view as the tables its definition reads, parenthesised joins and subqueries included", () => {
    const f = facts(`CREATE OR REPLACE VIEW public.v AS SELECT a.id, (SELECT count(*) FROM c WHERE c.a = a.id)
      FROM ((public.a LEFT JOIN public.b ON a.id = b.a) JOIN (SELECT * FROM d) dd ON dd.id = a.id)`);
    expect(f.views).toEqual([{ name: "public.v", reads: ["public.a", "public.b", "public.c", "public.d"] }]);
    expect(f.accesses).toEqual([]);
    expect(facts("CREATE MATERIALIZED VIEW mv AS SELECT * FROM orders").views).toEqual([{ name: "public.mv", reads: ["public.orders"] }]);
  });

  it("reads renames and drops", () => {
    expect(facts("ALTER TABLE shop.orders RENAME TO purchases").renames).toEqual([{ from: "shop.orders", to: "shop.purchases" }]);
    expect(facts("RENAME TABLE a TO b, c TO d", my).renames).toEqual([{ from: "default.a", to: "default.b" }, { from: "default.c", to: "default.d" }]);
    expect(facts("DROP TABLE IF EXISTS a, public.b CASCADE").drops).toEqual(["public.a", "public.b"]);
    expect(facts("ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_coupon_fk").droppedConstraints).toEqual([{ table: "public.orders", constraint: "orders_coupon_fk" }]);
    expect(facts("ALTER TABLE orders RENAME COLUMN a TO b").renames).toEqual([]);
  });

  it("reads MySQL DDL with backticks and engine options", () => {
    const f = facts("CREATE TABLE `order_item` (\n `id` int NOT NULL AUTO_INCREMENT,\n `order_id` int NOT NULL,\n PRIMARY KEY (`id`),\n KEY `fk_o` (`order_id`),\n CONSTRAINT `fk_o` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`) ON DELETE CASCADE\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", my);
    expect(f.creates).toEqual(["default.order_item"]);
    expect(f.foreignKeys).toEqual([{ from: "default.order_item", to: "default.order", constraint: "fk_o" }]);
  });
});

describe("DML: reads, writes and joins", () => {
  it("tells reads from writes and pairs the tables of one statement as joins", () => {
    const f = facts("UPDATE orders o SET status = 'paid' FROM payments p WHERE p.order_id = o.id");
    expect(f.accesses).toEqual([{ table: "public.orders", mode: "write" }, { table: "public.payments", mode: "read" }]);
    expect(f.joins).toEqual([["public.orders", "public.payments"]]);
  });

  it("reads MySQL's multi-table UPDATE: the SET decides what is written", () => {
    expect(accesses("UPDATE orders o JOIN payments p ON p.order_id = o.id SET o.status = 'paid' WHERE p.ok = 1", my)).toEqual(["read:default.payments", "write:default.orders"]);
  });

  it("does not take CTE names for tables", () => {
    expect(accesses("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent r JOIN users u ON u.id = r.user_id")).toEqual(["read:public.orders", "read:public.users"]);
    expect(accesses("WITH RECURSIVE t(id) AS (SELECT id FROM cats UNION ALL SELECT c.id FROM cats c JOIN t ON c.parent = t.id) DELETE FROM cats WHERE id IN (SELECT id FROM t)")).toEqual(["read:public.cats", "write:public.cats"]);
  });

  it("counts tables in subqueries and INSERT … SELECT", () => {
    const f = facts("SELECT * FROM orders WHERE id IN (SELECT order_id FROM payments)");
    expect(f.joins).toEqual([["public.orders", "public.payments"]]);
    expect(accesses("INSERT INTO archive (id) SELECT id FROM orders WHERE placed_at < now()")).toEqual(["read:public.orders", "write:public.archive"]);
  });

  it("reads DELETE … USING, MERGE and upserts", () => {
    expect(accesses("DELETE FROM orders USING payments WHERE payments.order_id = orders.id AND payments.id = ANY($1::bigint[])")).toEqual(["read:public.payments", "write:public.orders"]);
    const merge = facts("MERGE INTO stock s USING incoming i ON s.sku = i.sku WHEN MATCHED THEN UPDATE SET qty = s.qty + i.qty WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (i.sku, i.qty)");
    expect(merge.accesses.map((a) => `${a.mode}:${a.table}`).sort()).toEqual(["read:public.incoming", "write:public.stock"]);
    expect(merge.joins).toEqual([["public.incoming", "public.stock"]]);
    expect(accesses("INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a")).toEqual(["write:public.t"]);
    expect(accesses("INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)", my)).toEqual(["write:default.t"]);
  });

  it("reads placeholders $1, ? and :name, and ${…} holes", () => {
    expect(pg.extract("SELECT * FROM users WHERE id = :id AND org = :orgId").parsed).toBe(true);
    expect(accesses("SELECT * FROM users WHERE id = ?", my)).toEqual(["read:default.users"]);
    expect(accesses("SELECT * FROM carts LIMIT ${…}")).toEqual(["read:public.carts"]);
  });

  it("falls back to keywords where the parser gives up, and says so", () => {
    const r = pg.extract("SELECT o.id FROM orders o WHERE o.id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED");
    expect(r.parsed).toBe(false);
    expect(r.parseError).toBeTruthy();
    expect(r.facts.accesses).toEqual([{ table: "public.orders", mode: "read" }]);
  });

  it("ignores FROM inside EXTRACT and IS DISTINCT FROM in the fallback", () => {
    expect(accesses("SELECT EXTRACT(YEAR FROM o.placed_at), x IS DISTINCT FROM y FROM orders o WHERE o.id = ANY($1::int[])")).toEqual(["read:public.orders"]);
  });

  it("reads COPY as a write (FROM) or a read (TO), and privileges as nothing", () => {
    expect(accesses("COPY public.actor (actor_id, name) FROM stdin")).toEqual(["write:public.actor"]);
    expect(accesses("COPY orders TO '/tmp/o.csv'")).toEqual(["read:public.orders"]);
    expect(accesses("REVOKE ALL ON SCHEMA public FROM PUBLIC")).toEqual([]);
  });
});
