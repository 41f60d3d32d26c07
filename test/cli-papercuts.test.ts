import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, FIXTURE, repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { inPty } from "./helpers/pty.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8" });
const ESC = "\x1b[";

/**
 * Two contexts: orders joins identity's table, reads it, and imports an internal file of identity
 * (indented, so the import's column is not 1); a warning-level diagnostic (an import that resolves nowhere).
 */
const SHOP = {
  "package.json": `{"name":"shop","dependencies":{"pg":"^8"}}\n`,
  "db/schema.sql": "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE orders (id int PRIMARY KEY, user_id int);\nCREATE INDEX idx_orders_user ON orders (user_id);\n",
  "src/db.ts": "export function query(sql: string, params?: unknown[]) { return { sql, params }; }\n",
  "src/users/users.repository.ts": 'import { query } from "../db";\nexport function byId(id: number) {\n  return query("SELECT id, email FROM users WHERE id = $1", [id]);\n}\n',
  "src/users/index.ts": 'export { byId } from "./users.repository";\n',
  "src/orders/orders.repository.ts":
    'import { query } from "../db";\n   import { byId } from "../users/users.repository";\nimport { gone } from "./missing";\nexport function withEmails() {\n  byId(1); gone();\n  return query("SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id");\n}\n',
  "contexts.yaml": "contexts:\n  orders:\n    modules: [src/orders/**]\n    tables: [orders]\n  identity:\n    modules: [src/users/**]\n    tables: [users]\ninfrastructure: [src]\n",
};

/** The shop as a git repository (check reads git's file list). */
function shop(extra: Record<string, string> = {}): string {
  const dir = repo({ ...SHOP, ...extra });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "shop");
  return dir;
}

describe("--exclude takes one pattern per flag, never the repo argument after it", () => {
  it("`check --exclude <pattern> <repo>` checks the repo with the pattern left out; repeated flags add patterns", () => {
    const dir = shop();
    const all = JSON.parse(runCli(["check", dir, "--json"]).stdout);
    expect(all.violations.map((v: { rule: string }) => v.rule).sort()).toEqual(["cross-context-import", "cross-context-join", "foreign-table-access"]);

    const one = runCli(["check", "--exclude", "src/orders/**", dir, "--json"]);
    expect(one.stderr).not.toContain("missing required argument");
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).summary.new).toBe(0);
    expect(JSON.parse(one.stdout).leftOut.ignored).toBe(1);

    const two = runCli(["scan", "--exclude", "src/orders/**", "--exclude", "src/users/**", dir, "--json"]);
    expect(two.status, two.stderr).toBe(0);
    const scanned = JSON.parse(two.stdout);
    expect(JSON.stringify(scanned.units)).not.toMatch(/orders|users/);
    expect(scanned.summary.excluded.ignored).toBe(3);
  });
});

describe("<repo> defaults to the current folder", () => {
  it("scan, assess, roadmap and check without a repo read `.` and print what they print given its path", () => {
    const dir = shop();
    for (const command of [["scan", "--json"], ["assess", "--json"], ["roadmap"], ["check", "--json"]]) {
      const named = runCli([command[0], dir, ...command.slice(1)], { cwd: dir });
      const implied = runCli(command, { cwd: dir });
      expect(implied.status, `${command.join(" ")}: ${implied.stderr}`).toBe(named.status);
      expect(implied.stdout.replaceAll(dir, "."), command.join(" ")).toBe(named.stdout.replaceAll(dir, "."));
      expect(implied.stdout.length).toBeGreaterThan(50);
    }
    for (const command of ["scan", "assess", "roadmap", "check"]) expect(runCli([command, "--help"]).stdout).toContain("[repo]");
  });
});

describe("--quiet", () => {
  it("leaves stderr empty of warnings, notes and progress; the result on stdout is the same", () => {
    const dir = shop();
    const loud = runCli(["assess", dir]);
    expect(loud.stderr).toContain("unresolved-import");
    const quiet = runCli(["assess", dir, "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(loud.stdout);
    // before the command, as a global flag, too; and the baseline's note is gone
    const baseline = runCli(["-q", "check", dir, "--update-baseline"]);
    expect(baseline.status).toBe(0);
    expect(baseline.stderr).toBe("");
    expect(fs.existsSync(path.join(dir, ".strangler/baseline.json"))).toBe(true);
    // an input error still says why
    const bad = runCli(["check", path.join(dir, "nowhere"), "--quiet"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("no such folder");
  });
});

describe("colour: --color, --no-color, FORCE_COLOR, NO_COLOR, and a terminal", () => {
  const colouredOut = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } }).stdout.includes(ESC);

  it("piped output has no colour unless asked; the flag wins over the environment, FORCE_COLOR over NO_COLOR", () => {
    const dir = shop();
    const args = ["check", dir];
    expect(colouredOut(args)).toBe(false);
    expect(colouredOut(args, { FORCE_COLOR: "1" })).toBe(true);
    expect(colouredOut(args, { FORCE_COLOR: "0" })).toBe(false);
    expect(colouredOut(args, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(colouredOut([...args, "--color"])).toBe(true);
    expect(colouredOut(["--color", ...args], { NO_COLOR: "1" })).toBe(true);
    expect(colouredOut([...args, "--no-color"], { FORCE_COLOR: "1" })).toBe(false);
    // a file named by -o never gets escape codes, nor does a machine format
    const file = path.join(temp(), "out.txt");
    runCli([...args, "--color", "-o", file]);
    expect(fs.readFileSync(file, "utf8")).not.toContain(ESC);
    expect(colouredOut([...args, "--json", "--color"])).toBe(false);
  });

  it("on a terminal: colour by default, none with NO_COLOR set (an empty NO_COLOR does not count)", async () => {
    const dir = shop();
    const run = async (env: string) => (await inPty(`${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check ${JSON.stringify(dir)}`, [])).output;
    expect(await run("env")).toContain(ESC);
    expect(await run("env NO_COLOR=")).toContain(ESC);
    expect(await run("env NO_COLOR=1")).not.toContain(`${ESC}3`);
  }, 60_000);
});

describe("columns where the evidence has them", () => {
  it("an import across contexts is placed at its line and column in text, SARIF and annotations", () => {
    const dir = shop();
    const text = runCli(["check", dir]).stdout;
    expect(text).toContain("src/orders/orders.repository.ts:2:4  error  cross-context-import");
    const sarif = JSON.parse(runCli(["check", dir, "--format", "sarif"]).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "cross-context-import");
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 4 });
    // a join is placed by its line only: the evidence has no column
    const join = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "cross-context-join");
    expect(join.locations[0].physicalLocation.region).toEqual({ startLine: 6 });
    const github = runCli(["check", dir, "--format", "github"]).stdout;
    expect(github).toContain("::error file=src/orders/orders.repository.ts,line=2,col=4,title=strangler cross-context-import::");
    expect(JSON.parse(runCli(["check", dir, "--json"]).stdout).violations.find((v: { rule: string }) => v.rule === "cross-context-import")).toMatchObject({ line: 2, column: 4 });
  });
});

describe("information diagnostics", () => {
  it("a plain assess does not count the information ones it does not show; --verbose lists them", () => {
    const plain = runCli(["assess", FIXTURE]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).not.toMatch(/information diagnostics? not shown/);
    expect(plain.stderr).not.toContain("  info  ");
    const verbose = runCli(["assess", FIXTURE, "--verbose"]);
    expect(verbose.stderr).toContain("  info  sql-no-tables");
  });
});
