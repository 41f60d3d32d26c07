/**
 * An empty record with no prototype, for keys that come from input (table, unit, identifier names): a table
 * named `constructor`, `toString` or `__proto__` is a key like any other, never Object.prototype's.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
