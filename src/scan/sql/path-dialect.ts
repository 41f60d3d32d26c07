import { dialectNamed, type BranchDialect } from "../code/dialect-branch.js";
import { isMigrationPath } from "./migration-order.js";

/**
 * The database a migration's folder is named for (`db/migrations-sqlite/2.0.0.js`, `migrations/mysql/001.sql`),
 * when one folder of its path names exactly one: a repo that ships a migration set per database applies
 * only the set of the database it runs on. The file's own name never counts.
 */
export function migrationFolderDialect(file: string): BranchDialect | null {
  if (!isMigrationPath(file)) return null;
  const folders = file.split("/").slice(0, -1);
  const named = new Set(folders.map((f) => dialectNamed(f)).filter((d): d is BranchDialect => d !== null));
  return named.size === 1 ? [...named][0] : null;
}
