import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { ROOT } from "./helpers/cli.js";

const fixture = (name: string) => scanRepo(path.join(ROOT, "fixtures", name));
const tables = (s: ReturnType<typeof scanRepo>) => s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`);
const fks = (s: ReturnType<typeof scanRepo>) => s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`);
const accesses = (s: ReturnType<typeof scanRepo>) => s.facts.accesses.filter((a) => a.file.endsWith(".ts") && !a.declares).map((a) => `${a.file}:${a.line} ${a.mode} ${a.table}`);
const joins = (s: ReturnType<typeof scanRepo>) => s.facts.joins.map((j) => `${j.file}:${j.line} ${j.tables.join(" ~ ")}`);

describe("TypeORM (fixtures/typeorm-shop): entities, relations, repositories, query builder, migrations", () => {
  const s = fixture("typeorm-shop");

  it("is enabled by the package.json and merges entities with SQL and TS migrations into one table set", () => {
    expect(s.sources).toEqual(["typeorm"]);
    // orders, users, billing.payments are declared in SQL as public."orders", "Users", BILLING.Payments:
    // one table each, kept at the SQL declaration; order_item comes from the TS migration's up() (its
    // down() DROP is not applied); the rest from entities, with default names (product) and the default
    // many-to-many join table.
    expect(tables(s)).toEqual([
      "billing.payments db/migrations/001_base.sql:5",
      "public.categories src/catalog/category.entity.ts:3",
      "public.order_item src/migrations/1700000000000-CreateShop.ts:5",
      "public.orders db/migrations/001_base.sql:2",
      "public.product src/catalog/product.entity.ts:5",
      "public.product_categories_categories src/catalog/product.entity.ts:16",
      "public.users db/migrations/001_base.sql:3",
    ]);
  });

  it("reads foreign keys from owning relations and join tables, once when SQL declares them too", () => {
    expect(fks(s)).toEqual([
      "public.order_item > public.orders src/migrations/1700000000000-CreateShop.ts:6",
      "public.order_item > public.product src/order/order-item.entity.ts:13",
      "public.orders > billing.payments src/order/order.entity.ts:17",
      "public.orders > public.users db/migrations/001_base.sql:6",
      "public.product_categories_categories > public.categories src/catalog/product.entity.ts:16",
      "public.product_categories_categories > public.product src/catalog/product.entity.ts:16",
    ]);
  });

  it("reads repository and manager use, relations and query-builder joins", () => {
    expect(accesses(s)).toEqual([
      "src/order/order.service.ts:15 read public.order_item",
      "src/order/order.service.ts:15 read public.orders",
      "src/order/order.service.ts:15 read public.users",
      "src/order/order.service.ts:19 read billing.payments",
      "src/order/order.service.ts:19 read public.orders",
      "src/order/order.service.ts:28 write billing.payments",
      "src/order/order.service.ts:29 write public.orders",
      "src/user/user.service.ts:12 read public.users",
      "src/user/user.service.ts:16 write public.users",
    ]);
    expect(joins(s)).toContain("src/order/order.service.ts:19 billing.payments ~ public.orders");
    // manager.save(Payment) and manager.update(Order) in one transaction callback
    const scopes = s.facts.accesses.filter((a) => a.line === 28 || a.line === 29).map((a) => a.scope);
    expect(new Set(scopes).size).toBe(1);
  });
});

describe("Prisma (fixtures/prisma-blog): multi-file schema, @@map, relations, implicit m2m, client use", () => {
  const s = fixture("prisma-blog");

  it("reads models across schema files, with @@map names and the implicit join table", () => {
    expect(s.sources).toEqual(["prisma"]);
    expect(tables(s)).toEqual([
      "public._posttotag prisma/schema/content.prisma:23",
      "public.comment prisma/schema/content.prisma:28",
      "public.invoices prisma/schema/billing.prisma:11",
      "public.posts prisma/schema/content.prisma:16",
      "public.subscriptions prisma/schema/billing.prisma:1",
      "public.tag prisma/schema/content.prisma:38",
      "public.users prisma/schema/content.prisma:6",
    ]);
    expect(fks(s)).toEqual([
      "public._posttotag > public.posts prisma/schema/content.prisma:23",
      "public._posttotag > public.tag prisma/schema/content.prisma:23",
      "public.comment > public.posts prisma/schema/content.prisma:31",
      "public.comment > public.users prisma/schema/content.prisma:33",
      "public.invoices > public.subscriptions prisma/schema/billing.prisma:13",
      "public.posts > public.users prisma/schema/content.prisma:20",
      "public.subscriptions > public.users prisma/schema/billing.prisma:3",
    ]);
  });

  it("reads client calls (include and nested select as joins, $transaction callbacks) and $queryRaw", () => {
    expect(accesses(s)).toEqual([
      "src/billing/billing.service.ts:4 read public.subscriptions",
      "src/billing/billing.service.ts:4 read public.users",
      "src/billing/billing.service.ts:5 write public.invoices",
      "src/posts/posts.service.ts:4 read public.posts",
      "src/posts/posts.service.ts:4 read public.tag",
      "src/posts/posts.service.ts:4 read public.users",
      "src/posts/posts.service.ts:12 write public.comment",
      "src/posts/posts.service.ts:17 write public.posts",
      "src/posts/posts.service.ts:18 write public.tag",
      "src/posts/posts.service.ts:24 read public.posts",
      "src/posts/posts.service.ts:24 read public.users",
    ]);
    expect(joins(s)).toContain("src/posts/posts.service.ts:24 public.posts ~ public.users");
  });
});

describe("Knex (fixtures/knex-billing): query builder, transactions, schema builder migrations", () => {
  const s = fixture("knex-billing");

  it("reads createTable and references(…).inTable(…) / references('t.id') / alterTable foreign keys, not down()", () => {
    expect(s.sources).toEqual(["knex"]);
    expect(tables(s)).toEqual([
      "public.customers migrations/20240101120000_init.ts:4",
      "public.invoice_lines migrations/20240101120000_init.ts:14",
      "public.invoices migrations/20240101120000_init.ts:8",
      "public.payments migrations/20240301090000_payments.ts:4",
    ]);
    expect(fks(s)).toEqual([
      "public.invoice_lines > public.invoices migrations/20240101120000_init.ts:16",
      "public.invoices > public.customers migrations/20240101120000_init.ts:10",
      "public.payments > public.invoices migrations/20240301090000_payments.ts:10",
    ]);
  });

  it("reads knex(table) and knex.select().from() chains, joins, and writes inside a transaction", () => {
    expect(accesses(s)).toEqual([
      "src/billing.ts:6 read public.customers",
      "src/billing.ts:6 read public.invoice_lines",
      "src/billing.ts:6 read public.invoices",
      "src/billing.ts:15 write public.payments",
      "src/billing.ts:16 write public.invoices",
      "src/billing.ts:21 read public.invoices",
    ]);
    expect(joins(s)).toContain("src/billing.ts:6 public.customers ~ public.invoices");
    const scopes = s.facts.accesses.filter((a) => a.line === 15 || a.line === 16).map((a) => a.scope);
    expect(new Set(scopes).size).toBe(1);
  });
});

describe("Kysely (fixtures/kysely-inventory): query builder, transactions, schema migrations", () => {
  const s = fixture("kysely-inventory");

  it("reads createTable, column references and addForeignKeyConstraint", () => {
    expect(s.sources).toEqual(["kysely"]);
    expect(tables(s)).toEqual([
      "public.movements src/migrations/001_stock.ts:16",
      "public.stock src/migrations/001_stock.ts:10",
      "public.warehouses src/migrations/001_stock.ts:5",
    ]);
    expect(fks(s)).toEqual(["public.movements > public.warehouses src/migrations/001_stock.ts:20", "public.stock > public.warehouses src/migrations/001_stock.ts:12"]);
  });

  it("reads selectFrom with aliases and joins, and writes in trx", () => {
    expect(accesses(s)).toEqual([
      "src/stock/stock.repository.ts:9 read public.stock",
      "src/stock/stock.repository.ts:9 read public.warehouses",
      "src/stock/stock.repository.ts:18 write public.stock",
      "src/stock/stock.repository.ts:19 write public.movements",
      "src/stock/stock.repository.ts:24 write public.movements",
    ]);
    expect(joins(s)).toEqual(["src/stock/stock.repository.ts:9 public.stock ~ public.warehouses"]);
  });
});

describe("Drizzle (fixtures/drizzle-store): tables, references, foreignKey, pgSchema, relations, queries", () => {
  const s = fixture("drizzle-store");

  it("reads pgTable / schema.table definitions and their foreign keys", () => {
    expect(s.sources).toEqual(["drizzle"]);
    expect(tables(s)).toEqual([
      "billing.invoices src/db/schema.ts:31",
      "public.order_items src/db/schema.ts:17",
      "public.orders src/db/schema.ts:9",
      "public.users src/db/schema.ts:4",
    ]);
    expect(fks(s)).toEqual([
      "billing.invoices > public.orders src/db/schema.ts:33",
      "public.order_items > public.orders src/db/schema.ts:25",
      "public.orders > public.users src/db/schema.ts:13",
    ]);
  });

  it("reads select/from/join, relational queries through relations(), and inserts in a transaction", () => {
    expect(accesses(s)).toEqual([
      "src/orders/orders.service.ts:8 read public.orders",
      "src/orders/orders.service.ts:8 read public.users",
      "src/orders/orders.service.ts:14 read public.order_items",
      "src/orders/orders.service.ts:14 read public.orders",
      "src/orders/orders.service.ts:14 read public.users",
      "src/orders/orders.service.ts:19 write public.orders",
      "src/orders/orders.service.ts:20 write public.order_items",
      "src/orders/orders.service.ts:21 write billing.invoices",
    ]);
    expect(joins(s)).toContain("src/orders/orders.service.ts:8 public.orders ~ public.users");
  });
});

describe("Sequelize (fixtures/sequelize-crm): define/init, naming, associations, queries", () => {
  const s = fixture("sequelize-crm");

  it("reads models with tableName, plural default, freezeTableName, and associations as foreign keys", () => {
    expect(s.sources).toEqual(["sequelize"]);
    expect(tables(s)).toEqual([
      "public.activity src/models/index.ts:13",
      "public.companies src/models/index.ts:6",
      "public.contacts src/models/index.ts:8",
      "public.deal_tags src/models/index.ts:20",
      "public.deals src/models/index.ts:11",
      "public.tags src/models/index.ts:15",
    ]);
    expect(fks(s)).toEqual([
      "public.activity > public.deals src/models/index.ts:19",
      "public.contacts > public.companies src/models/index.ts:17",
      "public.deal_tags > public.deals src/models/index.ts:20",
      "public.deal_tags > public.tags src/models/index.ts:20",
      "public.deals > public.companies src/models/index.ts:18",
    ]);
  });

  it("reads finders with include as joins, writes in a transaction, and ignores Math.max", () => {
    expect(accesses(s)).toEqual([
      "src/services/deals.ts:4 read public.activity",
      "src/services/deals.ts:4 read public.deals",
      "src/services/deals.ts:4 read public.tags",
      "src/services/deals.ts:9 write public.deals",
      "src/services/deals.ts:10 write public.activity",
      "src/services/deals.ts:15 read public.companies",
    ]);
    expect(s.facts.diagnostics.filter((d) => d.code !== "no-git-history")).toEqual([]);
  });
});
