import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, tempDirs } from "./helpers/cli.js";
import { inPty } from "./helpers/pty.js";

const temp = tempDirs(afterAll);

describe("strangler init", () => {
  /** A copy of a MySQL shop: its driver in package.json, and a strangler.yaml people already wrote. */
  function mysqlShop(): { dir: string; file: string; before: string } {
    const dir = temp();
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "shop", dependencies: { mysql2: "^3" } })}\n`);
    fs.mkdirSync(path.join(dir, "db"));
    fs.writeFileSync(path.join(dir, "db/schema.sql"), "CREATE TABLE `orders` (`id` int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n");
    const file = path.join(dir, "strangler.yaml");
    const before = "# agreed with finance\nteam:\n  size: 20 # product engineers\n";
    fs.writeFileSync(file, before);
    return { dir, file, before };
  }
  const N = 23; // 24 questions, --salary answers one
  const q = (k: number) => new RegExp(`\\(${k}/${N}\\)[^>]*> `);

  it("asks in a terminal: defaults are what it detected or the file holds, said so; skip, I don't know, back and a review before writing only what was typed or confirmed", async () => {
    const { dir, file } = mysqlShop();
    const r = await inPty(`${process.execPath} ${BIN} init ${dir} --salary 100000`, [
      { wait: /\(1\/23\) How many engineers build the product\?[\s\S]*20 \(already in strangler\.yaml\)[^>]*> /, send: "\r" },
      { wait: q(2), send: "a few\r" },
      { wait: /platform team size must be a number \(0–100,000\), got "a few"[^>]*> /, send: "3\r" },
      { wait: q(3), send: "<\r" }, // back to the platform team
      { wait: /\(2\/23\) How many of them work on infrastructure\/platform\?[\s\S]*Enter: 3 \(your answer\)[^>]*> /, send: "4\r" },
      { wait: q(3), send: "?\r" }, // I don't know
      { wait: q(4), send: "-\r" }, // skip
      { wait: q(5), send: "\r" }, // nothing to default to: a skip
      { wait: /\(6\/23\) How often do you deploy\?[\s\S]*the plan assumes weekly[^>]*> /, send: "\r" }, // the assumption is no default
      { wait: q(7), send: "catalog, order\r" },
      { wait: /\(8\/23\) Which database\?[\s\S]*Enter: mysql \(detected from package\.json: mysql2\)[^>]*> /, send: "\r" },
      { wait: q(9), send: "2\r" }, // Kubernetes: the second choice
      { wait: q(10), send: "<\r" }, // back to Kubernetes: Enter keeps the answer
      { wait: /\(9\/23\)[\s\S]*Enter: some \(your answer\)[^>]*> /, send: "\r" },
      ...Array.from({ length: N - 9 }, (_x, k) => ({ wait: q(k + 10), send: "\r" })),
      { wait: /Your answers \(nothing is written yet\):[\s\S]*y: write strangler\.yaml[^>]*> /, send: "2\r" }, // change the platform team
      { wait: /\(2\/23\)[^>]*> /, send: "5\r" },
      { wait: /Your answers[\s\S]*> /, send: "y\r" },
    ]);
    expect(r.status, r.output).toBe(0);
    const review = r.output.slice(r.output.lastIndexOf("Your answers"));
    for (const line of [
      "yearly cost of an engineer: 100000 (from --salary)",
      "  1. team size: 20 (already in strangler.yaml, kept)",
      "  2. platform team size: 5",
      "  3. daily active users (DAU): — I don't know",
      "  4. monthly active users (MAU): — skipped",
      "  6. deploy cadence: — skipped (the plan assumes weekly)",
      "  8. database: mysql (detected, confirmed)",
      "  9. Kubernetes experience: some",
      " 21. hiring lead time (weeks): — skipped (the plan assumes 12)",
    ]) expect(review).toContain(line);
    expect(r.output).not.toMatch(/team\.infraSize|infraSize/); // the user's words, never the file's keys
    // only what was typed or confirmed; the comment and the figure people wrote stay
    expect(fs.readFileSync(file, "utf8")).toBe(
      [
        "# agreed with finance",
        "team:",
        "  size: 20 # product engineers",
        "  infraSize: 5",
        "  mostDeployedAreas: [catalog, order]",
        "  kubernetes: some",
        "database:",
        "  dialect: mysql",
        "money:",
        "  salaryYear: 100000",
        "",
      ].join("\n"),
    );
  }, 60_000);

  it("Ctrl-C exits 130 and writes nothing; so does quitting at the review; questions and errors in Korean with --lang ko", async () => {
    const { dir, file, before } = mysqlShop();
    const interrupted = await inPty(`${process.execPath} ${BIN} init ${dir} --lang ko`, [
      { wait: /\(1\/24\) 제품을 만드는 엔지니어는 몇 명입니까\?[\s\S]*20 \(strangler\.yaml에 이미 있음\)[^>]*> /, send: "30\r" },
      { wait: /\(2\/24\)[^>]*> /, send: "여럿\r" },
      { wait: /플랫폼 팀 규모: 숫자여야 합니다[^>]*> /, send: "\x03" },
    ]);
    expect(interrupted.status, interrupted.output).toBe(130);
    expect(interrupted.output).toContain("strangler: init 취소됨: 아무것도 쓰지 않았습니다");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["db", "package.json", "strangler.yaml"]);

    const quit = await inPty(`${process.execPath} ${BIN} init ${dir} --salary 1`, [
      { wait: q(1), send: "30\r" },
      ...Array.from({ length: N - 1 }, (_x, k) => ({ wait: q(k + 2), send: "\r" })),
      { wait: /Your answers[\s\S]*> /, send: "n\r" },
    ]);
    expect(quit.status, quit.output).toBe(0);
    expect(quit.output).toContain("strangler.yaml: not written");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  }, 60_000);

  it("never prompts without a terminal: flags only, and what people wrote stays", () => {
    const dir = temp();
    const file = path.join(dir, "strangler.yaml");
    fs.writeFileSync(file, "# our figures, agreed with finance\nteam:\n  size: 20 # product engineers\nexclude:\n  - scripts/ # keep me\n");
    const r = runCli(["init", dir, "--infra-team-size", "4", "--currency", "USD", "--salary", "150,000"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("strangler.yaml: 3 answers written\n");
    expect(fs.readFileSync(file, "utf8")).toBe(
      "# our figures, agreed with finance\nteam:\n  size: 20 # product engineers\n  infraSize: 4\nexclude:\n  - scripts/ # keep me\nmoney:\n  currency: USD\n  salaryYear: 150000\n",
    );
  });

  it("refuses a bad flag value with exit 2, and leaves a broken file alone", () => {
    const dir = temp();
    expect(runCli(["init", dir, "--team-size", "many"]).status).toBe(2);
    const file = path.join(dir, "strangler.yaml");
    fs.writeFileSync(file, "team: [broken\n");
    const r = runCli(["init", dir, "--team-size", "3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strangler\.yaml:\d+: not valid YAML .*not rewritten/);
    expect(fs.readFileSync(file, "utf8")).toBe("team: [broken\n");
  });

  it("asks today's infrastructure cost (--infra-cost) for the roadmap to price the increase against", () => {
    const dir = temp();
    expect(runCli(["init", dir, "--infra-cost", "30000000", "--currency", "KRW"]).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "strangler.yaml"), "utf8")).toContain("money:\n  currency: KRW\n  infraMonth: 30000000\n");
  });

  it("feeds the roadmap: the team's most damaging domain raises its risk", () => {
    const dir = temp();
    const repo = path.join(dir, "shop");
    fs.cpSync(path.join(ROOT, "fixtures/allinone-commerce"), repo, { recursive: true });
    const before = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(runCli(["init", repo, "--most-damaging", "search"]).status).toBe(0);
    const after = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(after.risk).toBeGreaterThanOrEqual(before.risk + 4);
    expect(after.criticality).toBe("critical");
    expect(after.reasons.map((x: { kind: string }) => x.kind)).toContain("most-damaging");
  });

  it("feeds the roadmap in Korean: 검색 names the search context", () => {
    const dir = temp();
    const repo = path.join(dir, "shop");
    fs.cpSync(path.join(ROOT, "fixtures/allinone-commerce"), repo, { recursive: true });
    const before = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(runCli(["init", repo, "--most-damaging", "검색이 멈추면 매출이 0"]).status).toBe(0);
    const after = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(after.risk).toBeGreaterThanOrEqual(before.risk + 4);
  });
});

describe("what init detects before it asks", () => {
  it("the database from package.json's drivers, else from the SQL files' dialect; nothing when neither says", async () => {
    const { detectDatabase } = await import("../src/cli/init-detect.js");
    expect(detectDatabase(path.join(ROOT, "fixtures/mysql-shop-dump"))).toEqual({ value: "mysql", from: "1 SQL file" });
    expect(detectDatabase(path.join(ROOT, "fixtures/allinone-commerce"))).toEqual({ value: "postgresql", from: "package.json: pg" });
    const dir = temp();
    fs.writeFileSync(path.join(dir, "schema.sql"), "CREATE TABLE t (id int);\n");
    expect(detectDatabase(dir)).toBeNull();
  });
});
