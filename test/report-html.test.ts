import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { FIXTURE, runCli, tempDir } from "./helpers/cli.js";
import { launchChromium } from "./helpers/browser.js";

/*
 * The HTML report opened in a real headless Chromium (Debian's, driven by playwright-core): the page is one
 * file that loads nothing, a click on the map shows the evidence behind a context's crossings, a move made in
 * the page is measured exactly as `assess` measures the same contexts written in contexts.yaml, and the
 * exported contexts.yaml is one `check` accepts.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a report, recording every request the page makes that is not the file itself. */
async function open(file: string): Promise<{ page: Page; requests: string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  page.setDefaultTimeout(120_000); // a machine shared by a full test run is slow, not broken
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    if (r.url() !== `file://${file}` && !r.url().startsWith("blob:")) requests.push(r.url());
  });
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`file://${file}`);
  await page.waitForSelector("body[data-ready=true]").catch((e) => {
    throw new Error(`${e}\npage errors: ${errors.join("\n")}`);
  });
  return { page, requests, dialogs };
}

async function overall(page: Page): Promise<Record<string, number>> {
  return page.$$eval("#overall .metric", (els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.metric!, Number(e.querySelector(".value")!.textContent)])));
}

describe("strangler report on the example, in a real browser", { timeout: 240_000 }, () => {
  const repo = path.join(tempDir("strangler-report-"), "shop");
  const html = path.join(path.dirname(repo), "report.html");
  let page: Page;
  let requests: string[];

  beforeAll(async () => {
    fs.cpSync(FIXTURE, repo, { recursive: true });
    const r = runCli(["report", repo, "-o", html, "--no-git-history"]);
    expect(r.status, r.stderr).toBe(0);
    ({ page, requests } = await open(html));
  }, 240_000);

  it("is one file with every script inlined, and is the same byte for byte on a second run", () => {
    const text = fs.readFileSync(html, "utf8");
    expect(text).not.toMatch(/<script[^>]+src=/i);
    expect(text).not.toMatch(/<link[^>]+href=/i);
    const again = path.join(path.dirname(repo), "again.html");
    expect(runCli(["report", repo, "-o", again, "--no-git-history"]).status).toBe(0);
    expect(fs.readFileSync(again, "utf8")).toBe(text);
    const viaAssess = path.join(path.dirname(repo), "assess.html");
    expect(runCli(["assess", repo, "--format", "html", "-o", viaAssess, "--no-git-history"]).status).toBe(0);
    expect(fs.readFileSync(viaAssess, "utf8")).toBe(text);
  });

  it("draws the map with sigma.js and shows the metrics assess computes", async () => {
    expect(await page.evaluate(() => document.body.dataset.renderer)).toBe("sigma");
    const a = JSON.parse(runCli(["assess", repo, "--json", "--no-git-history"]).stdout);
    const shown = await overall(page);
    for (const k of ["contexts", "crossJoins", "crossForeignKeys", "crossTransactions", "foreignTableAccess", "crossImports", "icp", "modularity"]) expect(shown[k], k).toBe(a.metrics[k]);
  });

  it("shows a context's units, tables and the file:line of each crossing when it is clicked on the map", async () => {
    const at = await page.evaluate(() => (window as unknown as { stranglerReport: { positionOf(n: string): { x: number; y: number } } }).stranglerReport.positionOf("order"));
    const box = (await page.locator("#map-canvas").boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector('#detail[data-context="order"]');
    expect(await page.locator("#detail ul.units").innerText()).toContain("src/modules/order");
    expect(await page.locator("#detail ul.tables").innerText()).toContain("orders");
    const crossing = page.locator('#detail details.crossing[data-with="payment"]');
    await crossing.locator("summary").click();
    const lines = (await crossing.locator("ul.evidence li code").allInnerTexts()).map((t) => t.trim());
    expect(lines.length).toBeGreaterThan(0);
    // Each is a real line of the repo.
    for (const l of lines) {
      const m = /^(.+):(\d+)$/.exec(l)!;
      expect(m, l).not.toBeNull();
      const text = fs.readFileSync(path.join(repo, m[1]), "utf8").split("\n");
      expect(Number(m[2])).toBeLessThanOrEqual(text.length);
    }
  });

  it("measures a move as assess measures the same contexts in contexts.yaml, and check accepts the exported file", async () => {
    const before = await overall(page);
    await page.fill("#move-item", "src/modules/review");
    await page.selectOption("#move-to", "order");
    await page.click("#move-apply");
    await page.waitForFunction(() => document.querySelector("#moves")!.textContent!.includes("src/modules/review"));
    const after = await overall(page);
    expect(after).not.toEqual(before);
    await page.click("#export");
    const yaml = await page.inputValue("#export-text");
    expect(yaml).toMatch(/order:\n {4}modules:\n(?: {6}- .*\n)*? {6}- src\/modules\/review\/\*\*/);
    fs.writeFileSync(path.join(repo, "contexts.yaml"), yaml);
    const a = JSON.parse(runCli(["assess", repo, "--json", "--no-git-history"]).stdout);
    expect(a.contexts.find((c: { name: string }) => c.name === "order").units).toContain("src/modules/review");
    for (const k of ["contexts", "crossJoins", "crossForeignKeys", "crossTransactions", "foreignTableAccess", "crossImports", "icp", "modularity"]) expect(after[k], k).toBe(a.metrics[k]);
    // The order and each context's difficulty, as roadmap computes them from that contexts.yaml.
    const pageOrder = await page.$$eval("#order tr[data-context]", (rows) => rows.map((r) => ({ name: (r as HTMLElement).dataset.context!, rank: parseInt(r.querySelector(".rank")!.textContent!, 10), difficulty: parseFloat(r.querySelector(".difficulty")!.textContent!.split(" (")[0]) })));
    const plan = JSON.parse(runCli(["roadmap", repo, "--json", "--no-git-history"]).stdout);
    expect(pageOrder).toEqual(plan.order.map((o: { name: string; rank: number; difficulty: number }) => ({ name: o.name, rank: o.rank, difficulty: o.difficulty })));
    expect(await page.locator("#order td.difficulty").allInnerTexts()).toContainEqual(expect.stringContaining("→"));
    // The report opens from that contexts.yaml too, as assess does.
    const reopened = path.join(path.dirname(repo), "reopened.html");
    expect(runCli(["report", repo, "-o", reopened, "--no-git-history"]).status).toBe(0);
    const model = JSON.parse(/<script type="application\/json" id="strangler-data">(.*?)<\/script>/s.exec(fs.readFileSync(reopened, "utf8"))![1]);
    expect(model.partition.contexts.find((c: { name: string }) => c.name === "order").units).toContain("src/modules/review");
    expect(model.agreed).toContain("order");
    const check = runCli(["check", repo, "--json", "--fail-on", "never"]);
    expect(check.status, check.stderr).toBe(0);
    const out = JSON.parse(check.stdout);
    expect(JSON.stringify(out)).not.toContain("contexts-error");
  });

  it("merges and splits contexts in the page", async () => {
    await page.locator('#context-list button[data-context="search"]').click();
    await page.selectOption("#merge-into", "product");
    await page.click("#merge-apply");
    expect((await overall(page)).contexts).toBe(11);
    await page.locator('#detail input.pick[data-name="public.brands"]').check();
    await page.fill("#split-name", "brand");
    await page.click("#split-apply");
    expect((await overall(page)).contexts).toBe(12);
    await page.click("#reset");
  });

  it("shows the dependency matrix with the evidence of a cell, and the timeline", async () => {
    await page.click("#tab-matrix");
    const cell = page.locator('#dsm-contexts td[data-from="order"][data-to="payment"]');
    expect(Number(await cell.innerText())).toBeGreaterThan(0);
    await cell.click();
    expect(await page.locator("#matrix-evidence ul.evidence li").count()).toBeGreaterThan(0);
    expect(await page.locator('#dsm-tables td[data-table="public.orders"][data-context="order"]').innerText()).toContain("O");
    await page.click("#tab-timeline");
    expect(await page.locator("#gantt g.row.context").count()).toBeGreaterThan(0);
    expect(await page.locator("#gantt rect.band").count()).toBeGreaterThan(0);
  });

  it("made no network request", () => {
    expect(requests).toEqual([]);
  });
});

describe("a browser without WebGL", { timeout: 240_000 }, () => {
  it("draws the same laid-out map as SVG, and a click on a context shows it", async () => {
    const repo = path.join(tempDir("strangler-report-svg-"), "shop");
    fs.cpSync(FIXTURE, repo, { recursive: true });
    const html = path.join(path.dirname(repo), "report.html");
    expect(runCli(["report", repo, "-o", html, "--no-git-history"]).status).toBe(0);
    const noGl = await launchChromium(["--disable-webgl", "--disable-3d-apis"]);
    try {
      const page = await noGl.newPage({ viewport: { width: 1400, height: 950 } });
      page.setDefaultTimeout(120_000);
      await page.goto(`file://${html}`);
      await page.waitForSelector("body[data-ready=true]");
      expect(await page.evaluate(() => document.body.dataset.renderer)).toBe("svg");
      expect(await page.locator("#map-canvas svg g.node").count()).toBe(12);
      expect(await page.locator("#map-canvas svg line").count()).toBe(20);
      await page.locator('#map-canvas svg g.node[data-context="payment"] circle').click();
      await page.waitForSelector('#detail[data-context="payment"]');
    } finally {
      await noGl.close();
    }
  });
});

describe("names from the repository are text in the page", { timeout: 240_000 }, () => {
  it("renders a file and a table named <img src=x onerror=alert(1)> as text: no markup, no dialog", async () => {
    const NAME = "<img src=x onerror=alert(1)>";
    const repo = tempDir("strangler-report-xss-");
    fs.mkdirSync(path.join(repo, "src/orders"), { recursive: true });
    fs.mkdirSync(path.join(repo, "src/billing"), { recursive: true });
    fs.mkdirSync(path.join(repo, "db"), { recursive: true });
    fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "xss-shop", version: "1.0.0" }));
    fs.writeFileSync(path.join(repo, "db/schema.sql"), `CREATE TABLE orders (id int primary key);\nCREATE TABLE "${NAME}" (id int primary key, order_id int references orders(id));\nCREATE TABLE invoices (id int primary key, order_id int references orders(id));\n`);
    fs.writeFileSync(path.join(repo, "src/orders", `${NAME}.ts`), `import { db } from "../db";\nexport const list = () => db.query('SELECT * FROM orders o JOIN "${NAME}" x ON x.order_id = o.id');\nexport const add = () => db.query('INSERT INTO "${NAME}" (id, order_id) VALUES (1, 1)');\nexport const due = () => db.query('SELECT * FROM invoices');\n`);
    fs.writeFileSync(path.join(repo, "src/billing/invoices.ts"), `import { db } from "../db";\nexport const bill = () => db.query('INSERT INTO invoices (id, order_id) SELECT id, id FROM orders');\nexport const read = () => db.query('SELECT * FROM "${NAME}"');\n`);
    fs.writeFileSync(path.join(repo, "src/db.ts"), `export const db = { query: (sql: string) => sql };\n`);
    const html = path.join(repo, "..", `${path.basename(repo)}.html`);
    const r = runCli(["report", repo, "-o", html, "--no-git-history"]);
    expect(r.status, r.stderr).toBe(0);
    const text = fs.readFileSync(html, "utf8");
    expect(text).not.toContain(NAME); // in the data it is \u003c-escaped
    const { page, dialogs, requests } = await open(html);
    await page.click("#tab-matrix");
    const body = await page.locator("body").innerText();
    expect(body).toContain(`public.${NAME}`);
    // Every context's detail, every crossing opened: the file's name is in the evidence, as text.
    await page.locator("#tab-map").click();
    const seen: string[] = [];
    for (const button of await page.locator("#context-list button").all()) {
      await button.click();
      for (const d of await page.locator("#detail details.crossing summary").all()) await d.click();
      seen.push(await page.locator("#detail").innerText());
    }
    expect(seen.join("\n")).toContain(`src/orders/${NAME}.ts:`);
    expect(await page.locator("img").count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
