/**
 * A table name as query builders take it: `"orders"`, `"orders as o"`, `"orders o"`, `"shop.orders"` →
 * `orders` / `shop.orders`; null when the text is not a plain (optionally qualified) name, such as a
 * subquery or a name with a hole the code fills at run time.
 */
export function tableFromText(text: string): string | null {
  const name = text.trim().split(/\s+(?:as\s+)?/i)[0];
  return /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/.test(name) ? name : null;
}
