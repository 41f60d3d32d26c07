import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8" });

/** Two contexts and one statement joining their tables: a cross-context join, and a foreign table read. */
const SHOP = {
  "package.json": `{"name":"shop","dependencies":{"pg":"^8"}}\n`,
  "db/schema.sql": "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE orders (id int PRIMARY KEY, user_id int);\n",
  "src/db.ts": "export function query(sql: string, params?: unknown[]) { return { sql, params }; }\n",
  "src/users/users.repository.ts": 'import { query } from "../db";\nexport function byId(id: number) {\n  return query("SELECT id, email FROM users WHERE id = $1", [id]);\n}\n',
  "src/orders/orders.repository.ts":
    'import { query } from "../db";\nexport function withEmails() {\n  return query("SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id");\n}\n',
  "contexts.yaml": "contexts:\n  orders:\n    modules: [src/orders/**]\n    tables: [orders]\n  identity:\n    modules: [src/users/**]\n    tables: [users]\ninfrastructure: [src]\n",
};

describe("one output convention on every command", () => {
  it("--help of scan, assess, roadmap and check lists --format, --json, -o/--output and --config; init has --config", () => {
    for (const command of ["scan", "assess", "roadmap", "check"]) {
      const help = runCli([command, "--help"]).stdout;
      for (const flag of ["--format <format>", "--json", "-o, --output <file>", "--config <file>"]) expect(help, `${command}: ${flag}`).toContain(flag);
    }
    expect(runCli(["init", "--help"]).stdout).toContain("--config <file>");
    const top = runCli(["--help"]).stdout.replace(/\s+/g, " ");
    expect(top).toContain("-o/--output <file> (- for stdout); a format a command does not write is an error (exit 2). --config <file> points at strangler.yaml.");
  });

  it("refuses, with exit 2, a format a command does not write, and --json with another --format", () => {
    const dir = repo(SHOP);
    const cases: [string[], string][] = [
      [["scan", dir, "--format", "sarif"], "scan has no --format sarif; it writes text, json"],
      [["assess", dir, "--format", "markdown"], "assess has no --format markdown; it writes text, json"],
      [["roadmap", dir, "--format", "text"], "roadmap has no --format text; it writes markdown, json"],
      [["scan", dir, "--format", "junit"], "scan has no --format junit; it writes text, json"],
      [["check", dir, "--format", "xml"], "check knows no --format xml"],
      [["check", dir, "--json", "--format", "sarif"], "--json means --format json; it conflicts with --format sarif"],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
    }
  });

  it("--json is --format json, and -o writes to a file what stdout would get (- is stdout)", () => {
    const dir = repo(SHOP);
    const out = path.join(temp(), "check.json");
    const viaJson = runCli(["check", dir, "--json"]);
    const viaFormat = runCli(["check", dir, "--format", "json"]);
    const viaDash = runCli(["check", dir, "--format", "json", "-o", "-"]);
    const viaFile = runCli(["check", dir, "--format", "json", "--output", out]);
    expect(viaJson.status).toBe(1);
    expect(JSON.parse(viaJson.stdout).summary).toMatchObject({ new: 2, errors: 2 });
    expect(viaFormat.stdout).toBe(viaJson.stdout);
    expect(viaDash.stdout).toBe(viaJson.stdout);
    expect(viaFile.stdout).toBe("");
    expect(viaFile.status).toBe(1);
    expect(fs.readFileSync(out, "utf8")).toBe(viaJson.stdout);

    const md = path.join(temp(), "roadmap.md");
    const roadmap = runCli(["roadmap", dir, "-o", md]);
    expect(roadmap.status, roadmap.stderr).toBe(0);
    expect(roadmap.stdout).toBe("");
    expect(fs.readFileSync(md, "utf8")).toBe(runCli(["roadmap", dir, "--format", "markdown"]).stdout);
  });

  it("check --fail-on: warning fails on a new warning, never passes on a new error; a bad value is exit 2", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": `${SHOP["contexts.yaml"]}rules:\n  cross-context-join: warn\n  foreign-table-access: warning\n` });
    expect(runCli(["check", dir]).status).toBe(0);
    const strict = runCli(["check", dir, "--fail-on", "warning"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain("warning  cross-context-join");
    expect(runCli(["check", repo(SHOP), "--fail-on", "never"]).status).toBe(0);
    const bad = runCli(["check", dir, "--fail-on", "sometimes"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fail-on must be error, warning (or warn) or never, got "sometimes"');
  });

  it("check --fail-on-stale fails while the baseline holds entries nothing matches any more", () => {
    const dir = repo(SHOP);
    expect(runCli(["check", dir, "--update-baseline"]).status).toBe(0);
    expect(runCli(["check", dir, "--fail-on-stale"]).status).toBe(0);
    fs.writeFileSync(path.join(dir, "src/orders/orders.repository.ts"), 'export function withEmails() {\n  return [];\n}\n');
    expect(runCli(["check", dir]).status).toBe(0);
    const r = runCli(["check", dir, "--fail-on-stale"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(".strangler/baseline.json: 2 stale entries (--fail-on-stale; --prune-baseline removes them)");
  });
});

describe("strangler.yaml: --config, exclude: and rules:", () => {
  it("rules: in strangler.yaml set severities (warn = warning); contexts.yaml's rules win over them", () => {
    const dir = repo({ ...SHOP, "strangler.yaml": "rules:\n  cross-context-join: warn\n  foreign-table-access: warning\n" });
    const r = runCli(["check", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("warning  cross-context-join");
    fs.appendFileSync(path.join(dir, "contexts.yaml"), "rules:\n  cross-context-join: error\n");
    expect(runCli(["check", dir]).status).toBe(1);
  });

  it("exclude: leaves files out of every scan, and --config points at another file; a missing one is exit 2", () => {
    const dir = repo({ ...SHOP, "ci/strangler.yaml": "exclude:\n  - src/orders/\n" });
    expect(runCli(["check", dir]).status).toBe(1);
    const excluded = runCli(["check", dir, "--config", path.join(dir, "ci/strangler.yaml")]);
    expect(excluded.status, excluded.stderr).toBe(0);
    expect(excluded.stdout).toContain("no new violations");
    const scan = JSON.parse(runCli(["scan", dir, "--json", "--config", path.join(dir, "ci/strangler.yaml")]).stdout);
    expect(JSON.stringify(scan)).not.toContain("src/orders/orders.repository.ts");
    const missing = runCli(["scan", dir, "--config", path.join(dir, "nope.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nope.yaml: no such file (--config)");
  });

  it("a severity that is not error, warning, warn or off fails the gate closed, with its line", () => {
    const dir = repo({ ...SHOP, "strangler.yaml": "rules:\n  cross-context-join: loud\n" });
    const r = runCli(["check", dir, "--verbose"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('strangler.yaml:2: rules.cross-context-join must be one of error, warning, warn, off, not the text "loud"');
  });
});

describe("paths in SARIF and annotations", () => {
  it("are relative to the git root, not the scanned folder, with uriBaseId %SRCROOT%", () => {
    const top = temp();
    const dir = path.join(top, "services/shop");
    for (const [rel, text] of Object.entries(SHOP)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    git(top, "init", "-q", "-b", "main");
    const sarif = JSON.parse(runCli(["check", dir, "--format", "sarif"]).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "services/shop/src/orders/orders.repository.ts", uriBaseId: "%SRCROOT%" });
    expect(runCli(["check", dir, "--format", "github"]).stdout).toContain("::error file=services/shop/src/orders/orders.repository.ts,line=3,");
    // text and JSON stay relative to the folder checked
    expect(runCli(["check", dir]).stdout).toContain("src/orders/orders.repository.ts:3  error");
  });
});
