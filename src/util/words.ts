/** Words of a path or table name: split on / . - _ and camelCase, lower-cased. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9\u0080-\uffff]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}
