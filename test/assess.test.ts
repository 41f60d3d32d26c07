import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessRepo, type Assessment } from "../src/assess/index.js";
import { FIXTURE, copyReversed, repoOf, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);

let a: Assessment;
beforeAll(() => {
  a = assessRepo(FIXTURE, { truthFile: path.join(FIXTURE, "expected.yaml"), gitHistory: false });
});
const ctx = (name: string) => a.clustering.contexts.find((c) => c.name === name)!;

describe("assess on the example monolith", () => {
  it("finds the intended contexts: MoJoFM ≥ 90% against expected.yaml", () => {
    expect(a.truth!.mojoFM).toBeGreaterThanOrEqual(90);
    expect(a.truth!.adjustedRandIndex).toBeGreaterThanOrEqual(0.9);
    expect(a.truth!.objects).toBe(65);
  });

  it("names contexts in the repo's words, from their tables, with the domain their tables speak of", () => {
    expect(a.clustering.contexts.map((c) => c.name)).toEqual([
      "cart", "notification", "order", "payment", "product", "promotion", "recommendation", "review", "search", "shipment", "stock", "user",
    ]);
    expect(ctx("user").units).toEqual(["src/modules/auth", "src/modules/user"]);
    expect(ctx("user").domain).toBe("identity");
    expect(ctx("stock").domain).toBe("inventory");
    expect(ctx("product").domain).toBe("catalog");
    expect(ctx("order").naming).toMatchObject({ from: "shared-word", table: "public.orders" });
  });

  it("sets shared infrastructure apart, with the reason", () => {
    const infra = Object.fromEntries(a.clustering.infrastructure.map((i) => [i.node.replace("module:", ""), i.reason]));
    expect(infra).toEqual({
      src: "composition-root",
      "src/shared": "shell",
      "src/shared/cache": "used-across-contexts",
      "src/shared/config": "shared",
      "src/shared/db": "shared",
      "src/shared/events": "shared",
      "src/shared/http": "shared",
      "src/shared/logger": "shared",
    });
  });

  it("measures what crosses: notification is self-contained, order carries the checkout transaction", () => {
    const m = a.measurement.contexts;
    expect(m.notification).toMatchObject({ crossJoins: 0, crossForeignKeys: 0, crossTransactions: 0, foreignTableAccess: 0, inboundTableAccess: 0 });
    expect(m.order.crossTransactions).toBeGreaterThan(0);
    const checkout = a.measurement.crossings.find((x) => x.kind === "write" && x.fromContext === "order" && x.toContext === "payment");
    expect(checkout?.evidence).toEqual([{ file: "src/modules/order/checkout.service.ts", line: 61 }]);
    const join = a.measurement.crossings.find((x) => x.kind === "join" && x.from === "public.products" && x.to === "public.reviews");
    expect(join?.evidence).toContainEqual({ file: "src/modules/catalog/product.repository.ts", line: 35 });
    expect(a.measurement.overall.modularity).toBeGreaterThan(0.5);
    expect(a.measurement.overall.icp).toBeGreaterThan(0);
    expect(a.measurement.overall.icp).toBeLessThan(0.5);
  });

  it("searches the resolution for about N contexts", () => {
    const eight = assessRepo(FIXTURE, { targetContexts: 8, gitHistory: false });
    expect(eight.clustering.contexts.length).toBe(8);
  });
});

describe("strangler assess, run as a user would", () => {
  it("gives byte-identical JSON on a copy whose files were created in another order", () => {
    const copy = copyReversed(FIXTURE, path.join(temp(), "copy"));
    // The fixture sits in strangler's own repository, the copy in none: history off for both.
    const x = runCli(["assess", FIXTURE, "--json", "--no-git-history"]);
    const y = runCli(["assess", copy, "--json", "--no-git-history"]);
    expect(x.status).toBe(0);
    expect(y.stdout).toBe(x.stdout);
    const out = JSON.parse(x.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["contexts", "infrastructure", "metrics", "diagnostics"]));
    expect(out.contexts[0]).toEqual(expect.objectContaining({ name: "cart", units: ["src/modules/cart"], tables: ["public.cart_items", "public.carts"] }));
  });

  it("prints the MoJoFM against --truth and the crossing edges with file:line", () => {
    const r = runCli(["assess", FIXTURE, "--no-git-history", "--truth", path.join(FIXTURE, "expected.yaml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/MoJoFM 9\d\.\d\d%/);
    expect(r.stdout).toContain("src/modules/order/checkout.service.ts:61");
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("writes contexts.yaml, then keeps people's edits: comments, order and their assignments", () => {
    const repo = copyReversed(FIXTURE, path.join(temp(), "repo"));
    const file = path.join(repo, "contexts.yaml");
    expect(runCli(["assess", repo, "--write-contexts"]).status).toBe(0);
    const first = fs.readFileSync(file, "utf8");
    expect(first).toContain("notification:");
    expect(first).toContain("- src/modules/notification/**");

    // A person decides coupon redemptions belong to promotion, and says why.
    const edited = first
      .replace(/\n(\s+)- coupon_redemptions\n/, "\n")
      .replace("  promotion:\n", "  # coupons and their redemptions move together (decided 2026-11)\n  promotion:\n")
      .replace(/(  promotion:\n    modules:\n      - src\/modules\/promotion\/\*\*\n    tables:\n)/, "$1      - coupon_redemptions\n");
    expect(edited).not.toBe(first);
    fs.writeFileSync(file, edited);
    const r = runCli(["assess", repo, "--write-contexts", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const promotion = out.contexts.find((c: { name: string }) => c.name === "promotion");
    expect(promotion.tables).toContain("public.coupon_redemptions");
    expect(promotion.agreed).toBe(true);
    expect(fs.readFileSync(file, "utf8")).toBe(edited);
    expect(r.stderr).toContain("already up to date");
  });

  it("refuses a bad --resolution with exit 2, and names a missing --truth file", () => {
    const bad = runCli(["assess", FIXTURE, "--no-git-history", "--resolution", "-1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('strangler: --resolution must be a positive number, got "-1"\n');
    const missing = runCli(["assess", FIXTURE, "--no-git-history", "--truth", "nope.yaml"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nope.yaml");
  });
});

describe("a contexts.yaml people broke or outgrew", () => {
  it("never rewrites a file that is not valid YAML: exit 2 naming file and line, file unchanged", () => {
    const repo = copyReversed(FIXTURE, path.join(temp(), "repo"));
    const file = path.join(repo, "contexts.yaml");
    const broken = "contexts:\n  order:\n    modules: [src/modules/order/**\n";
    fs.writeFileSync(file, broken);
    const r = runCli(["assess", repo, "--write-contexts"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/contexts\.yaml:\d+: not valid YAML .*not rewritten/);
    expect(fs.readFileSync(file, "utf8")).toBe(broken);
  });

  it("keeps an entry that matches nothing and warns about it", () => {
    const repo = copyReversed(FIXTURE, path.join(temp(), "repo"));
    const file = path.join(repo, "contexts.yaml");
    const text = "contexts:\n  legacy:\n    modules: [src/modules/gone/**]\n    tables: [old_orders]\n";
    fs.writeFileSync(file, text);
    const r = runCli(["assess", repo, "--write-contexts", "--json"]);
    expect(r.status).toBe(0);
    const diags = JSON.parse(r.stdout).diagnostics.filter((d: { code: string }) => d.code === "contexts-stale");
    expect(diags.map((d: { message: string }) => d.message)).toEqual([
      'context legacy: module pattern "src/modules/gone/**" matches no code unit',
      'context legacy: table "old_orders" is not in the schema',
    ]);
    const after = fs.readFileSync(file, "utf8");
    expect(after.startsWith("contexts:\n  legacy:\n    modules: [src/modules/gone/**]\n    tables: [old_orders]\n")).toBe(true);
  });
});

describe("assess on pagila's schema alone (no code)", () => {
  it("keeps every partition in the context of its parent table", () => {
    const pagila = assessRepo(path.resolve(FIXTURE, "../corpus/pagila"));
    const payment = pagila.clustering.contexts.find((c) => c.tables.includes("public.payment"))!;
    const partitions = pagila.scan.facts.inherits.map((i) => i.child);
    expect(partitions).toHaveLength(55);
    expect(partitions.filter((p) => !payment.tables.includes(p))).toEqual([]);
  });
});

describe("a repository with no modular structure", () => {
  // Six modules that each import all the others and read and write every table.
  const names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
  const tangled = () =>
    repoOf(temp)({
      "package.json": JSON.stringify({ name: "tangle", private: true, dependencies: { pg: "^8.11.0" } }),
      "db/schema.sql": "CREATE TABLE a (id BIGSERIAL PRIMARY KEY);\nCREATE TABLE b (id BIGSERIAL PRIMARY KEY, a_id BIGINT REFERENCES a (id));\nCREATE TABLE c (id BIGSERIAL PRIMARY KEY, b_id BIGINT REFERENCES b (id));\n",
      "src/db.ts": 'import { Pool } from "pg";\nexport const pool = new Pool();\n',
      ...Object.fromEntries(
        names.map((m) => [
          `src/${m}/index.ts`,
          [
            'import { pool } from "../db";',
            ...names.filter((o) => o !== m).map((o) => `import * as ${o} from "../${o}";`),
            `export const peers = [${names.filter((o) => o !== m).join(", ")}];`,
            'export const run = async () => { await pool.query("SELECT a.id FROM a JOIN b ON b.a_id = a.id JOIN c ON c.b_id = b.id"); await pool.query("UPDATE a SET id = id"); await pool.query("UPDATE b SET id = id"); await pool.query("UPDATE c SET id = id"); };',
          ].join("\n"),
        ]),
      ),
    });

  it("says so at the top of assess (text and JSON) and of the roadmap, in both languages", () => {
    const repo = tangled();
    const a = assessRepo(repo, { gitHistory: false });
    expect(a.structure).toEqual({ modularity: expect.any(Number), weak: true });
    expect(a.structure.modularity).toBeLessThan(0.1);
    expect(runCli(["assess", repo]).stdout.split("\n")[1]).toMatch(/^warning: The code and schema show little modular structure \(best modularity [\d.]+ of the resolutions tried\)/);
    expect(JSON.parse(runCli(["assess", repo, "--json"]).stdout).structure).toMatchObject({ weak: true });
    expect(runCli(["roadmap", repo]).stdout).toContain("> **Warning:** The code and schema show little modular structure");
    expect(runCli(["roadmap", repo, "--lang", "ko"]).stdout).toContain("모듈 구조가 거의 보이지 않습니다");
  });

  it("is not said of the example, whose contexts stand out", () => {
    const a = assessRepo(FIXTURE, { gitHistory: false });
    expect(a.structure.weak).toBe(false);
    expect(a.structure.modularity).toBeGreaterThan(0.3);
  });
});

