/** A SQL site's or ORM use's scope id is `file#name:line`; these read it. */

/** `src/a.ts#OrderRepo.find:12` → `OrderRepo.find`: the function, without file or line ("" for none). */
export function scopeFunction(scope: string | null): string {
  return scope ? scope.slice(scope.indexOf("#") + 1).replace(/:\d+$/, "") : "";
}

/** SQL in a migration's `down()` undoes its `up()`: it does not shape the final schema. */
export function isRollbackScope(scope: string | null): boolean {
  const name = scopeFunction(scope);
  return name === "down" || name.endsWith(".down");
}
