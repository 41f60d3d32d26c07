import fs from "node:fs";
import path from "node:path";
import { repoBoundary } from "../files/boundary.js";
import { runGit } from "./run-git.js";
import { foreignGitDir } from "./git-dir.js";

/** The files git tracks under a folder, and every folder holding one; relative to that folder. */
export interface Tracked {
  files: Set<string>;
  dirs: Set<string>;
}

/**
 * What git's index holds under `root` (`git ls-files`, run as every git command here is: nothing of the
 * repository's config can run a program). Ignore rules apply only to files git does not track: a
 * `schema.sql` added with `git add -f` despite `*.sql` in .gitignore is the repository's. Null outside a git
 * repository or when git cannot tell.
 */
export function trackedFiles(root: string): Tracked | null {
  const abs = path.resolve(root);
  if (!fs.existsSync(path.join(repoBoundary(abs), ".git")) || foreignGitDir(abs)) return null;
  const r = runGit(abs, ["ls-files", "-z", "--cached"]);
  if (r.status !== 0 || r.error) return null;
  const files = new Set(r.stdout.split("\0").filter(Boolean));
  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.lastIndexOf("/"); i > 0; i = f.lastIndexOf("/", i - 1)) {
      const dir = f.slice(0, i);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { files, dirs };
}

/**
 * Why git cannot list the files of the repository holding `root` (git missing, a checkout owned by another
 * user that git calls "dubious", a broken index), in git's own first line; null when it can, or when there is
 * no git repository. `check` fails closed on it: without git's list, a file git tracks but a .gitignore names
 * would be dropped unseen.
 */
export function whyGitCannotList(root: string): string | null {
  const abs = path.resolve(root);
  if (!fs.existsSync(path.join(repoBoundary(abs), ".git"))) return null;
  const foreign = foreignGitDir(abs);
  if (foreign) return foreign;
  const r = runGit(abs, ["ls-files", "-z", "--cached", "--", ":(top)x-strangler-probe"]);
  if (r.error) return (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "git is not installed (not on PATH)" : r.error.message;
  if (r.status !== 0) return r.stderr.split("\n").find((l) => l.trim())?.replace(/^(fatal|error): /, "") ?? `git exited with ${r.status}`;
  return null;
}
