import fs from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, copyReversed, repoOf, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const GOLDEN = path.join(ROOT, "test/golden");
const order = (json: string) => JSON.parse(json).order.map((s: { name: string }) => s.name) as string[];

/** The consultant's figures: the team's answers to `strangler init`, shipped as the example's strangler.yaml. */
export const FIGURES = ["--team-size", "25", "--infra-team-size", "2", "--salary", "60000000", "--dau", "150000", "--test-coverage", "35", "--traffic-peaks", "Black Friday x10", "--most-damaging", "결제", "--market", "KR", "--sector", "commerce", "--currency", "KRW"];

/** A copy of the example monolith (same folder name) with the strangler.yaml it ships. */
function exampleWithFigures(): string {
  return copyReversed(FIXTURE, path.join(temp(), "allinone-commerce"));
}

/** A copy of the example without its strangler.yaml: no answer at all. */
export function bareExample(): string {
  const repo = copyReversed(FIXTURE, path.join(temp(), "allinone-commerce"));
  fs.rmSync(path.join(repo, "strangler.yaml"));
  return repo;
}

describe("the example ships the consultant's figures", () => {
  it("its strangler.yaml holds exactly what `strangler init` writes from those figures", () => {
    const repo = bareExample();
    const r = runCli(["init", repo, ...FIGURES]);
    expect(r.status, r.stderr).toBe(0);
    const read = (p: string) => runCli(["roadmap", p, "--json", "--no-git-history", "--start", "2026-03-02"]).stdout;
    expect(read(repo)).toBe(read(FIXTURE));
    expect(fs.readFileSync(path.join(FIXTURE, "strangler.yaml"), "utf8")).toMatch(/size: 25\n {2}infraSize: 2/);
  });
});

describe("extraction order on the example monolith", () => {
  it("puts notification first or second and order, payment, stock (inventory) last", () => {
    const r = runCli(["roadmap", FIXTURE, "--no-git-history", "--json"]);
    expect(r.status).toBe(0);
    const names = order(r.stdout);
    expect(names.indexOf("notification")).toBeLessThan(2);
    expect(names.slice(-3).sort()).toEqual(["order", "payment", "stock"]);
    const first = JSON.parse(r.stdout).order[0];
    expect(first.reasons[0].text).toContain("no join, foreign key, transaction or foreign table access crosses its boundary");
  });

  it("drops an entangled notification (joining order and payment tables) out of the first three, and says why", () => {
    const dir = temp();
    const repo = copyReversed(FIXTURE, path.join(dir, "shop"));
    fs.appendFileSync(
      path.join(repo, "src/modules/notification/notification.repository.ts"),
      `
/** Digest e-mails need the order and what was paid: read straight from their tables. */
export async function orderDigest(recipientId: number) {
  return query<{ orderId: number; total: number; paid: number }>(
    \`SELECT o.id AS "orderId", o.total, p.amount AS paid, n.sent_at
       FROM notifications n
       JOIN orders o ON o.user_id = n.recipient_id
       JOIN payments p ON p.order_id = o.id
      WHERE n.recipient_id = $1\`,
    [recipientId],
  );
}
`,
    );
    const r = runCli(["roadmap", repo, "--json"]);
    expect(r.status).toBe(0);
    const names = order(r.stdout);
    expect(names.indexOf("notification")).toBeGreaterThan(2);
    const notification = JSON.parse(r.stdout).order.find((s: { name: string }) => s.name === "notification");
    expect(notification.reasons[0].kind).toBe("entangled");
    expect(notification.reasons.map((x: { text: string }) => x.text)).toEqual(expect.arrayContaining(["1 join with order's tables", "1 join with payment's tables"]));
    const file = path.join(repo, "src/modules/notification/notification.repository.ts");
    const line = fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes("return query<{ orderId")) + 1;
    expect(notification.reasons[0].evidence).toEqual([{ file: "src/modules/notification/notification.repository.ts", line }]);
  });
});

describe("the example's plan with the team's real figures", () => {
  let plan: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let before: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let beforeOrder: any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(() => {
    const repo = exampleWithFigures();
    const r = runCli(["roadmap", repo, "--json", "--start", "2026-03-02"]);
    expect(r.status, r.stderr).toBe(0);
    plan = JSON.parse(r.stdout).roadmap;
    const bare = JSON.parse(runCli(["roadmap", bareExample(), "--no-git-history", "--json"]).stdout);
    before = bare.roadmap;
    beforeOrder = bare.order;
  });
  const ctx = (p: typeof plan, name: string) => p.contexts.find((c: { name: string }) => c.name === name);

  it("runs Phase 3 on parallel streams: 25 engineers are not one queue", () => {
    const phase3 = plan.phases.find((p: { id: string }) => p.id === "extraction");
    expect(phase3.streams).toBeGreaterThanOrEqual(2);
    const inPhase3 = plan.contexts.filter((c: { phase: number }) => c.phase === 3);
    const overlapping = inPhase3.some((a: { startWeek: number; endWeek: number; name: string }) =>
      inPhase3.some((b: { startWeek: number; endWeek: number; name: string }) => a.name !== b.name && a.startWeek <= b.endWeek && b.startWeek <= a.endWeek));
    expect(overlapping).toBe(true);
    expect(new Set(inPhase3.map((c: { stream: number }) => c.stream)).size).toBe(phase3.streams);
    // The default team of 8 works in one stream, can own 4 services, and would take longer for the whole.
    expect(before.phases.find((p: { id: string }) => p.id === "extraction").streams).toBe(1);
    const scope = before.notices.find((n: { kind: string }) => n.kind === "scope");
    expect(scope.staffable).toBe(4);
    expect(before.contexts).toHaveLength(4);
    expect(plan.totalWeeks).toBeLessThan(scope.fullWeeks);
  });

  it("gives JSON phases with their weeks, streams and contexts, adding up to the total", () => {
    expect(plan.phases.map((p: { id: string }) => p.id)).toEqual(["foundation", "pilot", "extraction"]);
    for (let i = 1; i < plan.phases.length; i++) expect(plan.phases[i].startWeek).toBe(plan.phases[i - 1].startWeek + plan.phases[i - 1].weeks);
    const last = plan.phases[plan.phases.length - 1];
    expect(last.startWeek + last.weeks - 1).toBe(plan.totalWeeks);
    expect(plan.phases[1].contexts).toEqual(["notification"]);
    // Phase 1 and the pilot take what practice reports (1–2 months, 2–3 months), from the rules' model.
    expect(plan.phases[0].weeks).toBeGreaterThanOrEqual(4);
    expect(plan.phases[0].weeks).toBeLessThanOrEqual(9);
    expect(plan.phases[1].weeks).toBeGreaterThanOrEqual(8);
    expect(plan.phases[1].weeks).toBeLessThanOrEqual(13);
  });

  it("has order's saga orchestration done before cart, payment or stock start to leave", () => {
    const saga = plan.sagaWork.find((w: { orchestrator: string }) => w.orchestrator === "order");
    expect(saga.sagas).toContain("checkout");
    for (const name of ["cart", "payment", "stock", "order"]) {
      expect(ctx(plan, name).dependsOn).toContain("saga:order");
      expect(ctx(plan, name).startWeek).toBeGreaterThan(saga.doneWeek);
    }
  });

  it("makes the payment gateway call at checkout.service.ts:60 a saga step, compensated by the void the code has", () => {
    const checkout = plan.sagas.find((s: { name: string }) => s.name === "checkout");
    expect(checkout.at).toEqual({ file: "src/modules/order/checkout.service.ts", line: 14 });
    const step = checkout.steps.find((s: { actions: Array<{ kind: string; evidence: { line: number } }> }) => s.actions.some((a) => a.kind === "external" && a.evidence.line === 60));
    expect(step.context).toBe("payment");
    const call = step.actions.find((a: { kind: string }) => a.kind === "external");
    expect(call).toMatchObject({ callee: "authorizePayment", target: "POST https://api.pg.example/v1/authorizations", via: [{ file: "src/modules/payment/pg-gateway.ts", line: 12 }] });
    expect(call.compensation).toEqual({ kind: "call", name: "pgCancel", file: "src/modules/payment/pg-gateway.ts", line: 24, verb: "cancel" });
    expect(step.gaps.map((g: { id: string }) => g.id)).toEqual(["no-timeout", "no-idempotency-key", "no-retry"]);
    expect(step.timeoutSeconds).toBeGreaterThan(0);
  });

  it("compensates with state changes and the participants' own undo, not row deletes, where the schema and code allow", () => {
    const checkout = plan.sagas.find((s: { name: string }) => s.name === "checkout");
    const comp = (table: string) => checkout.steps.flatMap((s: { actions: Array<{ table?: string }> }) => s.actions).find((a: { table?: string }) => a.table === table).compensation;
    expect(comp("orders")).toEqual({ kind: "status", table: "orders", column: "status", to: "cancelled", from: null, newState: false });
    expect(comp("order_items")).toEqual({ kind: "covered", table: "order_items", by: "orders" });
    expect(comp("inventory")).toMatchObject({ kind: "call", name: "releaseReservations" });
    expect(comp("payments")).toMatchObject({ kind: "status", table: "payments", to: "voided", newState: true });
    expect(comp("carts")).toEqual({ kind: "status", table: "carts", column: "status", to: "open", from: "ordered", newState: false });
    expect(checkout.key).toEqual({ table: "orders", column: "id" });
  });

  it("raises payment's risk for --most-damaging 결제, matched through the Korean vocabulary", () => {
    // The whole order is scored whatever the plan's scope (the default team of 8 plans only four contexts).
    expect(ctx(plan, "payment").risk).toBe(beforeOrder.find((s: { name: string }) => s.name === "payment")!.risk + 4);
    expect(ctx(plan, "payment").reasons.map((x: { kind: string }) => x.kind)).toContain("most-damaging");
  });

  it("names the synchronous notify after checkout as a risk to the pilot, with the order.placed event it could use", () => {
    const risk = plan.risks.find((x: { id: string }) => x.id === "pilot-sync-call");
    expect(risk.evidence).toContainEqual({ file: "src/modules/order/checkout.service.ts", line: 72 });
    expect(risk.detail.events).toContain("order.placed");
    const checkout = plan.sagas.find((s: { name: string }) => s.name === "checkout");
    expect(checkout.after).toEqual([{ context: "notification", callee: "notify", awaited: true, evidence: { file: "src/modules/order/checkout.service.ts", line: 72 } }]);
  });

  it("fails the correlation-id check although an outbound carrier call sets x-request-id", () => {
    const risk = plan.risks.find((x: { id: string }) => x.id === "no-correlation-id");
    expect(risk.detail.outbound).toEqual([{ file: "src/modules/shipping/carrier-client.ts", line: 12 }]);
  });

  it("lists the consultant's five risks and what the code shows, ranked, each with evidence", () => {
    const ids = plan.risks.map((x: { id: string }) => x.id);
    for (const id of ["single-gateway", "no-circuit-breaker", "no-timeouts-retries", "no-correlation-id", "cross-context-fk", "external-call-in-transaction", "shared-write", "sync-call-across-boundary"]) expect(ids).toContain(id);
    expect(plan.risks.map((x: { rank: number }) => x.rank)).toEqual(plan.risks.map((_: unknown, i: number) => i + 1));
    const scores = plan.risks.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("gives each domain its own allowed lag: 0 s for money and stock, seconds for a cart, ten minutes for recommendations, an hour for reviews", () => {
    const lag = (name: string) => ctx(plan, name).consistency.lag;
    expect(lag("payment")).toEqual([0, 0]);
    expect(lag("cart")).toEqual([1, 3]);
    expect(lag("search")).toEqual([600, 600]);
    expect(lag("recommendation")).toEqual([600, 600]);
    expect(lag("review")).toEqual([3600, 3600]);
    expect(ctx(plan, "cart").consistency.transactionWith).toEqual(["order", "payment", "stock"]);
  });

  it("prices the increase against today's infrastructure estimated from DAU, with peak capacity and yearly totals, in KRW as the team answered", () => {
    expect(plan.currency).toBe("KRW");
    expect(plan.currencyFrom).toBe("answer");
    expect(plan.cost.baseline).toEqual({ month: 150000 * 150, from: "estimate" });
    expect(plan.cost.increaseMonth.high).toBeGreaterThanOrEqual(plan.cost.baseline.month * 0.3);
    expect(plan.cost.peakYear.multiple).toBe(10);
    expect(plan.cost.hiresYear).toBe(3 * 60_000_000);
    expect(plan.cost.totalYear.low).toBe(plan.cost.increaseYear.low + plan.cost.peakYear.low + plan.cost.hiresYear);
  });
});

describe("the roadmap Markdown", () => {
  const md: Partial<Record<"en" | "ko", string>> = {};
  beforeAll(() => {
    const repo = exampleWithFigures();
    for (const lang of ["en", "ko"] as const) {
      const r = runCli(["roadmap", repo, "--lang", lang, "--start", "2026-03-02"]);
      expect(r.status, r.stderr).toBe(0);
      md[lang] = r.stdout;
    }
  });

  for (const lang of ["en", "ko"] as const) {
    it(`matches the golden ${lang} file (the example with the team's figures), byte for byte`, () => {
      const golden = path.join(GOLDEN, `roadmap.${lang}.md`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, md[lang]!);
      expect(md[lang]).toBe(fs.readFileSync(golden, "utf8"));
    });
  }

  it("writes the checkout saga's payment step with its void, key, timeout and retry", () => {
    expect(md.en).toContain(
      "| 4 | `payment` | `authorizePayment` → `POST https://api.pg.example/v1/authorizations`; insert into `payments` | call `pgCancel` (`src/modules/payment/pg-gateway.ts:24`); set `payments.status` to `'voided'` (a new state to add) | `orders.id` + 4 | 10 s, 1 retry |",
    );
    expect(md.ko).toContain("`pgCancel`로 취소(`src/modules/payment/pg-gateway.ts:24`)");
  });

  it("has no Korean particle placeholder and no backslash escape in Korean", () => {
    for (const placeholder of ["(가)", "(과)", "(를)", "(은)", "(이)", "(와)", "(을)", "(는)"]) expect(md.ko).not.toContain(placeholder);
    expect(md.ko).not.toContain("\\_");
    expect(md.ko).not.toMatch(/\\[`*_[\]<>|#~]/);
  });

  it("reads as a Korean engineering lead writes it: none of the phrases of a translation (issue #23)", () => {
    const prose = md.ko!.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
    expect(prose).not.toContain("이전 작업");
    expect(prose).not.toContain("이전 테이블");
    expect(prose).not.toContain("근거 없이 조사");
    expect(prose).not.toMatch(/접근이 없음\./);
    expect(prose).not.toMatch(/없음\. /);
    expect(prose).not.toMatch(/1개 스트림이 동시에/);
    expect(prose).not.toMatch(/₩\d{1,3}(,\d{3}){2,}/);
    expect(prose).not.toMatch(/\bpostgresql\b/);
    expect(prose).not.toMatch(/\d\s?–\s?[\d₩]/);
    // One range a line or table cell: two single tildes would read as strikethrough in GitHub's Markdown.
    for (const line of prose.split("\n")) for (const cellText of line.startsWith("|") ? line.split("|") : [line]) expect((cellText.match(/\d~\d/g) ?? []).length, cellText).toBeLessThan(2);
    expect(md.ko).toContain("결제(`payment`)");
    expect(md.ko).toContain("알림(`notification`)");
  });

  it("has no English fragment in Korean prose (code spans, diagrams and the team's own words aside)", () => {
    const prose = md
      .ko!.replace(/```[\s\S]*?```/g, "")
      .replace(/`[^`]*`/g, "")
      .replace(/"[^"]*"/g, "");
    expect(prose).not.toMatch(/\b(and|or|insert|update|delete|import|the|of|with|weeks?|person-weeks?)\b/i);
  });

  it("labels every unanswered question instead of printing its key", () => {
    const r = runCli(["roadmap", bareExample(), "--no-git-history", "--lang", "ko"]);
    expect(r.stdout).toContain("- 미응답: 일간 활성 사용자(DAU) (`strangler init --dau`)");
    expect(r.stdout).not.toMatch(/business\.|team\.|money\./);
  });

  it("has no made-up date without --start or git: weeks only, no gantt", () => {
    const r = runCli(["roadmap", FIXTURE, "--no-git-history"]);
    expect(r.stdout).not.toMatch(/\b(19|20)\d\d-\d\d-\d\d\b/);
    expect(r.stdout).not.toContain("gantt");
    expect(r.stdout).toContain("Weeks are counted from the start");
  });

  it("starts the calendar on the Monday after the newest commit of a git repository", async () => {
    const { execFileSync } = await import("node:child_process");
    const repo = copyReversed(FIXTURE, path.join(temp(), "shop"));
    const git = (args: string[]) => execFileSync("git", ["-c", "user.email=dev@example.com", "-c", "user.name=Dev", "-c", "commit.gpgsign=false", ...args], { cwd: repo, env: { ...process.env, GIT_AUTHOR_DATE: "2025-06-11T10:00:00Z", GIT_COMMITTER_DATE: "2025-06-11T10:00:00Z" } });
    git(["init", "-q", "-b", "main"]);
    git(["add", "-A"]);
    git(["commit", "-qm", "all"]);
    const r = runCli(["roadmap", repo]);
    expect(r.stdout).toContain("It starts on 2025-06-16, the Monday after the newest commit.");
    expect(r.stdout).toContain("  foundation :t1, 2025-06-16,");
  });

  it("refuses a --start that is not a real date, with exit 2", () => {
    for (const bad of ["2026-02-30", "2026-3-2", "tomorrow"]) {
      const r = runCli(["roadmap", FIXTURE, "--no-git-history", "--start", bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--start must be a date that exists, written like 2026-03-02, got "${bad}"`);
    }
  });

  it("says 'nothing to plan' for an empty folder, with exit 2", () => {
    const r = runCli(["roadmap", temp()]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/nothing to plan: no TypeScript or JavaScript code and no SQL file found/);
  });

  it("says first that there is nothing to extract when no context is found, and prices nothing", () => {
    const repo = repoOf(temp)({ "src/util/strings.ts": "export const upper = (s: string) => s.toUpperCase();\n" });
    const r = runCli(["roadmap", repo]);
    expect(r.status).toBe(0);
    const body = r.stdout.split("\n").slice(2).join("\n");
    expect(body.startsWith("> **Warning:** Nothing to extract: no bounded context was found")).toBe(true);
    expect(r.stdout).not.toContain("## Cost and staffing");
    expect(r.stdout).not.toMatch(/[₩$]\d/);
    const json = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).roadmap;
    expect(json).toMatchObject({ cost: null, staffing: null, totalWeeks: 0, phases: [] });
  });
});

describe("outbound calls in the risks", () => {
  const shop = (extra: Record<string, string>) =>
    repoOf(temp)({
      "package.json": JSON.stringify({ name: "shop", private: true, dependencies: { pg: "^8.11.0" } }),
      "db/schema.sql": "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, total NUMERIC NOT NULL);\nCREATE TABLE payments (id BIGSERIAL PRIMARY KEY, order_id BIGINT REFERENCES orders (id));\n",
      "src/db.ts": 'import { Pool } from "pg";\nexport const pool = new Pool();\n',
      "src/order/order.service.ts": 'import { pool } from "../db";\nimport { charge } from "../payment/payment.service";\nexport async function place(total: number) {\n  await pool.query("INSERT INTO orders (total) VALUES ($1)", [total]);\n  return charge(1, total);\n}\n',
      "src/payment/payment.service.ts": 'import { pool } from "../db";\nexport async function charge(orderId: number, amount: number) {\n  await fetch("https://psp.example/v1/charges", { method: "POST", body: JSON.stringify({ amount }) });\n  await pool.query("INSERT INTO payments (order_id) VALUES ($1)", [orderId]);\n}\n',
      "web/src/App.tsx": 'import { useEffect } from "react";\nexport function App() {\n  useEffect(() => { void fetch("/api/orders"); }, []);\n  return <div />;\n}\n',
      ...extra,
    });
  const risks = (repo: string) => JSON.parse(runCli(["roadmap", repo, "--json", "--no-git-history"]).stdout).roadmap.risks as Array<{ id: string; count: number; evidence: Array<{ file: string }>; evidenceTotal: number }>;

  it("counts the backend's calls, not a client's requests to its own API, and lists every place it counts", () => {
    const breaker = risks(shop({})).find((r) => r.id === "no-circuit-breaker")!;
    expect(breaker.evidence.map((e) => e.file)).not.toContain("web/src/App.tsx");
    expect(breaker.evidence.map((e) => e.file)).toContain("src/payment/payment.service.ts");
    expect(breaker.evidenceTotal).toBe(breaker.count);
    const timeouts = risks(shop({})).find((r) => r.id === "no-timeouts-retries")!;
    expect(timeouts.evidence.map((e) => e.file)).toEqual(["src/payment/payment.service.ts"]);
  });

  it("knows the repository's own circuit breaker", () => {
    const repo = shop({ "src/resilience/circuit-breaker.ts": "export class CircuitBreaker {\n  open = false;\n}\n" });
    expect(risks(repo).map((r) => r.id)).not.toContain("no-circuit-breaker");
  });
});

describe("mermaid diagrams in the roadmap", () => {
  let parse: (text: string) => Promise<unknown>;
  beforeAll(async () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const mermaid = (await import("mermaid")).default;
    mermaid.initialize({ startOnLoad: false });
    parse = (t) => mermaid.parse(t);
  });
  const blocks = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

  for (const lang of ["en", "ko"] as const) {
    it(`parses (${lang}): the context map and the timeline`, async () => {
      const md = fs.readFileSync(path.join(GOLDEN, `roadmap.${lang}.md`), "utf8");
      const found = blocks(md);
      expect(found).toHaveLength(2);
      for (const b of found) await expect(parse(b)).resolves.toBeTruthy();
    });
  }

  it("rejects a broken diagram: the check can fail", async () => {
    await expect(parse("flowchart LR\n  a -->> ??")).rejects.toThrow();
  });

  it("puts identifiers from code in code spans in Markdown and escapes them in mermaid", () => {
    const dir = temp();
    const repo = copyReversed(FIXTURE, path.join(dir, "shop"));
    fs.renameSync(path.join(repo, "src/modules/search"), path.join(repo, "src/modules/se<a>rch|x"));
    const r = runCli(["roadmap", repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("- Units: `src/modules/se<a>rch|x`");
    const outsideCode = r.stdout.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
    expect(outsideCode).not.toContain("se<a>rch");
    for (const row of r.stdout.split("\n").filter((l) => l.startsWith("| ") && l.includes("se<a>rch"))) expect(row).toContain("se<a>rch\\|x");
  });
});
