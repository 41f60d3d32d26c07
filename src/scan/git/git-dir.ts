import fs from "node:fs";
import path from "node:path";
import { gitRoot } from "../../util/git-root.js";

/*
 * A `.git` that is a file (`gitdir: <path>`) is how a worktree or a submodule finds its git folder, and
 * how a hostile repository would point git at another repository on the machine (its history, its files).
 * git itself links both ways: a worktree's git folder holds a `gitdir` file naming this `.git` back, and a
 * submodule's holds `core.worktree` naming its folder back. A `.git` file without that link back is not
 * followed.
 */

const MAX_POINTER_BYTES = 64 * 1024;

/** Why git must not be run on the repository holding `dir` (its `.git` leads to another's), or null. */
export function foreignGitDir(dir: string): string | null {
  const top = gitRoot(dir);
  if (!top) return null;
  const dotGit = path.join(top, ".git");
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dotGit);
  } catch {
    return null;
  }
  if (st.isDirectory()) return null;
  if (st.isSymbolicLink()) {
    const real = realOrNull(dotGit);
    const rel = real === null ? ".." : path.relative(realOrNull(top) ?? top, real);
    return rel.startsWith("..") || path.isAbsolute(rel) ? ".git is a symbolic link to a folder outside the repository; git is not run on it" : null;
  }
  const text = st.isFile() && st.size <= MAX_POINTER_BYTES ? readOrNull(dotGit) : null;
  const named = text === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!named) return ".git is neither a git folder nor a gitdir: pointer; git is not run on it";
  const gitDir = path.resolve(top, named);
  // A worktree: <git folder>/gitdir names this .git file.
  const back = readOrNull(path.join(gitDir, "gitdir"))?.trim();
  if (back && sameFile(path.resolve(gitDir, back), dotGit)) return null;
  // A submodule: <git folder>/config's core.worktree names this folder.
  const worktree = /^\s*worktree\s*=\s*(.+?)\s*$/m.exec(readOrNull(path.join(gitDir, "config")) ?? "")?.[1];
  if (worktree && sameFile(path.resolve(gitDir, worktree), top)) return null;
  return ".git names the git folder of another repository (it does not name this one back); git is not run on it";
}

function sameFile(a: string, b: string): boolean {
  const ra = realOrNull(a);
  return ra !== null && ra === realOrNull(b);
}

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

function readOrNull(p: string): string | null {
  try {
    const st = fs.statSync(p);
    return st.isFile() && st.size <= MAX_POINTER_BYTES ? fs.readFileSync(p, "utf8") : null;
  } catch {
    return null;
  }
}
