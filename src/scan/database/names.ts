/** `shop.orders` as the reader names a table of the connected database `shop`: `default.orders`, as the scan does. */
export function requalify(table: string, db: string): string {
  const dot = table.indexOf(".");
  return dot > 0 && table.slice(0, dot) === db.toLowerCase() ? `default${table.slice(dot)}` : table;
}
