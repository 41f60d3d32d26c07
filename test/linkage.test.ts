import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { ROOT, repoOf, tempDirs } from "./helpers/cli.js";

/*
 * How code reaches tables without naming them: through entity classes passed to calls, repositories and
 * base classes, injection, constants of other files and packages, and sources that wrap an ORM. Each
 * fixture was written for this project; every read, write, join and transaction is asserted with its line.
 */

const fixture = (name: string) => scanRepo(path.join(ROOT, "fixtures", name));
const tables = (s: ReturnType<typeof scanRepo>) => s.facts.tables.map((t) => `${t.name} ${t.file}:${t.line}`);
const fks = (s: ReturnType<typeof scanRepo>) => s.facts.foreignKeys.map((f) => `${f.from} > ${f.to} ${f.file}:${f.line}`);
const accesses = (s: ReturnType<typeof scanRepo>) => s.facts.accesses.filter((a) => /\.(ts|js)$/.test(a.file) && !a.declares).map((a) => `${a.file}:${a.line} ${a.mode} ${a.table}`);
const joins = (s: ReturnType<typeof scanRepo>) => s.facts.joins.map((j) => `${j.file}:${j.line} ${j.tables.join(" ~ ")}`);
const txPairs = (s: ReturnType<typeof scanRepo>) => {
  const out = new Set<string>();
  buildGraph(s.facts).forEachEdge((_e, a, source, target) => {
    if (a.kind === "tx") out.add(`${source.slice(6)} ~ ${target.slice(6)} ${[...new Set(a.evidence.map((e) => `${e.file}:${e.line}`))].join(" ")}`);
  });
  return [...out].sort();
};
const warnings = (s: ReturnType<typeof scanRepo>) => s.facts.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.file}:${d.line} ${d.code}`);

describe("entities passed to calls, repositories, base classes and injection (fixtures/linkage-typeorm-wrapper)", () => {
  const s = fixture("linkage-typeorm-wrapper");

  it("declares the entities behind a barrel and a path alias, single-table inheritance in its parent's table", () => {
    expect(s.sources).toEqual(["typeorm"]);
    expect(tables(s)).toEqual([
      "public.brands src/entities/brand.entity.ts:3",
      "public.cart src/entities/cart.entity.ts:3",
      "public.order_line src/entities/order-line.entity.ts:5",
      "public.orders src/entities/order.entity.ts:3",
      "public.product src/entities/product.entity.ts:4",
      "public.product_translation src/entities/product-translation.entity.ts:4",
      "public.stock_movement src/entities/stock-movement.entity.ts:3",
    ]);
    expect(fks(s)).toEqual([
      "public.order_line > public.orders src/entities/order-line.entity.ts:9",
      "public.order_line > public.product src/entities/order-line.entity.ts:10",
      "public.product > public.brands src/entities/product.entity.ts:8",
      "public.product_translation > public.product src/entities/product-translation.entity.ts:8",
    ]);
  });

  it("reads each access where the code makes it, by the verb of the call or of the chain after it", () => {
    expect(accesses(s)).toEqual([
      // @EntityRepository(Brand): the injected repository's own method, and its inherited `this.repository`
      "src/brand/brand.controller.ts:7 read public.brands",
      "src/brand/brand.repository.ts:5 uses public.brands",
      "src/brand/brand.repository.ts:7 read public.brands",
      // getRepository(Cart).extend({…}) as a constant, injected by name as `cartRepository`
      "src/cart/cart.repository.ts:4 uses public.cart",
      // this.find() in a method of its .extend({ … })
      "src/cart/cart.repository.ts:6 read public.cart",
      "src/cart/cart.service.ts:16 read public.cart",
      "src/cart/cart.service.ts:20 write public.cart",
      // CrudService<Product>: the subclass's own call on the base's field, and a controller calling the service
      "src/catalog/catalog.controller.ts:7 read public.product",
      "src/catalog/catalog.service.ts:6 uses public.product",
      "src/catalog/catalog.service.ts:12 write public.product",
      // `orders: OrderRepo` where `type OrderRepo = Repository<Order>` lives in another file
      "src/order/order-report.service.ts:8 read public.orders",
      // manager.transaction(em => em.save(Order) … em.insert(OrderLine)), createQueryBuilder(Order, "o")
      "src/service/order.service.ts:7 write public.orders",
      "src/service/order.service.ts:8 write public.order_line",
      "src/service/order.service.ts:14 read public.orders",
      // getRepository(ctx, Product).find(), getEntityOrThrow(ctx, Product, id), saver.create({ entityType }),
      // a repository kept in a variable, a query builder with a join, and an unknown verb (`uses`)
      "src/service/product.service.ts:12 read public.product",
      "src/service/product.service.ts:16 read public.product",
      "src/service/product.service.ts:20 write public.product",
      "src/service/product.service.ts:20 write public.product_translation",
      "src/service/product.service.ts:25 write public.product",
      "src/service/product.service.ts:29 read public.brands",
      "src/service/product.service.ts:29 read public.product",
      "src/service/product.service.ts:33 uses public.product",
      // a @ChildEntity is its parent's table
      "src/stock/stock.service.ts:8 write public.stock_movement",
    ]);
    // src/service/product-form.ts uses the Product DTO, not the entity: imports decide, not the name.
    expect(s.facts.accesses.some((a) => a.file === "src/service/product-form.ts")).toBe(false);
    expect(joins(s)).toEqual(["src/service/product.service.ts:29 public.brands ~ public.product"]);
    expect(txPairs(s)).toEqual([
      "public.order_line ~ public.orders src/service/order.service.ts:7 src/service/order.service.ts:8",
      // one call saves a product with its translation
      "public.product ~ public.product_translation src/service/product.service.ts:20",
    ]);
  });

  it("says how much it saw", () => {
    // Units as `auto` forms them: src/order holds entities/order.entity.ts, service/order.service.ts and
    // the order/ folder; entity files touch the table they declare.
    expect(s.facts.units.filter((u) => u.formed === "domain-noun").map((u) => `${u.path} [${u.layers!.join(", ")}]`)).toContain("src/order [src/entities, src/order, src/service]");
    expect(s.linkage).toEqual({
      units: 14,
      unitsTouchingTables: 9,
      share: 0.643,
      sources: [{ id: "typeorm", title: "TypeORM", tables: 7, calls: 30, linked: 30 }],
      warnings: [],
    });
    expect(s.dialectFrom).toBe('src/connection/data-source.ts:3 type: "postgres"');
    expect(warnings(s)).toEqual([]);
  });
});

describe("Knex stores, constants of a sibling package, injection and aliases (fixtures/linkage-knex-monorepo)", () => {
  // Only the api package is scanned: its table names live in the workspace package @flags/tables.
  const s = fixture("linkage-knex-monorepo/packages/api");

  it("builds the schema from db-migrate (runSql and its schema API) and Knex schema-builder migrations naming tables by constant", () => {
    expect(s.sources).toEqual(["knex", "db-migrate"]);
    expect(tables(s)).toEqual([
      "public.audit_log migrations/20240201000000_features.ts:17",
      "public.events migrations/20240201000000_features.ts:13",
      "public.feature_strategies migrations/20240201000000_features.ts:9",
      "public.features migrations/20240201000000_features.ts:5",
      "public.projects migrations/20240101000000-init.js:5",
      "public.settings migrations/20240115000000-settings.js:9",
      "public.user_tokens migrations/20240115000000-settings.js:13",
      "public.users migrations/20240101000000-init.js:4",
    ]);
    expect(fks(s)).toEqual([
      "public.audit_log > public.users migrations/20240201000000_features.ts:19",
      "public.feature_strategies > public.features migrations/20240201000000_features.ts:11",
      "public.features > public.projects migrations/20240201000000_features.ts:7",
      "public.projects > public.users migrations/20240101000000-init.js:5",
      "public.settings > public.users migrations/20240115000000-settings.js:11",
      "public.user_tokens > public.users migrations/20240115000000-settings.js:14",
    ]);
  });

  it("follows stores through constants, enum members, super(table) and injected receivers", () => {
    expect(accesses(s)).toEqual([
      "src/events/event-store.ts:8 write public.events",
      // inside the CTE's callback; the CTE "recent" itself is no table, in the builder or in raw SQL
      "src/events/event-store.ts:14 read public.events",
      // the service reaches what the stores' methods do: featureStore through its interface (the fake
      // implementing it reaches nothing), eventStore by the name createStores registers it under
      "src/features/feature-service.ts:15 write public.features",
      "src/features/feature-service.ts:16 write public.events",
      "src/features/feature-service.ts:20 read public.features",
      "src/features/feature-store.ts:11 read public.features",
      "src/features/feature-store.ts:15 write public.features",
      "src/features/feature-store.ts:19 read public.feature_strategies",
      "src/features/feature-store.ts:19 read public.features",
      // super(TableProject, db) names the table CrudStore's this.tableName reads
      "src/projects/project-store.ts:6 uses public.projects",
      "src/projects/project-store.ts:12 read public.projects",
      // @InjectConnection() sql: Knex, `const dbActor = transaction ?? this.sql`, AuditTable.Log
      "src/users/user.service.ts:12 read public.users",
      "src/users/user.service.ts:17 write public.users",
      "src/users/user.service.ts:18 write public.audit_log",
    ]);
    expect(joins(s)).toEqual(["src/features/feature-store.ts:19 public.feature_strategies ~ public.features"]);
    expect(txPairs(s)).toEqual([
      "public.audit_log ~ public.users src/users/user.service.ts:17 src/users/user.service.ts:18",
      "public.events ~ public.features src/features/feature-service.ts:15 src/features/feature-service.ts:16",
    ]);
  });

  it("says where a table name cannot be known, and never invents one", () => {
    const byCode = (code: string) => s.facts.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line} ${d.severity}`);
    expect(byCode("dynamic-table")).toEqual(["src/reports/report-store.ts:8 warning"]);
    expect(byCode("table-from-subclass")).toEqual(["src/db/crud-store.ts:12 info", "src/db/crud-store.ts:16 info"]);
    expect(s.facts.tables.some((t) => t.name.includes("?") || t.name.includes("$"))).toBe(false);
    expect([...s.facts.accesses, ...s.facts.joins.flatMap((j) => j.tables.map((table) => ({ table })))].some((a) => a.table.endsWith(".recent"))).toBe(false);
    expect(s.linkage.sources).toEqual([
      { id: "knex", title: "Knex", tables: 4, calls: 17, linked: 14 },
      { id: "db-migrate", title: "db-migrate", tables: 2, calls: 0, linked: 0 },
      { id: "code", title: "calls through repositories, stores and services", tables: 0, calls: 1, linked: 1 },
    ]);
  });
});

describe("sequelize-typescript models: static calls, instances, includes (fixtures/linkage-sequelize-typescript)", () => {
  const s = fixture("linkage-sequelize-typescript");

  it("reads @Table models, @ForeignKey / @BelongsTo / @BelongsToMany through a model", () => {
    expect(s.sources).toEqual(["sequelize"]);
    expect(tables(s)).toEqual([
      "public.documents src/models/Document.ts:7",
      "public.revision src/models/Revision.ts:6",
      "public.stars src/models/Star.ts:6",
      "public.teams src/models/Team.ts:4",
      "public.users src/models/User.ts:5",
    ]);
    expect(fks(s)).toEqual([
      "public.documents > public.users src/models/Document.ts:15",
      "public.revision > public.documents src/models/Document.ts:25",
      "public.stars > public.documents src/models/Document.ts:22",
      "public.stars > public.users src/models/Document.ts:22",
      "public.users > public.teams src/models/User.ts:10",
    ]);
  });

  it("reads static model calls and the data methods of model instances, not their other methods", () => {
    expect(accesses(s)).toEqual([
      "src/commands/documentArchiver.ts:6 write public.documents",
      "src/commands/documentArchiver.ts:7 read public.users",
      "src/commands/documentArchiver.ts:8 read public.stars",
      "src/commands/documentCreator.ts:5 write public.documents",
      "src/commands/documentCreator.ts:6 write public.revision",
      "src/commands/teamRenamer.ts:4 read public.teams",
      "src/commands/teamRenamer.ts:4 read public.users",
      "src/commands/teamRenamer.ts:7 write public.teams",
      "src/models/Revision.ts:16 write public.revision",
    ]);
    expect(joins(s)).toEqual(["src/commands/teamRenamer.ts:4 public.teams ~ public.users"]);
    expect(txPairs(s)).toEqual(["public.documents ~ public.revision src/commands/documentCreator.ts:5 src/commands/documentCreator.ts:6"]);
    expect(s.dialectFrom).toBe('src/database.ts:5 dialect: "postgres"');
  });
});

describe("MikroORM and a decorator of the project's own that wraps both ORMs (fixtures/linkage-mikro-orm)", () => {
  const s = fixture("linkage-mikro-orm");

  it("reads MikroORM entities, relations and pivot tables, and a custom decorator only when it calls Entity()", () => {
    expect(s.sources).toEqual(["typeorm", "mikro-orm"]);
    expect(tables(s)).toEqual([
      "public.authors src/migrations/Migration20240101000000.ts:5",
      "public.book src/migrations/Migration20240101000000.ts:6",
      "public.book_tags src/entities/book.entity.ts:10",
      "public.reviews src/entities/review.entity.ts:5",
      "public.tag src/entities/tag.entity.ts:3",
    ]);
    // @AuditedEntity() does not call Entity(): audit-note is no table.
    expect(fks(s)).toEqual([
      "public.book > public.authors src/migrations/Migration20240101000000.ts:6",
      "public.book_tags > public.book src/entities/book.entity.ts:10",
      "public.book_tags > public.tag src/entities/book.entity.ts:10",
      "public.reviews > public.book src/entities/review.entity.ts:9",
    ]);
  });

  it("reads the entity manager, an EntityRepository subclass and an injected repository", () => {
    expect(accesses(s)).toEqual([
      "src/repositories/book.repository.ts:4 uses public.book",
      "src/repositories/book.repository.ts:6 read public.book",
      "src/services/book.service.ts:16 read public.authors",
      "src/services/book.service.ts:17 write public.book",
      "src/services/book.service.ts:23 read public.book",
      "src/services/book.service.ts:27 write public.book",
      "src/services/book.service.ts:31 read public.tag",
      "src/services/review.service.ts:9 read public.reviews",
    ]);
    expect(s.dialectFrom).toBe("src/mikro-orm.config.ts:4 driver: PostgreSqlDriver");
    // reviews is declared for both ORMs by @MultiORMEntity: it counts for each.
    expect(s.linkage.sources.map((x) => `${x.id} ${x.tables} tables, ${x.linked}/${x.calls} calls`)).toEqual(["typeorm 1 tables, 3/4 calls", "mikro-orm 4 tables, 7/7 calls"]);
  });
});

describe("a value named like an entity is not that entity's repository", () => {
  const temp = tempDirs(afterAll);
  it("`const { order } = params; order.replace(…)` writes nothing; `constructor({ orderRepository })` still reaches orders", () => {
    const dir = repoOf(temp)({
      "package.json": JSON.stringify({ name: "shop", private: true, dependencies: { typeorm: "^0.3.20", pg: "^8.11.0" } }),
      "src/order/order.entity.ts": 'import { Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity("orders")\nexport class Order {\n  @PrimaryGeneratedColumn() id!: number;\n}\n',
      "src/order/order.repository.ts": 'import { Repository } from "typeorm";\nimport { Order } from "./order.entity";\nexport class OrderRepository extends Repository<Order> {}\n',
      "src/order/order.service.ts": 'import type { OrderRepository } from "./order.repository";\nexport class OrderService {\n  constructor(private readonly deps: { orderRepository: OrderRepository }) {}\n  place({ orderRepository } = this.deps) {\n    return orderRepository.save({});\n  }\n}\n',
      "src/ui/sort.ts": 'export function sortRows<T>(rows: T[], params: { order?: string }) {\n  const { order } = params;\n  if (!order) return rows;\n  const field = order.replace("-", "");\n  return [...rows].sort((a: any, b: any) => (a[field] > b[field] ? 1 : -1));\n}\n',
    });
    const s = scanRepo(dir, { gitHistory: false });
    expect(accesses(s)).toEqual(["src/order/order.repository.ts:3 uses public.orders", "src/order/order.service.ts:5 write public.orders"]);
  });
});

describe("MikroORM forms: constant table names, abstract bases, both sides of a many-to-many, pivot entities", () => {
  const temp = tempDirs(afterAll);
  it("reads the tables MikroORM creates, and no other", () => {
    const dir = repoOf(temp)({
      "package.json": JSON.stringify({ name: "promo", private: true, dependencies: { "@mikro-orm/core": "^6.0.0", "@mikro-orm/postgresql": "^6.0.0" } }),
      "src/base.ts": 'import { Entity, PrimaryKey } from "@mikro-orm/core";\n@Entity({ abstract: true })\nexport abstract class Base {\n  @PrimaryKey() id!: string;\n}\n',
      "src/models.ts": [
        'import { Collection, Entity, ManyToMany, ManyToOne, OneToOne } from "@mikro-orm/core";',
        'import { Base } from "./base";',
        'const tableName = "shop_campaign";',
        "@Entity({ tableName })",
        "export class Campaign extends Base {}",
        '@Entity({ tableName: "shop_rule" })',
        "export class Rule extends Base {",
        "  @ManyToMany(() => Promo, (p) => p.rules)",
        "  promos = new Collection<Promo>(this);",
        "}",
        '@Entity({ tableName: "shop_promo" })',
        "export class Promo extends Base {",
        '  @ManyToMany(() => Rule, "promos", { owner: true, pivotTable: "shop_promo_rule" })',
        "  rules = new Collection<Rule>(this);",
        "  @ManyToMany({ entity: () => Campaign, pivotEntity: () => PromoCampaign })",
        "  campaigns = new Collection<Campaign>(this);",
        "  @OneToOne(() => Budget, (b) => b.promo)",
        "  budget?: Budget;",
        "}",
        '@Entity({ tableName: "shop_promo_campaign" })',
        "export class PromoCampaign extends Base {",
        "  @ManyToOne(() => Promo) promo!: Promo;",
        "  @ManyToOne(() => Campaign) campaign!: Campaign;",
        "}",
        '@Entity({ tableName: "shop_budget" })',
        "export class Budget extends Base {",
        "  @OneToOne(() => Promo, { owner: true }) promo!: Promo;",
        "}",
      ].join("\n"),
    });
    const s = scanRepo(dir, { gitHistory: false });
    expect(s.facts.tables.map((t) => t.name).sort()).toEqual(["public.shop_budget", "public.shop_campaign", "public.shop_promo", "public.shop_promo_campaign", "public.shop_promo_rule", "public.shop_rule"]);
    expect(s.facts.foreignKeys.map((f) => `${f.from} > ${f.to}`).sort()).toEqual([
      "public.shop_budget > public.shop_promo",
      "public.shop_promo_campaign > public.shop_campaign",
      "public.shop_promo_campaign > public.shop_promo",
      "public.shop_promo_rule > public.shop_promo",
      "public.shop_promo_rule > public.shop_rule",
    ]);
  });
});

