import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { inPty } from "./helpers/pty.js";

/* Every number and date a user gives is checked: one line naming it, exit 2, in the language asked for. */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const SMALL = {
  "src/order/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n',
  "src/pay/index.ts": 'export const pay = (db: { query(s: string): void }) => db.query("INSERT INTO payments (id) VALUES (1)");\n',
  "schema.sql": "CREATE TABLE orders (id int);\nCREATE TABLE payments (id int);\n",
};

describe("init refuses figures that cannot be true, in the user's language", () => {
  it.each([
    [["--test-coverage", "150"], "--test-coverage: must be between 0 and 100, got \"150\"", "--test-coverage: 0–100 범위여야 합니다, 입력값 \"150\""],
    [["--dau", "1.5"], "--dau: must be a whole number (0–10,000,000,000), got \"1.5\"", "--dau: 정수여야 합니다 (0–10,000,000,000), 입력값 \"1.5\""],
    [["--team-size", "0"], "--team-size: must be between 1 and 100,000, got \"0\"", "--team-size: 1–100,000 범위여야 합니다, 입력값 \"0\""],
    [["--salary", "1e308"], "--salary: must be between 0 and 1,000,000,000,000, got \"1e308\"", "--salary: 0–1,000,000,000,000 범위여야 합니다, 입력값 \"1e308\""],
    [["--infra-cost", "12abc"], "--infra-cost: must be a number (0–1,000,000,000,000), got \"12abc\"", "--infra-cost: 숫자여야 합니다 (0–1,000,000,000,000), 입력값 \"12abc\""],
  ])("%s", (args, en, ko) => {
    const dir = temp();
    const a = runCli(["init", dir, ...args]);
    expect(a.stderr).toBe(`strangler: ${en}\n`);
    expect(a.status).toBe(2);
    const b = runCli(["init", dir, "--lang", "ko", ...args]);
    expect(b.stderr).toBe(`strangler: ${ko}\n`);
    expect(b.status).toBe(2);
    expect(fs.existsSync(path.join(dir, "strangler.yaml"))).toBe(false);
  });

  it("Ctrl-C in a Korean init answers in Korean, and writes nothing", async () => {
    const dir = temp();
    const r = await inPty(`${process.execPath} ${BIN} init ${dir} --lang ko`, [{ wait: /엔지니어는 몇 명입니까/, send: "\x03" }]);
    expect(r.output).toContain("strangler: init 취소됨: 아무것도 쓰지 않았습니다");
    expect(r.status).toBe(130); // 128 + SIGINT, as shells report an interrupted command
    expect(fs.existsSync(path.join(dir, "strangler.yaml"))).toBe(false);
  });
});

describe("flags of roadmap and assess", () => {
  it("a date that does not exist, in English and Korean", () => {
    const dir = repo(SMALL);
    const a = runCli(["roadmap", dir, "--start", "2025-13-45"]);
    expect(a.stderr).toBe('strangler: --start must be a date that exists, written like 2026-03-02, got "2025-13-45"\n');
    expect(a.status).toBe(2);
    const b = runCli(["roadmap", dir, "--lang", "ko", "--start", "2025-02-30"]);
    expect(b.stderr).toBe('strangler: --start: 실제로 있는 날짜를 2026-03-02 형식으로 써야 합니다, 입력값 "2025-02-30"\n');
    expect(b.status).toBe(2);
  });

  it("--contexts is a whole number, --resolution a finite positive one", () => {
    const dir = repo(SMALL);
    for (const [args, msg] of [
      [["--contexts", "1.5"], '--contexts must be a whole number from 1 to 1000, got "1.5"'],
      [["--contexts", "0"], '--contexts must be a whole number from 1 to 1000, got "0"'],
      [["--resolution", "1e400"], '--resolution must be a positive number, got "1e400"'],
    ] as const) {
      const r = runCli(["assess", dir, ...args]);
      expect(r.stderr).toBe(`strangler: ${msg}\n`);
      expect(r.status).toBe(2);
    }
  });

  it("figures in strangler.yaml that cannot be true are named by line and never reach the plan (no ₩∞)", () => {
    const dir = repo({ ...SMALL, "strangler.yaml": "team:\n  size: 0\nmoney:\n  currency: KRW\n  salaryYear: 1e308\n" });
    const r = runCli(["roadmap", dir, "--lang", "ko"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("strangler.yaml:2");
    expect(r.stderr).toContain("strangler.yaml:5");
    expect(r.stdout).not.toContain("∞");
    expect(r.stdout).not.toMatch(/\b0 ?명/);
  });
});

describe("nothing to read is an error", () => {
  it.each(["scan", "assess", "roadmap", "check"])("an empty folder: %s exits 2 with one line", (cmd) => {
    const dir = repo({ "README.md": "# nothing here\n", "contexts.yaml": "contexts:\n  a:\n    modules: [src/**]\n" });
    const r = runCli([cmd, dir]);
    const verb = { scan: "scan", assess: "assess", roadmap: "plan", check: "check" }[cmd];
    expect(r.stderr).toBe(`strangler: ${dir}: nothing to ${verb}: no TypeScript or JavaScript code and no SQL file found (left out: 0 test, 0 generated, 0 ignored)\n`);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(2);
  });

  it("a folder of tests only says what was left out", () => {
    const dir = repo({ "test/a.test.ts": "export const t = 1;\n" });
    const r = runCli(["scan", dir]);
    expect(r.stderr).toContain("nothing to scan: no TypeScript or JavaScript code and no SQL file found (left out: 1 test, 0 generated, 0 ignored)");
    expect(r.status).toBe(2);
  });

  it("an unreadable root folder exits 2 naming it, not '0 candidate bounded contexts'", () => {
    // the repo one folder below a temporary folder of this test's own: only those two change mode
    const outer = temp();
    const dir = path.join(outer, "repo");
    for (const [rel, text] of Object.entries(SMALL)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    fs.chmodSync(outer, 0o755);
    fs.chmodSync(dir, 0o300);
    for (const cmd of ["scan", "assess"]) {
      const r = runCli([cmd, dir], { asUser });
      expect(r.stderr).toBe(`strangler: ${dir}: cannot read the folder (permission denied)\n`);
      expect(r.status).toBe(2);
    }
    fs.chmodSync(dir, 0o755);
  });
});
