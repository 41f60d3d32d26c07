/** A word, a quoted identifier or a punctuation character of a SQL statement. */
export interface Token {
  /** Lower-cased word, or the punctuation character. */
  v: string;
  /** Name as written (without quotes) for words and quoted identifiers. */
  raw: string;
  kind: "word" | "quoted" | "punct";
}

/**
 * Where the comment, string or dollar-quoted body that starts at `i` ends (the index just after it), or -1
 * when none starts there: what is not SQL code, for every reader that walks a statement character by
 * character (tokenize, and the doubled-quote stand-ins of quoted-names.ts).
 */
export function skipNonCode(sql: string, i: number): number {
  const c = sql[i];
  const n = sql.length;
  if (c === "-" && sql[i + 1] === "-") {
    const e = sql.indexOf("\n", i);
    return e < 0 ? n : e;
  }
  if (c === "/" && sql[i + 1] === "*") {
    const e = sql.indexOf("*/", i + 2);
    return e < 0 ? n : e + 2;
  }
  if (c === "'") {
    let k = i + 1;
    while (k < n && !(sql[k] === "'" && sql[k + 1] !== "'")) k += sql[k] === "'" ? 2 : sql[k] === "\\" ? 2 : 1;
    return k + 1;
  }
  if (c === "$") {
    const m = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
    if (m) {
      const e = sql.indexOf(m[0], i + m[0].length);
      return e < 0 ? n : e + m[0].length;
    }
  }
  return -1;
}

/** Words, quoted identifiers and punctuation; strings, numbers, comments and placeholders are dropped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    const skipped = skipNonCode(sql, i);
    if (skipped >= 0) {
      i = skipped;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      const e = sql.indexOf(close, i + 1);
      if (e < 0) break; // never closed: nothing after it is a name
      const end = e;
      out.push({ v: sql.slice(i + 1, end).toLowerCase(), raw: sql.slice(i + 1, end), kind: "quoted" });
      i = end + 1;
    } else if (c === "$") {
      // (a dollar quote was skipped above) `${name}`, `$1`: placeholders
      if (sql[i + 1] === "{") {
        const e = sql.indexOf("}", i);
        i = e < 0 ? n : e + 1;
      } else {
        i++;
        while (i < n && /\w/.test(sql[i])) i++;
      }
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let k = i + 1;
      while (k < n && /[\w$\u0080-\uffff]/.test(sql[k])) k++;
      const raw = sql.slice(i, k);
      out.push({ v: raw.toLowerCase(), raw, kind: "word" });
      i = k;
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[\w.]/.test(sql[i])) i++;
    } else if (c === ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "") && sql[i - 1] !== ":") {
      i++;
      while (i < n && /\w/.test(sql[i])) i++;
    } else {
      out.push({ v: c, raw: c, kind: "punct" });
      i++;
    }
  }
  return out;
}
