import fs from "node:fs";
import path from "node:path";
import { compareStrings } from "./sort.js";

/**
 * The files below `root` that `keep` accepts (by name), as absolute paths in byte order of their names at
 * every level; folders entered down to `depth` levels (unbounded by default) when `enter` accepts their name;
 * symbolic links not followed, unreadable folders passed over.
 */
export function filesBelow(root: string, keep: (name: string) => boolean, options: { depth?: number; enter?: (name: string) => boolean } = {}): string[] {
  const out: string[] = [];
  const depth = options.depth ?? Infinity;
  const walk = (dir: string, level: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      if (e.isDirectory()) {
        if (level < depth && (options.enter?.(e.name) ?? true)) walk(path.join(dir, e.name), level + 1);
      } else if (e.isFile() && keep(e.name)) out.push(path.join(dir, e.name));
    }
  };
  walk(root, 0);
  return out;
}
