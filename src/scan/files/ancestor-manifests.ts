import fs from "node:fs";
import path from "node:path";
import { relativePosix } from "../../util/paths.js";
import { repoBoundary } from "./boundary.js";

/**
 * When the folder scanned has no package.json of its own (`strangler scan src/`), the package.json files
 * of the folders above it, up to the top of its git repository (none when there is no git repository: a
 * scan reads nothing outside the repository), say which packages the code uses. Only package.json is read there, nothing else.
 */
export function ancestorManifests(root: string): Array<{ path: string; abs: string }> {
  if (fs.existsSync(path.join(root, "package.json"))) return [];
  const out: Array<{ path: string; abs: string }> = [];
  if (repoBoundary(root) === path.resolve(root)) return out;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (isFile(file)) out.push({ path: relativePosix(root, file), abs: file });
    if (fs.existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) break;
  }
  return out;
}

/**
 * The nearest `name` in the folders above `root` (up to its git top; none without git), as a path
 * relative to `root` (`../tsconfig.json`), or null.
 */
export function ancestorFile(root: string, name: string): string | null {
  if (repoBoundary(root) === path.resolve(root)) return null;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, name);
    if (isFile(file)) return relativePosix(root, file);
    if (fs.existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return null;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
