/**
 * A bulk INSERT (`INSERT INTO t (…) VALUES (…), (…), …` of megabytes, as dumps write them) says what its
 * first row says: the table, the columns, that it writes. Past LONG_STATEMENT characters only the
 * statement up to its first row is parsed; the parser would otherwise spend minutes and gigabytes on rows.
 */
export const LONG_STATEMENT = 64 * 1024;

export function shortenBulkInsert(text: string): string {
  if (text.length <= LONG_STATEMENT) return text;
  const head = /^\s*(?:insert|replace)\b[\s\S]{0,65536}?\bvalues\b/i.exec(text.slice(0, LONG_STATEMENT + 1024));
  if (!head) return text;
  const start = text.indexOf("(", head[0].length);
  if (start < 0) return text;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length && i < start + LONG_STATEMENT; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) {
        if (text[i + 1] === quote) i++;
        else quote = null;
      }
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return text.slice(0, i + 1);
  }
  return text;
}
