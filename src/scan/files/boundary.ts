import fs from "node:fs";
import path from "node:path";

/*
 * How far a scan may read: the repository the folder scanned belongs to. That is the top of its git
 * repository (the nearest folder at or above it holding `.git`), or the folder scanned itself when there is
 * none. Config files a scanned repo points at (tsconfig `extends`, package.json files above a subfolder)
 * are read only inside it, its node_modules included, after symlinks are followed.
 */

export function repoBoundary(root: string): string {
  const abs = path.resolve(root);
  for (let dir = abs; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return abs;
  }
}

/** Whether `file`, symlinks followed, lies inside `boundary` (also followed). A missing file is not inside. */
export function isInside(boundary: string, file: string): boolean {
  let real: string;
  let top: string;
  try {
    real = fs.realpathSync(file);
    top = fs.realpathSync(boundary);
  } catch {
    return false;
  }
  const rel = path.relative(top, real);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
