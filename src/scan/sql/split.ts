/** One SQL statement of a file, with the line it starts on. */
export interface SqlStatement {
  text: string;
  line: number;
}

/**
 * Splits SQL text into statements at top-level `;`, keeping comments, quoted strings and identifiers,
 * dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`), nested block comments, MySQL `DELIMITER` blocks and
 * the data block after `COPY … FROM stdin;` out of the way. Never throws.
 */
export function splitStatements(input: string): SqlStatement[] {
  const sql = unwrapVersionedComments(input);
  const out: SqlStatement[] = [];
  let delimiter = ";";
  let start = 0;
  let line = 1;
  let startLine = 1;
  let seenContent = false;
  const n = sql.length;
  let i = 0;

  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (text && seenContent) out.push({ text, line: startLine });
    seenContent = false;
  };
  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (sql.charCodeAt(k) === 10) line++;
  };

  while (i < n) {
    const c = sql[i];
    // Statement start: first character that is not blank or comment.
    if (!seenContent && !/\s/.test(c) && !(c === "-" && sql[i + 1] === "-") && !(c === "/" && sql[i + 1] === "*")) {
      seenContent = true;
      startLine = line;
      start = i;
      // MySQL client directive: DELIMITER xx (a line of its own).
      const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(sql.slice(i, i + 200));
      if (m) {
        delimiter = m[1];
        i += m[0].length;
        seenContent = false;
        continue;
      }
    }
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      let depth = 1;
      let k = i + 2;
      while (k < n && depth > 0) {
        if (sql[k] === "/" && sql[k + 1] === "*") {
          depth++;
          k += 2;
        } else if (sql[k] === "*" && sql[k + 1] === "/") {
          depth--;
          k += 2;
        } else k++;
      }
      countLines(i, k);
      i = k;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const backslash = c === "'" && /[eE]/.test(sql[i - 1] ?? "") && !/\w/.test(sql[i - 2] ?? "");
      let k = i + 1;
      while (k < n) {
        if (backslash && sql[k] === "\\") {
          k += 2;
          continue;
        }
        if (sql[k] === c) {
          if (sql[k + 1] === c) {
            k += 2;
            continue;
          }
          break;
        }
        k++;
      }
      countLines(i, Math.min(k + 1, n));
      i = Math.min(k + 1, n);
      continue;
    }
    if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m && !/[\w$]/.test(sql[i - 1] ?? "")) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end + tag.length;
        countLines(i, stop);
        i = stop;
        continue;
      }
    }
    if (sql.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      const last = out[out.length - 1];
      if (last && /^copy\b[\s\S]*\bfrom\s+stdin\b/i.test(last.text)) {
        // pg_dump data follows until a line holding only "\."
        const end = sql.indexOf("\n\\.", i);
        const stop = end < 0 ? n : end + 3;
        countLines(i, stop);
        i = stop;
      }
      continue;
    }
    i++;
  }
  push(n);
  return out;
}

/**
 * MySQL runs the text of versioned comments (`/*!50001 …` up to the closing star-slash): blank out the
 * markers (same length, so lines and offsets stay) and keep the text inside as SQL.
 */
export function unwrapVersionedComments(sql: string): string {
  if (!sql.includes("/*!")) return sql;
  const out = sql.split("");
  let inVersioned = false;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === "\\" && quote !== "`") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      quote = c;
      continue;
    }
    if (!inVersioned && c === "/" && sql[i + 1] === "*" && sql[i + 2] === "!") {
      let k = i + 3;
      while (k < sql.length && /[0-9]/.test(sql[k])) k++;
      for (let j = i; j < k; j++) out[j] = " ";
      inVersioned = true;
      i = k - 1;
      continue;
    }
    if (inVersioned && c === "*" && sql[i + 1] === "/") {
      out[i] = " ";
      out[i + 1] = " ";
      inVersioned = false;
      i++;
    }
  }
  return out.join("");
}
