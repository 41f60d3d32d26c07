import fs from "node:fs";
import path from "node:path";
import { driverDialect } from "../scan/sources/dialect-hints.js";
import { dialectSignals, type DialectSignals } from "../scan/sql/dialect.js";
import { filesBelow } from "../util/files-below.js";

/*
 * What `init` can tell from the repository before it asks: a default the user confirms or replaces, shown
 * as "(detected)" with what it was detected from. Cheap on purpose (no scan): package.json's database
 * drivers, else the SQL files near the top.
 */

export interface Detected {
  value: string;
  /** Where it comes from, in the user's words: `package.json: mysql2`, `3 SQL files`. */
  from: string;
}

const MAX_SQL_BYTES = 4 * 1024 * 1024;
const SKIP = new Set(["node_modules", ".git", "dist", "build", "coverage", ".strangler"]);

/** The database, by the driver packages package.json names (when they agree), else by the SQL files' dialect signals. */
export function detectDatabase(root: string): Detected | null {
  const pkg = readJson(path.join(root, "package.json"));
  if (pkg) {
    const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].sort();
    const d = driverDialect(deps);
    if (d) return { value: d.dialect, from: `package.json: ${d.packages.join(", ")}` };
  }
  const files = sqlFiles(root);
  const signals: DialectSignals = { mysql: 0, pg: 0 };
  let bytes = 0;
  for (const f of files) {
    if (bytes >= MAX_SQL_BYTES) break;
    const text = fs.readFileSync(f, "utf8").slice(0, MAX_SQL_BYTES - bytes);
    bytes += text.length;
    dialectSignals(text, signals);
  }
  // Only a clear lead counts: no signal, or a tie, is no detection.
  if (signals.mysql === signals.pg || Math.max(signals.mysql, signals.pg) < 3) return null;
  return { value: signals.mysql > signals.pg ? "mysql" : "postgresql", from: `${files.length} SQL file${files.length === 1 ? "" : "s"}` };
}

function readJson(file: string): { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}

/** `.sql` files up to three folders down, in byte order of their paths; symbolic links not followed. */
function sqlFiles(root: string): string[] {
  return filesBelow(root, (name) => name.toLowerCase().endsWith(".sql"), { depth: 3, enter: (name) => !SKIP.has(name) });
}
