import { beforeAll, describe, expect, it } from "vitest";
import { scanRepo, type ScanResult } from "../src/scan/index.js";
import { buildGraph, type StranglerGraph } from "../src/graph/build.js";
import { summarise, type ScanSummary } from "../src/report/scan-summary.js";
import { FIXTURE } from "./helpers/cli.js";

let scan: ScanResult;
let graph: StranglerGraph;
let summary: ScanSummary;

beforeAll(() => {
  scan = scanRepo(FIXTURE, { gitHistory: false });
  graph = buildGraph(scan.facts);
  summary = summarise(scan, graph);
});

const edge = (kind: string, from: string, to: string) => graph.hasEdge(`${kind}:${from}->${to}`) ? graph.getEdgeAttributes(`${kind}:${from}->${to}`) : undefined;

describe("scan of the example monolith", () => {
  it("counts files, units, import edges and SQL sites exactly", () => {
    expect(summary.files).toBe(73);
    expect(summary.units).toBe(22);
    expect(summary.importEdges).toBe(76);
    expect(summary.sqlSites).toBe(93);
    expect(summary.tables).toBe(44);
    expect(summary.edges.fk).toBe(43);
    expect(summary.sqlFiles).toBe(4);
  });

  it("leaves out tests (a tests folder and a .spec file) and generated code", () => {
    const paths = scan.facts.files.map((f) => f.path);
    expect(paths.some((p) => p.startsWith("tests/") || p.includes(".spec."))).toBe(false);
    expect(paths).not.toContain("src/shared/db/schema.generated.ts");
    expect(summary.excluded).toEqual({ tests: 3, generated: 1, ignored: 0 });
  });

  it("uses folder units by default and file units on request", () => {
    expect(graph.hasNode("module:src/modules/order")).toBe(true);
    const byFile = scanRepo(FIXTURE, { granularity: "file" });
    expect(new Set(byFile.facts.files.map((f) => f.unit)).size).toBe(73);
  });

  it("resolves the @shared barrel (tsconfig paths from an extended config) to the modules that define each name", () => {
    // auth.service.ts: import { query, queryOne, BadRequest, transaction } from "@shared";
    expect(edge("import", "module:src/modules/auth", "module:src/shared/db")?.evidence).toContainEqual({ file: "src/modules/auth/auth.service.ts", line: 2 });
    expect(edge("import", "module:src/modules/auth", "module:src/shared/http")?.evidence).toContainEqual({ file: "src/modules/auth/auth.service.ts", line: 2 });
    expect(graph.hasNode("module:src/shared")).toBe(true);
    expect(edge("import", "module:src/modules/auth", "module:src/shared")).toBeUndefined();
    const imp = scan.facts.imports.find((i) => i.from === "src/modules/auth/auth.service.ts" && i.to === "src/shared/db/transaction.ts");
    expect(imp?.via).toEqual(["src/shared/index.ts"]);
  });

  it("resolves relative imports written with .js for a .ts file", () => {
    const imp = scan.facts.imports.find((i) => i.from === "src/modules/inventory/inventory.service.ts" && i.specifier === "../../shared/db/transaction.js");
    expect(imp?.to).toBe("src/shared/db/transaction.ts");
    expect(scan.facts.imports.find((i) => i.specifier === "./refund.service.js")?.to).toBe("src/modules/payment/refund.service.ts");
  });

  it("marks an edge made only of type imports as type-only, and a mixed one as not", () => {
    expect(edge("import", "module:src/modules/recommendation", "module:src/modules/catalog")?.typeOnly).toBe(true);
    expect(edge("import", "module:src/modules/order", "module:src/modules/payment")?.typeOnly).toBe(false);
  });

  it("never counts a package import as an edge", () => {
    expect(summary.externalImports).toBe(11);
    graph.forEachNode((key) => expect(key.startsWith("module:src") || key.startsWith("table:")).toBe(true));
  });

  it("finds SQL in string literals, multi-line templates, constants, concatenation and sql`` tags", () => {
    const site = (file: string, line: number) => scan.facts.sqlSites.find((s) => s.file === file && s.line === line);
    // "SELECT " + USER_COLUMNS + " FROM users WHERE id = $1" with a const operand
    expect(site("src/modules/user/user.repository.ts", 8)?.text).toBe('SELECT id, email, display_name AS "displayName", phone, status FROM users WHERE id = $1');
    // SQL held in a constant, passed by name
    expect(site("src/modules/catalog/product.repository.ts", 11)?.text).toContain("FROM products");
    // a constant built by + across lines
    expect(site("src/modules/promotion/coupon.repository.ts", 19)?.text).toMatch(/^SELECT id, code, kind.*FROM coupons WHERE code = \$1$/);
    // ${limit} holes stay visible as ${…}
    expect(site("src/modules/catalog/product.repository.ts", 35)?.text).toContain("LIMIT ${…} OFFSET ${…}");
    // a sql`` tagged template
    expect(site("src/modules/search/search-index.repository.ts", 23)?.callee).toBe("sql");
    // tx.query inside the checkout transaction callback, scoped to that callback
    const tx = site("src/modules/order/checkout.service.ts", 26);
    expect(tx?.callee).toBe("tx.query");
    expect(tx?.scope).toBe("src/modules/order/checkout.service.ts#<arrow>:15");
  });

  it("records reads, writes and joins per statement with file:line", () => {
    expect(edge("read", "module:src/modules/search", "table:public.products")?.evidence).toContainEqual({ file: "src/modules/search/search-index.repository.ts", line: 9 });
    expect(edge("write", "module:src/modules/order", "table:public.payments")?.evidence).toEqual([{ file: "src/modules/order/checkout.service.ts", line: 61 }]);
    expect(edge("join", "table:public.orders", "table:public.users")?.evidence).toContainEqual({ file: "src/modules/order/order.repository.ts", line: 25 });
    // CTE names are not tables
    expect(graph.hasNode("table:public.tree")).toBe(false);
  });

  it("links the tables the checkout writes in one transaction", () => {
    for (const [a, b] of [["inventory", "orders"], ["orders", "payments"], ["inventory", "payments"]]) {
      expect(edge("tx", `table:public.${a}`, `table:public.${b}`), `${a} ~ ${b}`).toBeDefined();
    }
  });

  it("reads foreign keys from CREATE TABLE and from ALTER TABLE in migrations", () => {
    expect(edge("fk", "table:public.orders", "table:public.users")?.evidence).toEqual([{ file: "db/schema.sql", line: 170 }]);
    expect(edge("fk", "table:public.orders", "table:public.coupons")?.evidence).toEqual([{ file: "db/migrations/20240302_002_coupon_redemptions.sql", line: 11 }]);
    expect(edge("fk", "table:public.review_votes", "table:public.reviews")).toBeDefined();
  });

  it("sees notification tables touched only by the notification module", () => {
    const notificationTables = ["notifications", "notification_templates", "notification_preferences", "push_tokens"];
    for (const t of notificationTables) {
      graph.forEachInEdge(`table:public.${t}`, (_e, a, source) => {
        if (a.kind === "read" || a.kind === "write") expect(source.startsWith("module:src/modules/notification")).toBe(true);
      });
    }
  });

  it("has no warnings on the fixture, and explains every SQL statement that names no table", () => {
    expect(scan.facts.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(scan.facts.diagnostics.map((d) => d.code)).toEqual(Array(6).fill("sql-no-tables"));
  });
});
