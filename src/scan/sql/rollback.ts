import { isRollbackScope, scopeFunction } from "../scope.js";
import { isMigrationPath } from "./migration-order.js";

/** Words (camelCase or snake_case) that name the undo half of a migration. */
const UNDO_WORDS = new Set(["down", "rollback", "revert", "undo"]);
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).map((w) => w.toLowerCase());

/**
 * SQL that undoes a migration does not shape the final schema: a migration's `down()`, and in a migration
 * file any method named for its undo half (`postgresDownQueryRunner`, `revertSchema`, `rollback`).
 */
export function isRollbackSite(file: string, scope: string | null): boolean {
  if (isRollbackScope(scope)) return true;
  if (!scope || !isMigrationPath(file)) return false;
  const fn = scopeFunction(scope);
  const method = fn.slice(fn.lastIndexOf(".") + 1);
  return words(method).some((w) => UNDO_WORDS.has(w));
}
