import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AjvImport from "ajv-draft-04";
import addFormatsImport from "ajv-formats";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, copyReversed, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);

const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

/** A git repo holding the example monolith with its agreed contexts and a baseline of today's violations. */
function repoWithBaseline(): string {
  const dir = temp();
  const repo = copyReversed(FIXTURE, path.join(dir, "shop"));
  fs.copyFileSync(path.join(FIXTURE, "expected.yaml"), path.join(repo, "contexts.yaml"));
  git(repo, "init", "-q", "-b", "main");
  expect(runCli(["check", repo, "--update-baseline"]).status).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "baseline");
  return repo;
}

const NEW_JOIN = `
export async function recipientsWithEmail(ids: number[]) {
  return query<{ id: number; email: string }>(
    "SELECT n.recipient_id AS id, u.email FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.id = ANY($1)",
    [ids],
  );
}
`;

let repo: string;
beforeEach(() => {
  repo = repoWithBaseline();
});
const file = (rel: string) => path.join(repo, rel);
const lineOf = (rel: string, needle: string) => fs.readFileSync(file(rel), "utf8").split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("strangler check in a pull request", () => {
  it("passes when every violation is in the baseline, and the baseline says how many", () => {
    const r = runCli(["check", repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no new violations; \d+ known in the baseline; 0 stale baseline entries/);
    const baseline = JSON.parse(fs.readFileSync(file(".strangler/baseline.json"), "utf8"));
    expect(baseline.violations.length).toBeGreaterThan(50);
  });

  it("fails with exit 1 on a new cross-context join, at its exact location", () => {
    const rel = "src/modules/notification/notification.repository.ts";
    fs.appendFileSync(file(rel), NEW_JOIN);
    const line = lineOf(rel, "return query<{ id: number; email: string }>(");
    const r = runCli(["check", repo]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${rel}:${line}  error  cross-context-join  joins notifications (notification) with users (identity)`);
    expect(r.stdout).toContain(`${rel}:${line}  error  foreign-table-access  notification reads users, owned by identity`);
    expect(r.stdout).toMatch(/^2 new violations \(2 errors, 0 warnings\)/m);
  });

  it("keeps fingerprints when lines move and SQL is reformatted", () => {
    const rel = "src/modules/cart/cart.repository.ts";
    const text = fs.readFileSync(file(rel), "utf8");
    const moved = `// Cart persistence.\n// (moved down three lines)\n\n${text.replace("JOIN products p ON p.id = v.product_id", "JOIN products p\n          ON p.id = v.product_id")}`;
    fs.writeFileSync(file(rel), moved);
    const r = runCli(["check", repo, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ new: 0, stale: 0 });
    // 28 → 32: three lines on top, one more where the JOIN was split
    expect(out.known.find((v: { file: string; rule: string }) => v.file === rel && v.rule === "cross-context-join").line).toBe(32);
  });

  it("fails on a new violation even when known ones of the same rule exist in the same file", () => {
    const rel = "src/modules/cart/cart.repository.ts";
    const text = fs.readFileSync(file(rel), "utf8");
    fs.writeFileSync(file(rel), text.replace("  async setQuantity(", "  stockOf(variantId: number) {\n    return query(\"SELECT on_hand FROM inventory WHERE variant_id = $1\", [variantId]);\n  },\n\n  async setQuantity("));
    const r = runCli(["check", repo, "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.violations.map((v: { rule: string; message: string }) => `${v.rule}: ${v.message}`)).toEqual(["foreign-table-access: cart reads inventory, owned by inventory"]);
  });

  it("reports an import of another context's internals, and allows its entry point", () => {
    const rel = "src/modules/shipping/shipping.service.ts";
    const text = fs.readFileSync(file(rel), "utf8");
    fs.writeFileSync(file(rel), `import { notificationRepository } from "@modules/notification/notification.repository";\n${text}\nexport const _repo = notificationRepository;\n`);
    const r = runCli(["check", repo, "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.violations).toHaveLength(1);
    expect(out.violations[0]).toMatchObject({ rule: "cross-context-import", file: rel, line: 1, from: "shipping", to: "notification" });
    expect(out.violations[0].message).toContain("src/modules/notification/notification.repository.ts of notification, not an entry point");
    expect(out.violations[0].message).toContain("(no entry: listed; an index file at the root of src/modules/notification counts as one)");
  });

  it("names at most three entry points in a message, and counts the rest", async () => {
    const { Ownership } = await import("../src/check/ownership.js");
    const own = new Ownership({ contexts: [{ name: "order", modules: ["src/order/**"], tables: [], entry: ["src/order/a.ts", "src/order/b.ts", "src/order/c.ts", "src/order/d.ts", "src/order/e.ts"], line: 1 }], infrastructure: [], rules: {}, diagnostics: [] } as never);
    expect(own.entryDescription("order")).toBe("entry: src/order/a.ts, src/order/b.ts, src/order/c.ts and 2 more");
  });

  it("honours severities set in contexts.yaml: warning does not fail, off is silent", () => {
    fs.appendFileSync(file("src/modules/notification/notification.repository.ts"), NEW_JOIN);
    fs.appendFileSync(file("contexts.yaml"), "rules:\n  cross-context-join: warning\n  foreign-table-access: off\n");
    const r = runCli(["check", repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/warning  cross-context-join/);
    expect(r.stdout).not.toContain("foreign-table-access");
  });

  it("reports stale baseline entries, and --prune-baseline only removes them", () => {
    const rel = "src/modules/promotion/coupon.repository.ts";
    const text = fs.readFileSync(file(rel), "utf8");
    fs.writeFileSync(file(rel), text.replace(/  \/\*\* First-order coupons[\s\S]*?\n  },\n/, ""));
    const before = JSON.parse(fs.readFileSync(file(".strangler/baseline.json"), "utf8")).violations;
    const r = runCli(["check", repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("1 stale baseline entry (--prune-baseline removes them)");
    fs.appendFileSync(file("src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const p = runCli(["check", repo, "--prune-baseline"]);
    expect(p.stderr).toContain(".strangler/baseline.json: 1 stale entry removed");
    expect(p.status).toBe(1); // the new join still fails; pruning adds nothing
    const after = JSON.parse(fs.readFileSync(file(".strangler/baseline.json"), "utf8")).violations;
    expect(after.length).toBe(before.length - 1);
    expect(after.every((e: { fingerprint: string }) => before.some((b: { fingerprint: string }) => b.fingerprint === e.fingerprint))).toBe(true);
  });

  it("with --changed-since reads only the changed files: finds what they add, calls nothing else stale", () => {
    fs.appendFileSync(file("src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const r = runCli(["check", repo, "--changed-since", "HEAD", "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ new: 2, stale: 0 });
    expect(out.changedSince).toBe("HEAD");
    // schema violations are still judged: every SQL file is read
    expect(out.known.some((v: { rule: string }) => v.rule === "cross-context-fk")).toBe(true);
  });
});

describe("check output for machines", () => {
  it("writes SARIF 2.1.0 that validates against the official schema", () => {
    fs.appendFileSync(file("src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const r = runCli(["check", repo, "--format", "sarif"]);
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    // CommonJS packages whose types describe `exports.default`
    const Ajv = ((AjvImport as unknown as { default?: typeof AjvImport }).default ?? AjvImport) as unknown as new (o: object) => import("ajv").default;
    const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: unknown) => void;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(2);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/modules/notification/notification.repository.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: lineOf("src/modules/notification/notification.repository.ts", "return query<{ id: number; email: string }>(") },
    });
    // and an invalid log does not validate: the check can fail
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
  });

  it("writes GitHub workflow annotations, escaped", () => {
    fs.appendFileSync(file("src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const r = runCli(["check", repo, "--format", "github"]);
    expect(r.status).toBe(1);
    const line = lineOf("src/modules/notification/notification.repository.ts", "return query<{ id: number; email: string }>(");
    expect(r.stdout).toContain(
      `::error file=src/modules/notification/notification.repository.ts,line=${line},title=strangler cross-context-join::joins notifications (notification) with users (identity) [notification → identity]`,
    );
  });
});

describe("check refuses bad input with exit 2", () => {
  it("without contexts.yaml, with a broken baseline, with an unknown git ref", () => {
    fs.rmSync(file("contexts.yaml"));
    const a = runCli(["check", repo]);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain("contexts.yaml: not found; write the agreed contexts first");
    fs.copyFileSync(path.join(FIXTURE, "expected.yaml"), file("contexts.yaml"));
    fs.writeFileSync(file(".strangler/baseline.json"), "{ not json");
    const b = runCli(["check", repo]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/^strangler: \.strangler\/baseline\.json:1: not valid JSON \(Expected property name/);
    fs.rmSync(file(".strangler/baseline.json"));
    const c = runCli(["check", repo, "--changed-since", "no-such-ref"]);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('no commit "no-such-ref"');
  });
});

describe("check --changed-since on an ORM codebase", () => {
  it("still knows entities declared in unchanged files, so ORM calls in a changed file are judged", () => {
    const dir = temp();
    const shop = copyReversed(path.join(ROOT, "fixtures/typeorm-shop"), path.join(dir, "shop"));
    fs.writeFileSync(
      path.join(shop, "contexts.yaml"),
      "contexts:\n  order:\n    modules: [src/order/**]\n    tables: [orders, order_item]\n  payment:\n    modules: [src/payment/**]\n    tables: [billing.payments]\n  user:\n    modules: [src/user/**]\n    tables: [users]\n  catalog:\n    modules: [src/catalog/**]\n    tables: [product, categories, product_categories_categories]\n",
    );
    git(shop, "init", "-q", "-b", "main");
    git(shop, "add", "-A");
    git(shop, "commit", "-qm", "shop");
    // the pull request touches the order service only; Payment and Order are declared in files it does not touch
    fs.appendFileSync(path.join(shop, "src/order/order.service.ts"), "\n// reviewed\n");
    const r = runCli(["check", shop, "--changed-since", "HEAD", "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.violations.map((v: { rule: string; file: string; line: number; message: string }) => `${v.rule} ${v.file}:${v.line} ${v.message}`)).toEqual(
      expect.arrayContaining([
        "foreign-table-access src/order/order.service.ts:19 order reads billing.payments, owned by payment",
        "foreign-table-access src/order/order.service.ts:28 order writes billing.payments, owned by payment",
      ]),
    );
    expect(out.violations.every((v: { file: string }) => v.file === "src/order/order.service.ts" || v.file.endsWith(".sql") || v.file.includes("entity"))).toBe(true);
  });
});
