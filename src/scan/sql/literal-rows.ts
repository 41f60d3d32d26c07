/**
 * `INSERT INTO t (a, b) VALUES (1, 'x'), (2, NULL)`: a head, then rows of literals only, as dumps and seed
 * files write them a million times over. Such a statement says what its head says: the rows' values cannot
 * name a table. Gives the head (up to and with VALUES), or null when a row holds anything but literals
 * (a subquery, a function call, a parameter, a `${…}` hole) or the statement is not an INSERT.
 */
const HEAD = /^\s*(?:insert|replace)\s+(?:into\s+)?[\w."`[\]$]+(?:\s+as\s+\w+)?\s*(?:\([^()';]*\))?\s*values\s*(?=\()/iy;
const WORDS = new Set(["null", "true", "false", "default"]);

export function literalInsertHead(text: string, backslashEscapes: boolean): string | null {
  HEAD.lastIndex = 0;
  const head = HEAD.exec(text);
  if (!head) return null;
  let i = head[0].length;
  const n = text.length;
  const blank = () => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  // ( literal [, literal]* ) [, ( … )]* [;]
  for (;;) {
    if (text[i] !== "(") return null;
    i++;
    for (;;) {
      blank();
      if (!literal()) return null;
      blank();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === ")") {
        i++;
        break;
      }
      return null;
    }
    blank();
    if (i >= n || (text[i] === ";" && text.slice(i + 1).trim() === "")) return head[0];
    if (text[i] !== ",") return null;
    i++;
    blank();
  }

  function literal(): boolean {
    const c = text[i];
    if (c === "'" || ((c === "E" || c === "e") && text[i + 1] === "'")) {
      const escapes = backslashEscapes || c !== "'";
      i += c === "'" ? 1 : 2;
      while (i < n) {
        if (escapes && text[i] === "\\") {
          i += 2;
          continue;
        }
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            i += 2;
            continue;
          }
          i++;
          return true;
        }
        i++;
      }
      return false;
    }
    const number = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/iy;
    number.lastIndex = i;
    const m = number.exec(text);
    if (m) {
      i += m[0].length;
      return !/[\w.$]/.test(text[i] ?? "");
    }
    const word = /[a-z]+/iy;
    word.lastIndex = i;
    const w = word.exec(text);
    if (w && WORDS.has(w[0].toLowerCase()) && !/[\w.$(]/.test(text[i + w[0].length] ?? "")) {
      i += w[0].length;
      return true;
    }
    return false;
  }
}
