import fs from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, copyReversed, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const GOLDEN = path.join(ROOT, "test/golden");
const order = (json: string) => JSON.parse(json).order.map((s: { name: string }) => s.name) as string[];

describe("extraction order on the example monolith", () => {
  it("puts notification first or second and order, payment, inventory last", () => {
    const r = runCli(["roadmap", FIXTURE, "--json"]);
    expect(r.status).toBe(0);
    const names = order(r.stdout);
    expect(names.indexOf("notification")).toBeLessThan(2);
    expect(names.slice(-3).sort()).toEqual(["inventory", "order", "payment"]);
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

describe("the roadmap Markdown", () => {
  for (const lang of ["en", "ko"] as const) {
    it(`matches the golden ${lang} file, byte for byte`, () => {
      const r = runCli(["roadmap", FIXTURE, "--lang", lang]);
      expect(r.status).toBe(0);
      const golden = path.join(GOLDEN, `roadmap.${lang}.md`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, r.stdout);
      expect(r.stdout).toBe(fs.readFileSync(golden, "utf8"));
    });
  }

  it("derives the checkout saga from the code's write sequence, with compensations", () => {
    const md = fs.readFileSync(path.join(GOLDEN, "roadmap.en.md"), "utf8");
    expect(md).toContain("| 1 | order | insert orders | delete the orders rows this step inserted | src/modules/order/checkout.service.ts:26 |");
    expect(md).toContain("| 6 | payment | insert payments | delete the payments rows this step inserted | src/modules/order/checkout.service.ts:61 |");
    expect(fs.readFileSync(path.join(GOLDEN, "roadmap.ko.md"), "utf8")).toContain("이 단계가 넣은 payments 행 삭제");
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

  it("escapes identifiers from code in Markdown and mermaid", () => {
    const dir = temp();
    const repo = copyReversed(FIXTURE, path.join(dir, "shop"));
    fs.renameSync(path.join(repo, "src/modules/search"), path.join(repo, "src/modules/se<a>rch|x"));
    const r = runCli(["roadmap", repo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("src/modules/se\\<a\\>rch\\|x");
    expect(r.stdout).not.toContain("se<a>rch|x");
  });
});
