import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { tempDirs } from "./helpers/cli.js";
import { walkRepo } from "../src/scan/files/walk.js";
import { modulePatternMatches } from "../src/config/contexts-yaml.js";

const temp = tempDirs(afterAll);

/** What git itself holds: tracked files, and untracked ones not ignored, in a repo with no global or system excludes; `sub` lists from a subfolder. */
function gitKeeps(dir: string, sub = "", init = true): string[] {
  if (init) execFileSync("git", ["init", "-q"], { cwd: dir });
  const out = execFileSync("git", ["-c", "core.excludesFile=/dev/null", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: path.join(dir, sub),
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });
  return out.split("\0").filter((f) => /\.(ts|sql)$/.test(f)).sort();
}
const strangerKeeps = (dir: string, sub = "") => walkRepo(path.join(dir, sub), { includeTests: true, includeGenerated: true }).files.map((f) => f.path).sort();

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** A folder with every file of FILES in each of DIRS, and a .gitignore holding `rules[dir]` (`root` for the top) where any. */
function writeTree(dirs: string[], names: string[], rules: Record<string, string[]>): string {
  const dir = temp();
  const files: Record<string, string> = {};
  for (const d of dirs) {
    for (const f of names) files[d ? `${d}/${f}` : f] = "x\n";
    const lines = rules[d || "root"];
    if (lines.length) files[d ? `${d}/.gitignore` : ".gitignore"] = `${lines.join("\n")}\n`;
  }
  write(dir, files);
  return dir;
}

describe("ignore rules as git applies them", () => {
  it("a deeper .gitignore re-includes what the root one ignores (!keep.sql)", () => {
    const dir = temp();
    write(dir, { ".gitignore": "*.sql\n", "db/.gitignore": "!keep.sql\n", "db/keep.sql": "CREATE TABLE k (id int);\n", "db/drop.sql": "x", "a.ts": "export {};\n" });
    expect(strangerKeeps(dir)).toEqual(["a.ts", "db/keep.sql"]);
    expect(gitKeeps(dir)).toEqual(["a.ts", "db/keep.sql"]);
  });

  it("keeps what git tracks though a rule ignores it (git add -f), even inside an ignored folder; --exclude still leaves it out", () => {
    const dir = temp();
    write(dir, { ".gitignore": "*.sql\nlegacy/\n", "db/schema.sql": "CREATE TABLE s (id int);\n", "db/scratch.sql": "x\n", "legacy/old.ts": "export {};\n", "legacy/new.ts": "export {};\n", "a.ts": "export {};\n" });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["add", "-f", "db/schema.sql", "legacy/old.ts", "a.ts"], { cwd: dir });
    expect(strangerKeeps(dir)).toEqual(["a.ts", "db/schema.sql", "legacy/old.ts"]);
    expect(gitKeeps(dir, "", false)).toEqual(["a.ts", "db/schema.sql", "legacy/old.ts"]);
    expect(walkRepo(dir, { exclude: ["db/"] }).files.map((f) => f.path)).toEqual(["a.ts", "legacy/old.ts"]);
  });

  it("--exclude leaves a file out whatever a .gitignore re-includes", () => {
    const dir = temp();
    write(dir, { "db/.gitignore": "!keep.sql\n", "db/keep.sql": "x", "a.ts": "export {};\n" });
    expect(walkRepo(dir, { exclude: ["db/"] }).files.map((f) => f.path)).toEqual(["a.ts"]);
  });

  it("agrees with git on generated trees of .gitignore files", () => {
    const DIRS = ["", "a", "b", "a/c", "b/d"];
    const FILES = ["x.ts", "z.ts", "y.sql", "keep.sql"];
    const RULES = ["*.sql", "!keep.sql", "x.ts", "/x.ts", "c/", "!c/", "a/", "*.ts", "!z.ts", "c/*.sql", "**/d", "!**/keep.sql", "d/*", "!d/x.ts", "!*.sql", "#comment", "y.sql", "/c", "?.ts", "[xz].ts"];
    const tree = fc.record(Object.fromEntries(DIRS.map((d) => [d || "root", fc.array(fc.constantFrom(...RULES), { maxLength: 4 })])));
    fc.assert(
      fc.property(tree, (rules) => {
        const dir = writeTree(DIRS, FILES, rules);
        expect(strangerKeeps(dir), JSON.stringify(rules)).toEqual(gitKeeps(dir));
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });

  it("reads .git/info/exclude, and the .gitignore files above a subfolder up to the git top, as git does", () => {
    const DIRS = ["", "a", "a/c", "a/c/d"];
    const FILES = ["x.ts", "z.ts", "y.sql", "keep.sql"];
    const RULES = ["*.sql", "!keep.sql", "x.ts", "/x.ts", "c/", "!c/", "a/c/d/", "*.ts", "!z.ts", "c/*.sql", "**/d", "!**/keep.sql", "d/*", "!d/x.ts", "/a/c/z.ts", "y.sql"];
    const rulesOf = fc.array(fc.constantFrom(...RULES), { maxLength: 3 });
    const tree = fc.record<Record<string, string[]>>({ exclude: rulesOf, ...Object.fromEntries(DIRS.map((d) => [d || "root", rulesOf])) });
    fc.assert(
      fc.property(tree, fc.constantFrom("a", "a/c"), (rules, sub) => {
        const dir = writeTree(DIRS, FILES, rules);
        execFileSync("git", ["init", "-q"], { cwd: dir });
        fs.writeFileSync(path.join(dir, ".git/info/exclude"), `${rules.exclude.join("\n")}\n`);
        const git = gitKeeps(dir, sub, false);
        const walk = walkRepo(path.join(dir, sub), { includeTests: true, includeGenerated: true });
        // A folder git ignores as a whole is read as asked, and says so.
        if (walk.diagnostics.some((d) => d.code === "ignored-root")) expect(git, JSON.stringify(rules)).toEqual([]);
        else expect(walk.files.map((f) => f.path).sort(), JSON.stringify({ rules, sub })).toEqual(git);
      }),
      { numRuns: 80, seed: 20261125 },
    );
  });

  it("reads a worktree's info/exclude from its common git folder; a scanned folder git ignores is read, with a note", () => {
    const dir = temp();
    write(dir, { "main/a.ts": "export {};\n", "main/b.sql": "x\n", "main/build/c.ts": "export {};\n", "main/.gitignore": "build/\n" });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args], { cwd: path.join(dir, "main") });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "init");
    git("worktree", "add", "-q", path.join(dir, "wt"));
    fs.writeFileSync(path.join(dir, "main/.git/info/exclude"), "*.sql\n");
    write(dir, { "wt/d.sql": "x\n", "wt/e.ts": "export {};\n" });
    // b.sql is tracked: ignore rules do not apply to it.
    expect(strangerKeeps(dir, "wt")).toEqual(["a.ts", "b.sql", "e.ts"]);
    expect(gitKeeps(dir, "wt", false)).toEqual(["a.ts", "b.sql", "e.ts"]);
    const build = walkRepo(path.join(dir, "main/build"), { includeGenerated: true });
    expect(build.files.map((f) => f.path)).toEqual(["c.ts"]);
    expect(build.diagnostics).toContainEqual({ file: ".", code: "ignored-root", severity: "info", message: "the folder scanned is ignored by ../.gitignore; the ignore rules above it are not applied" });
  });
});

describe("contexts.yaml globs by picomatch", () => {
  it.each([
    ["src/a", "src/a", true],
    ["src/a", "src/a/b", false],
    ["src/a/**", "src/a", true],
    ["src/a/**", "src/a/b/c.ts", true],
    ["src/a/", "src/a", true],
    ["src/{orders,billing}/**", "src/billing/x", true],
    ["src/{orders,billing}/**", "src/users/x", false],
    ["src/modules/?art/**", "src/modules/cart", true],
    ["src/modules/?art/**", "src/modules/chart", false],
    ["src/*", "src/a", true],
    ["src/*", "src/a/b", false],
    ["src/**/*.repository.ts", "src/x/y/z.repository.ts", true],
    ["src/[ab]/**", "src/b/c", true],
    ["src/.hidden/**", "src/.hidden/x", true],
  ])("%s matches %s: %s", (pattern, unit, expected) => {
    expect(modulePatternMatches(pattern, unit)).toBe(expected);
  });
});
