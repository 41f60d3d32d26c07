import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempDirs } from "./helpers/cli.js";
import { scanRepo } from "../src/scan/index.js";
import { MAX_TSCONFIG_BYTES } from "../src/scan/code/tsconfig.js";

/*
 * A scanned repository is untrusted: nothing its git config names may run, and no config it points at may
 * make strangler read outside it. Each case first shows that plain git does run the command (so the test
 * can fail), then that strangler does not.
 */

const temp = tempDirs(afterAll);

const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

const CONTEXTS = "contexts:\n  app:\n    modules: [src/**]\n    tables: [orders]\n";

/** A committed repo with one changed file, plus a marker path that must never appear. */
function hostileRepo(): { repo: string; marker: string } {
  const dir = temp();
  const repo = path.join(dir, "repo");
  fs.mkdirSync(path.join(repo, "src"), { recursive: true });
  fs.writeFileSync(path.join(repo, "src/a.ts"), 'export const q = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n');
  fs.writeFileSync(path.join(repo, "schema.sql"), "CREATE TABLE orders (id int);\n");
  fs.writeFileSync(path.join(repo, "contexts.yaml"), CONTEXTS);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "one");
  fs.appendFileSync(path.join(repo, "src/a.ts"), "// changed\n");
  return { repo, marker: path.join(dir, "pwned") };
}

const touches = (marker: string) => `touch ${marker}`;
const exists = (p: string) => fs.existsSync(p);

function strangerRuns(repo: string): void {
  const c = runCli(["check", repo, "--changed-since", "HEAD"]);
  expect(c.stderr).not.toContain("internal error");
  expect(c.status).toBe(0);
  const s = runCli(["scan", repo, "--json"]);
  expect(s.status).toBe(0);
}

describe("git never runs what the scanned repository configures", () => {
  it("core.fsmonitor", () => {
    const { repo, marker } = hostileRepo();
    git(repo, "config", "core.fsmonitor", `${touches(marker)}; false`);
    strangerRuns(repo);
    expect(exists(marker)).toBe(false);
    spawnSync("git", ["diff", "--name-only", "HEAD"], { cwd: repo });
    expect(exists(marker)).toBe(true); // plain git does run it
  });

  it("a clean filter named in .gitattributes", () => {
    const { repo, marker } = hostileRepo();
    fs.writeFileSync(path.join(repo, ".gitattributes"), "*.ts filter=evil\n");
    git(repo, "config", "filter.evil.clean", `${touches(marker)}; cat`);
    strangerRuns(repo);
    expect(exists(marker)).toBe(false);
    spawnSync("git", ["diff", "--name-only", "HEAD"], { cwd: repo });
    expect(exists(marker)).toBe(true);
  });

  it("an external diff tool (diff.external)", () => {
    const { repo, marker } = hostileRepo();
    git(repo, "config", "diff.external", path.join(repo, "..", "tool.sh"));
    fs.writeFileSync(path.join(repo, "..", "tool.sh"), `#!/bin/sh\n${touches(marker)}\n`, { mode: 0o755 });
    strangerRuns(repo);
    expect(exists(marker)).toBe(false);
    spawnSync("git", ["diff", "HEAD"], { cwd: repo });
    expect(exists(marker)).toBe(true);
  });

  it("a hook (post-index-change), and core.hooksPath", () => {
    const { repo, marker } = hostileRepo();
    const hooks = path.join(repo, "..", "hooks");
    fs.mkdirSync(hooks);
    fs.writeFileSync(path.join(hooks, "post-index-change"), `#!/bin/sh\n${touches(marker)}\n`, { mode: 0o755 });
    git(repo, "config", "core.hooksPath", hooks);
    strangerRuns(repo);
    expect(exists(marker)).toBe(false);
    // The control: git writes the index (so runs the hook) whenever a file is added; `git status` only
    // writes it when the stat data changed, which depends on timing.
    fs.writeFileSync(path.join(repo, "control.txt"), "control\n");
    spawnSync("git", ["add", "control.txt"], { cwd: repo });
    expect(exists(marker)).toBe(true);
  });

  it("gpg.program for signed commits (log.showSignature)", () => {
    const { repo, marker } = hostileRepo();
    const tree = git(repo, "rev-parse", "HEAD^{tree}").trim();
    const parent = git(repo, "rev-parse", "HEAD").trim();
    const body = `tree ${tree}\nparent ${parent}\nauthor n <a@b> 1700000000 +0000\ncommitter n <a@b> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n wsBcBAABCAAQBQJlAAAAAAkQAAAAAAAAAAAAAA==\n -----END PGP SIGNATURE-----\n\nsigned\n`;
    const commit = execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], { cwd: repo, input: body, encoding: "utf8" }).trim();
    git(repo, "update-ref", "refs/heads/main", commit);
    fs.writeFileSync(path.join(repo, "..", "gpg.sh"), `#!/bin/sh\n${touches(marker)}\nexit 1\n`, { mode: 0o755 });
    git(repo, "config", "gpg.program", path.join(repo, "..", "gpg.sh"));
    git(repo, "config", "log.showSignature", "true");
    strangerRuns(repo);
    expect(exists(marker)).toBe(false);
    spawnSync("git", ["log", "--name-only"], { cwd: repo });
    expect(exists(marker)).toBe(true);
  });

  it("--changed-since outside git says so, not 'no commit'", () => {
    const dir = temp();
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src/a.ts"), "export const a = 1;\n");
    fs.writeFileSync(path.join(dir, "contexts.yaml"), CONTEXTS);
    const r = runCli(["check", dir, "--changed-since", "HEAD"]);
    expect(r.stderr).toBe(`strangler: ${dir} is not in a git repository: --changed-since needs one (or leave it out to check every file)\n`);
    expect(r.status).toBe(2);
  });
});

describe("tsconfig extends and paths stay inside the repository", () => {
  /** src/a.ts imports "@app/b"; the mapping lives in whatever tsconfig.json extends. */
  function repoExtending(extendsSpec: string, base: { dir: string; name: string }): string {
    const repo = path.join(base.dir, "repo");
    fs.mkdirSync(path.join(repo, "src"), { recursive: true });
    fs.writeFileSync(path.join(repo, "src/a.ts"), 'import { b } from "@app/b";\nexport const a = b;\n');
    fs.writeFileSync(path.join(repo, "src/b.ts"), "export const b = 1;\n");
    fs.writeFileSync(path.join(repo, "tsconfig.json"), JSON.stringify({ extends: extendsSpec }));
    return repo;
  }
  const mapping = (target: string) => JSON.stringify({ compilerOptions: { paths: { "@app/*": [target] } } });
  const imports = (repo: string) => scanRepo(repo, { gitHistory: false }).facts.imports.map((i) => `${i.from} -> ${i.to}`);
  const diagnostics = (repo: string) => scanRepo(repo, { gitHistory: false }).facts.diagnostics.filter((d) => d.code === "tsconfig-error").map((d) => `${d.file}: ${d.message}`);

  it("a relative extends that leaves the repository is not read (and is, once it is inside)", () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, "base.json"), mapping("./repo/src/*"));
    const repo = repoExtending("../base.json", { dir, name: "repo" });
    expect(imports(repo)).toEqual([]);
    expect(diagnostics(repo)).toEqual(['tsconfig.json: extended config "../base.json" is outside the repository: not read']);
    // the same file inside the repository (a git repository one folder up makes the folder above part of it)
    git(dir, "init", "-q");
    expect(imports(repo)).toEqual(["src/a.ts -> src/b.ts"]);
  });

  it("an absolute extends (/etc/passwd) is not read", () => {
    const dir = temp();
    const repo = repoExtending("/etc/passwd", { dir, name: "repo" });
    expect(diagnostics(repo)).toEqual(['tsconfig.json: extended config "/etc/passwd" is outside the repository: not read']);
  });

  it("an extends through a symlink to a file outside is not read", () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, "base.json"), mapping("./repo/src/*"));
    const repo = repoExtending("./link.json", { dir, name: "repo" });
    fs.symlinkSync(path.join(dir, "base.json"), path.join(repo, "link.json"));
    expect(imports(repo)).toEqual([]);
    expect(diagnostics(repo)).toEqual(['tsconfig.json: extended config "./link.json" is outside the repository: not read']);
  });

  it("a package in the repository's node_modules is followed", () => {
    const dir = temp();
    const repo = repoExtending("@acme/tsconfig/base.json", { dir, name: "repo" });
    fs.mkdirSync(path.join(repo, "node_modules/@acme/tsconfig"), { recursive: true });
    fs.writeFileSync(path.join(repo, "node_modules/@acme/tsconfig/base.json"), JSON.stringify({ compilerOptions: { baseUrl: "../../../", paths: { "@app/*": ["src/*"] } } }));
    expect(imports(repo)).toEqual(["src/a.ts -> src/b.ts"]);
    expect(diagnostics(repo)).toEqual([]);
  });

  it("a tsconfig over the size limit is not read, quickly", () => {
    const dir = temp();
    const repo = repoExtending("./huge.json", { dir, name: "repo" });
    fs.writeFileSync(path.join(repo, "huge.json"), `${mapping("./src/*").slice(0, -1)}, "x": "${"y".repeat(MAX_TSCONFIG_BYTES)}"}`);
    const t0 = Date.now();
    expect(diagnostics(repo)).toEqual([`huge.json: ${fs.statSync(path.join(repo, "huge.json")).size} bytes, more than a tsconfig's ${MAX_TSCONFIG_BYTES}: not read`]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("git log is decoded as one stream", () => {
  it("a multi-byte file name cut across a read keeps its churn, at every cut", async () => {
    const { parseLog } = await import("../src/scan/git/history.js");
    const dir = temp();
    const log = path.join(dir, "log");
    const commits = [1, 2, 3].map((i) => `\u0001${"ab".repeat(20)}${i} 170000000${i}\n\nsrc/주문/결제.ts\nsrc/café/menu.ts\n`).join("");
    fs.writeFileSync(log, commits);
    const unitOf = (f: string) => path.posix.dirname(f);
    const whole = parseLog(log, unitOf);
    expect(Object.keys(whole.units)).toEqual(["src/café", "src/주문"]);
    for (let chunk = 1; chunk <= 9; chunk++) expect(parseLog(log, unitOf, chunk)).toEqual(whole);
  });
});

describe("nothing above the folder scanned is read without a repository around it", () => {
  it("workspaces declared in a package.json above are followed only inside the git repository", async () => {
    const outer = temp();
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "outer", workspaces: ["pkgs/*"] }),
      "pkgs/b/package.json": JSON.stringify({ name: "b", main: "src/index.ts" }),
      "pkgs/b/src/index.ts": 'export const TABLE = "orders";\n',
      "pkgs/a/src/index.ts": 'import { TABLE } from "b";\nexport const a = TABLE;\n',
      "pkgs/a/package.json": JSON.stringify({ name: "a", dependencies: { b: "*" } }),
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(outer, rel)), { recursive: true });
      fs.writeFileSync(path.join(outer, rel), text);
    }
    const { findWorkspaces } = await import("../src/scan/files/workspaces.js");
    expect(findWorkspaces(path.join(outer, "pkgs/a"))).toBeNull();
    git(outer, "init", "-q");
    expect(findWorkspaces(path.join(outer, "pkgs/a"))?.root).toBe(outer);
  });
});
