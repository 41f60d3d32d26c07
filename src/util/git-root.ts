import fs from "node:fs";
import path from "node:path";
import { toPosix } from "./paths.js";

/**
 * The top of the git work tree holding `dir`: the nearest folder upwards with a `.git` entry (a folder, or
 * the file a worktree or submodule has). Found on disk, without running git, so it works on any checkout
 * git itself would refuse to read; null outside a work tree.
 */
export function gitRoot(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * What to put before a path relative to the scanned folder to make it relative to the git root (`apps/shop/`
 * when the scan ran on apps/shop), or "" at the root or outside git.
 */
export function prefixFromGitRoot(dir: string): string {
  const root = gitRoot(dir);
  if (!root) return "";
  const rel = toPosix(path.relative(root, path.resolve(dir)));
  return rel ? `${rel}/` : "";
}
