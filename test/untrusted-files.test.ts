import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";

/*
 * A repository strangler is pointed at may be hostile (a vendor's monolith, a pull request from a fork): the
 * files it holds are symlinks, FIFOs or devices where strangler expects a config file. Nothing is written
 * outside it, nothing read hangs or grows without bound, and nothing read from outside it is quoted.
 */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const CODE = {
  "src/order/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n',
  "src/billing/index.ts": 'export const bill = (db: { query(s: string): void }) => db.query("SELECT * FROM invoices");\n',
  "schema.sql": "CREATE TABLE orders (id int);\nCREATE TABLE invoices (id int);\n",
};
const CONTEXTS = "contexts:\n  order:\n    modules: [src/order/**]\n    tables: [orders]\n  billing:\n    modules: [src/billing/**]\n    tables: [invoices]\n";
/** A repository and, beside it, a folder standing for the user's home. */
function repoAndHome(files: Record<string, string> = CODE): { dir: string; home: string } {
  const dir = repo(files);
  const home = temp();
  return { dir, home };
}
const run = (args: string[]) => runCli(args, { timeoutMs: 60_000 });

describe("nothing is written outside the repository", () => {
  it("assess --write-contexts refuses a contexts.yaml symlinked outside, existing or dangling, and writes nothing there", () => {
    for (const dangling of [false, true]) {
      const { dir, home } = repoAndHome();
      const victim = path.join(home, ".bash_aliases");
      if (!dangling) fs.writeFileSync(victim, "alias ll='ls -l'\n");
      fs.symlinkSync(victim, path.join(dir, "contexts.yaml"));
      const r = run(["assess", dir, "--write-contexts"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/contexts\.yaml.*(outside|not rewritten)/);
      expect(dangling ? fs.existsSync(victim) : fs.readFileSync(victim, "utf8")).toBe(dangling ? false : "alias ll='ls -l'\n");
      expect(fs.readdirSync(home).filter((f) => f !== ".bash_aliases")).toEqual([]);
    }
  });

  it("check --update-baseline and --prune-baseline refuse a .strangler folder symlinked outside (even dangling)", () => {
    for (const flag of ["--update-baseline", "--prune-baseline"]) {
      for (const dangling of [false, true]) {
        const { dir, home } = repoAndHome({ ...CODE, "contexts.yaml": CONTEXTS });
        const target = path.join(home, "config");
        if (!dangling) fs.mkdirSync(target);
        fs.symlinkSync(target, path.join(dir, ".strangler"));
        const r = run(["check", dir, flag]);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/\.strangler.*outside/);
        expect(dangling ? fs.existsSync(target) : fs.readdirSync(target)).toEqual(dangling ? false : []);
      }
    }
  });

  it("check --update-baseline refuses a baseline.json symlinked outside", () => {
    const { dir, home } = repoAndHome({ ...CODE, "contexts.yaml": CONTEXTS });
    const victim = path.join(home, "kubeconfig");
    fs.mkdirSync(path.join(dir, ".strangler"));
    fs.symlinkSync(victim, path.join(dir, ".strangler/baseline.json"));
    const r = run(["check", dir, "--update-baseline"]);
    expect(r.status).toBe(2);
    expect(fs.existsSync(victim)).toBe(false);
  });

  it("init refuses a strangler.yaml symlinked outside and leaves its target as it was", () => {
    const { dir, home } = repoAndHome();
    const victim = path.join(home, "kubeconfig");
    fs.writeFileSync(victim, "apiVersion: v1\nclusters: []\n");
    fs.symlinkSync(victim, path.join(dir, "strangler.yaml"));
    const r = run(["init", dir, "--team-size", "5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strangler\.yaml.*outside/);
    expect(fs.readFileSync(victim, "utf8")).toBe("apiVersion: v1\nclusters: []\n");
  });

  it("--output refuses a file symlinked out of the folder it names", () => {
    const { dir, home } = repoAndHome();
    const victim = path.join(home, ".profile");
    fs.writeFileSync(victim, "export PATH\n");
    fs.mkdirSync(path.join(dir, "docs"));
    fs.symlinkSync(victim, path.join(dir, "docs/roadmap.md"));
    const r = run(["scan", dir, "--json", "-o", path.join(dir, "docs/roadmap.md")]);
    expect(r.status).toBe(2);
    expect(fs.readFileSync(victim, "utf8")).toBe("export PATH\n");
  });

  it("a folder name a shell would run is written into contexts.yaml as one quoted YAML string", () => {
    const evil = "gadget$(touch pwned)`id`";
    const dir = repo({ [`src/${evil}/index.ts`]: 'export const g = (db: { query(s: string): void }) => db.query("SELECT * FROM gadgets");\n', "schema.sql": "CREATE TABLE gadgets (id int);\n" });
    expect(run(["assess", dir, "--write-contexts"]).status).toBe(0);
    const text = fs.readFileSync(path.join(dir, "contexts.yaml"), "utf8");
    const line = text.split("\n").find((l) => l.includes("gadget$"))!;
    expect(line.trim()).toMatch(/^- "src\/gadget\$\(touch pwned\)`id`(\/\*\*)?"$/);
  });
});

describe("every config and manifest read is a bounded regular file", () => {
  const FILES = ["package.json", "pnpm-workspace.yaml", "tsconfig.json", "contexts.yaml", "strangler.yaml", ".strangler/baseline.json", ".strangler/rules/weights.yaml"];
  // contexts.yaml, strangler.yaml and the baseline are what check judges by: it fails closed on them.
  const GATE = new Set(["contexts.yaml", "strangler.yaml", ".strangler/baseline.json"]);

  for (const kind of ["fifo", "dev-zero"] as const) {
    it(`a ${kind === "fifo" ? "FIFO" : "symlink to /dev/zero"} in place of each: check and assess end, the gate's own files exit 2`, () => {
      for (const file of FILES) {
        const dir = repo({ ...CODE, ...(file === "contexts.yaml" ? {} : { "contexts.yaml": CONTEXTS }) });
        fs.mkdirSync(path.join(dir, ".strangler/rules"), { recursive: true });
        if (kind === "fifo") execFileSync("mkfifo", [path.join(dir, file)]);
        else fs.symlinkSync("/dev/zero", path.join(dir, file));
        const check = run(["check", dir]);
        expect(check.status, `${file}: ${check.stderr}`).toBe(GATE.has(file) ? 2 : 0);
        if (GATE.has(file)) expect(check.stderr).toContain(`${file}: ${kind === "fifo" ? "a FIFO (named pipe), not a regular file" : "a symbolic link to a file outside"}`);
        const assess = run(["assess", dir, "--json"]);
        expect(assess.status, `${file}: ${assess.stderr}`).toBe(0);
      }
    }, 120_000);
  }

  it("a config file over its size limit is refused with the limit named", () => {
    const dir = repo({ ...CODE, "contexts.yaml": `${CONTEXTS}# ${"x".repeat(5 * 1024 * 1024)}\n` });
    const r = run(["check", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("contexts.yaml: more than 4 MB, the limit for a config file; not read");
  });

  it("a contexts.yaml symlinked to a secret outside is not read, and no error quotes it", () => {
    const { dir, home } = repoAndHome();
    fs.writeFileSync(path.join(home, ".env"), "AWS_SECRET_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE\n");
    for (const name of ["contexts.yaml", "strangler.yaml", ".strangler/baseline.json", "package.json"]) {
      fs.rmSync(path.join(dir, name), { force: true });
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.symlinkSync(path.join(home, ".env"), path.join(dir, name));
    }
    for (const args of [["check", dir], ["assess", dir, "--verbose"], ["scan", dir, "--verbose"]]) {
      const r = run(args);
      expect(`${r.stdout}${r.stderr}`).not.toContain("AKIA");
    }
  });

  it("a broken package.json or baseline in the repository is reported by line, without its text", () => {
    const dir = repo({ ...CODE, "package.json": '{"name": "shop",\n"token": AKIAIOSFODNN7EXAMPLE}\n', "contexts.yaml": CONTEXTS, ".strangler/baseline.json": "AKIAIOSFODNN7EXAMPLE\n" });
    const scan = run(["scan", dir, "--verbose"]);
    expect(scan.stderr).toMatch(/package\.json.*cannot read package\.json: not valid JSON/);
    expect(scan.stderr).not.toContain("AKIA");
    const check = run(["check", dir]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(".strangler/baseline.json: not valid JSON");
    expect(check.stderr).not.toContain("AKIA");
  });
});
