/** A table's name without its schema: `public.order_items` → `order_items` (a name with no schema as it is). */
export function bareName(table: string): string {
  return table.slice(table.indexOf(".") + 1);
}
