/** One SQL statement of a file, with the line it starts on. */
export interface SqlStatement {
  text: string;
  line: number;
}

/** Where reading stopped: a quote, identifier quote, block comment or dollar tag that is never closed. */
export interface Unterminated {
  /** Line of the opening quote, comment or tag. */
  line: number;
  /** What was left open, for messages: `string ('…')`, `quoted identifier ("…")`, `block comment`, `dollar-quoted body ($fn$)`. */
  what: string;
}

export interface SplitResult {
  statements: SqlStatement[];
  /** Set when the text ends inside an unclosed construct: the statements before it are kept, nothing after. */
  unterminated: Unterminated | null;
}

export interface SplitOptions {
  /** MySQL and MariaDB: a backslash escapes the next character inside '…' and "…" strings. */
  backslashEscapes?: boolean;
  /** PostgreSQL's `$$ … $$` and `$tag$ … $tag$` bodies (default true). */
  dollarQuotes?: boolean;
}

/**
 * Splitter options for a dialect. Dollar quotes stay on for every dialect: a detected dialect can be wrong
 * (a PostgreSQL repo with a backtick in one query), and MySQL's `DELIMITER $$` is handled by the delimiter.
 */
export function splitOptionsFor(dialect: string): SplitOptions {
  const mysql = dialect === "mysql" || dialect === "mariadb";
  return { backslashEscapes: mysql, dollarQuotes: true };
}

/** The statements of a SQL text (see splitSql); what an unclosed quote or comment leaves open is not read. */
export function splitStatements(input: string, options: SplitOptions = {}): SqlStatement[] {
  return splitSql(input, options).statements;
}

/**
 * Splits SQL text into statements at top-level `;`, keeping comments, quoted strings and identifiers,
 * dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`), nested block comments, MySQL `DELIMITER` blocks, Liquibase
 * changesets (`--changeset a:1 endDelimiter:/` or `splitStatements:false`) and the data block after
 * `COPY … FROM stdin;` out of the way. A quote, identifier quote, block comment or
 * dollar tag that is never closed stops the reading there: the statement it is in keeps only its text
 * before that point, and nothing after it is read (the result says where). Never throws.
 */
export function splitSql(input: string, options: SplitOptions = {}): SplitResult {
  const sql = unwrapVersionedComments(input);
  const dollarQuotes = options.dollarQuotes ?? true;
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
  const stop = (at: number, what: string): SplitResult => {
    push(at);
    return { statements: out, unterminated: { line, what } };
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
      const stopAt = end < 0 ? n : end;
      // Liquibase formatted SQL: a changeset ends the statement before it and may set its own delimiter.
      const changeset = /^--\s*changeset\s+\S+/i.test(sql.slice(i, Math.min(stopAt, i + 200))) ? sql.slice(i, stopAt) : null;
      if (changeset) {
        if (seenContent) push(i);
        delimiter = changesetDelimiter(changeset);
      }
      i = stopAt;
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
      if (depth > 0) return stop(i, "block comment (/* without */)");
      countLines(i, k);
      i = k;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const backslash =
        (c !== "`" && options.backslashEscapes === true) || (c === "'" && /[eE]/.test(sql[i - 1] ?? "") && !/\w/.test(sql[i - 2] ?? ""));
      let k = i + 1;
      let closed = false;
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
          closed = true;
          break;
        }
        k++;
      }
      if (!closed) return stop(i, c === "'" ? "string (' without its closing ')" : `quoted identifier (${c} without its closing ${c})`);
      countLines(i, k + 1);
      i = k + 1;
      continue;
    }
    // After `DELIMITER $$` the delimiter wins (`END $$`); elsewhere `$$`/`$tag$` open a PostgreSQL body.
    if (c === "$" && dollarQuotes && !(delimiter !== ";" && sql.startsWith(delimiter, i))) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m && !/[\w$]/.test(sql[i - 1] ?? "")) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        if (end < 0) return stop(i, `dollar-quoted body (${tag} without its closing ${tag})`);
        const stopAt = end + tag.length;
        countLines(i, stopAt);
        i = stopAt;
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
        const stopAt = end < 0 ? n : end + 3;
        countLines(i, stopAt);
        i = stopAt;
      }
      continue;
    }
    i++;
  }
  push(n);
  return { statements: out, unterminated: null };
}

/** Never found in SQL text: a changeset with `splitStatements:false` is one statement. */
const NO_SPLIT = "\u0000no-split\u0000";

/** `--changeset author:id endDelimiter:/ splitStatements:false` → the delimiter its statements end with. */
function changesetDelimiter(line: string): string {
  if (/\bsplitStatements:false\b/i.test(line)) return NO_SPLIT;
  const end = /\bendDelimiter:(\S+)/i.exec(line)?.[1];
  return end ? end.replace(/^\\/, "") : ";";
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
