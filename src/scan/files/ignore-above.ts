import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { repoBoundary } from "./boundary.js";
import { relativePosix } from "../../util/paths.js";

/** Ignore files larger than this are not read (a hostile repo's "exclude" of gigabytes). */
export const MAX_IGNORE_FILE = 1024 * 1024;

/** Rules that apply to the folder scanned from outside it, lowest precedence first. */
export interface RulesAbove {
  /** Where the rules come from, relative to the folder scanned (`../.gitignore`, `.git/info/exclude`). */
  source: string;
  /** Path from the rules' folder down to the folder scanned, with a trailing slash ("" for the folder itself). */
  prefix: string;
  rules: Ignore;
}

/**
 * The ignore rules git applies to a folder besides the .gitignore files inside it: the repository's
 * `$GIT_DIR/info/exclude` (lowest), then the .gitignore files of the folders above it up to the git top,
 * when a subfolder is scanned. `core.excludesFile` is not read: it is the user's (or a hostile repo
 * config's) file, not the repository's, and the same repository must give the same scan on every machine.
 * Nothing is read when the folder is in no git repository.
 */
export function ignoreRulesAbove(root: string): RulesAbove[] {
  const abs = path.resolve(root);
  const top = repoBoundary(abs);
  const dotGit = path.join(top, ".git");
  if (!fs.existsSync(dotGit)) return [];
  const out: RulesAbove[] = [];
  const prefixOf = (dir: string) => {
    const rel = relativePosix(dir, abs);
    return rel ? `${rel}/` : "";
  };
  const exclude = infoExclude(dotGit);
  if (exclude !== null) {
    const text = readSmall(exclude);
    if (text) out.push({ source: relativePosix(abs, exclude), prefix: prefixOf(top), rules: ignore().add(text) });
  }
  const above: string[] = [];
  for (let dir = path.dirname(abs); abs !== top; dir = path.dirname(dir)) {
    above.unshift(dir);
    if (dir === top || path.dirname(dir) === dir) break;
  }
  for (const dir of above) {
    const text = readSmall(path.join(dir, ".gitignore"));
    if (text) out.push({ source: relativePosix(abs, path.join(dir, ".gitignore")), prefix: prefixOf(dir), rules: ignore().add(text) });
  }
  return out;
}

/**
 * `info/exclude` of the repository: in `.git/`, or for a worktree or submodule (`.git` a file naming its
 * git folder) in that folder's common git folder.
 */
function infoExclude(dotGit: string): string | null {
  let gitDir = dotGit;
  try {
    if (fs.statSync(dotGit).isFile()) {
      const named = /^gitdir:\s*(.+?)\s*$/m.exec(readSmall(dotGit) ?? "")?.[1];
      if (!named) return null;
      gitDir = path.resolve(path.dirname(dotGit), named);
      const common = readSmall(path.join(gitDir, "commondir"))?.trim();
      if (common) gitDir = path.resolve(gitDir, common);
    }
  } catch {
    return null;
  }
  return path.join(gitDir, "info", "exclude");
}

/** A regular file's text, or null (missing, not a file, too large, unreadable). */
function readSmall(file: string): string | null {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_IGNORE_FILE) return null;
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
