import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";

/*
 * `strangler trend`: coupling across today's contexts, month by month, from a git history written here with
 * fixed dates: commits that change several contexts, and the cross-context lines each month introduced.
 */

function git(repo: string, date: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=dev@example.com", "-c", "user.name=Dev", "-c", "commit.gpgsign=false", ...args], {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    encoding: "utf8",
  });
}

function write(repo: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
}

function shop(): string {
  const repo = tempDir("strangler-trend-");
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  write(repo, "package.json", JSON.stringify({ name: "trend-shop", version: "1.0.0" }));
  write(repo, "db/schema.sql", "CREATE TABLE orders (id int primary key, total int);\nCREATE TABLE invoices (id int primary key, order_id int);\n");
  write(repo, "src/db.ts", "export const db = { query: (sql: string) => sql };\n");
  write(repo, "src/orders/orders.ts", `import { db } from "../db";\nexport const place = () => db.query("INSERT INTO orders (id, total) VALUES (1, 2)");\n`);
  write(repo, "src/billing/invoices.ts", `import { db } from "../db";\nexport const bill = () => db.query("INSERT INTO invoices (id, order_id) VALUES (1, 1)");\nexport const total = () => db.query("SELECT total FROM orders");\n`);
  git(repo, "2025-01-15T10:00:00Z", "add", "-A");
  git(repo, "2025-01-15T10:00:00Z", "commit", "-qm", "shop");
  write(repo, "src/orders/orders.ts", `import { db } from "../db";\nexport const place = () => db.query("INSERT INTO orders (id, total) VALUES (1, 3)");\n`);
  git(repo, "2025-03-10T10:00:00Z", "commit", "-qam", "orders only");
  fs.appendFileSync(path.join(repo, "src/billing/invoices.ts"), `export const again = () => db.query("SELECT id FROM orders");\n`);
  git(repo, "2025-03-20T10:00:00Z", "commit", "-qam", "billing reads orders again");
  fs.appendFileSync(path.join(repo, "src/orders/orders.ts"), `export const refund = () => db.query("DELETE FROM orders");\n`);
  fs.appendFileSync(path.join(repo, "src/billing/invoices.ts"), `export const cancel = () => db.query("DELETE FROM invoices");\n`);
  git(repo, "2025-03-25T10:00:00Z", "commit", "-qam", "both");
  write(repo, "contexts.yaml", "contexts:\n  ordering:\n    modules: [src/orders/**]\n    tables: [orders]\n  billing:\n    modules: [src/billing/**]\n    tables: [invoices]\ninfrastructure: [src/db.ts, src]\n");
  return repo;
}

describe("strangler trend", { timeout: 180_000 }, () => {
  it("counts, month by month, the commits changing several contexts and the cross-context lines written then", () => {
    const repo = shop();
    const r = runCli(["trend", repo, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.contexts).toEqual(["billing", "ordering"]);
    expect(out.months.map((m: { month: string }) => m.month)).toEqual(["2025-01", "2025-02", "2025-03"]);
    const [jan, feb, mar] = out.months;
    expect(jan).toMatchObject({ commits: 1, crossCommits: 1 });
    expect(feb).toEqual({ month: "2025-02", commits: 0, crossCommits: 0, crossLinesIntroduced: 0 });
    expect(mar).toMatchObject({ commits: 3, crossCommits: 1 });
    // billing reads orders: one line written in January, one in March.
    expect(jan.crossLinesIntroduced).toBe(1);
    expect(mar.crossLinesIntroduced).toBe(1);
    const text = runCli(["trend", repo]);
    expect(text.stdout).toContain("2025-03");
  });

  it("says so when there is no git history", () => {
    const repo = tempDir("strangler-trend-nogit-");
    write(repo, "src/a/a.ts", "export const a = 1;\n");
    write(repo, "db/schema.sql", "CREATE TABLE a (id int);\n");
    const r = runCli(["trend", repo]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no git history");
  });
});
