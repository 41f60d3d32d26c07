import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { foreignGitDir } from "../src/scan/git/git-dir.js";

/* A `.git` file is followed only when the git folder it names names it back (a worktree, a submodule): never into another repository. */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const git = (dir: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: dir, encoding: "utf8" });
const CODE = { "src/a/index.ts": 'export const q = (db: { query(s: string): void }) => db.query("SELECT * FROM a");\n', "schema.sql": "CREATE TABLE a (id int);\n" };

describe(".git pointing elsewhere", () => {
  it("a worktree is followed; a pointer to another repository is not, and check fails closed on it", () => {
    const other = repo({ "secret/plan.ts": "export const x = 1;\n" });
    git(other, "init", "-q", "-b", "main");
    git(other, "add", "-A");
    git(other, "commit", "-qm", "the other repository's history");
    const worktree = path.join(temp(), "wt");
    git(other, "worktree", "add", "-q", worktree);
    expect(foreignGitDir(worktree)).toBeNull();

    const dir = repo({ ...CODE, "contexts.yaml": "contexts:\n  a:\n    modules: [src/a/**]\n    tables: [a]\n" });
    fs.writeFileSync(path.join(dir, ".git"), `gitdir: ${path.join(other, ".git")}\n`);
    expect(foreignGitDir(dir)).toMatch(/names the git folder of another repository/);
    const scan = runCli(["scan", dir, "--json"]);
    expect(scan.status).toBe(0);
    const json = JSON.parse(scan.stdout);
    expect(json.history ?? null).toBeNull();
    expect(json.diagnostics.find((d: { file: string }) => d.file === ".git").message).toMatch(/another repository/);
    const check = runCli(["check", dir]);
    expect(check.status).toBe(2);
    expect(check.stderr).toMatch(/git cannot list the repository's files \(\.git names the git folder of another repository/);
  });
});
