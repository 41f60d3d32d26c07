import fs from "node:fs";
import path from "node:path";
import { repoBoundary } from "../files/boundary.js";
import { runGit } from "./run-git.js";

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
  if (!fs.existsSync(path.join(repoBoundary(abs), ".git"))) return null;
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
