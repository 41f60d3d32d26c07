import { LONG_STATEMENT, shortenBulkInsert } from "./bulk-insert.js";
import { VersionedCommentUnwrapper } from "./versioned-comments.js";

export { unwrapVersionedComments } from "./versioned-comments.js";

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
  /**
   * A bulk INSERT longer than LONG_STATEMENT is given only up to its first row (see shortenBulkInsert), and
   * the rest of it is not kept while it is read: memory stays bounded by the statements kept, not the file.
   */
  shortenBulkInserts?: boolean;
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

/** The whole text at once (see SqlSplitter). Never throws. */
export function splitSql(input: string, options: SplitOptions = {}): SplitResult {
  const statements: SqlStatement[] = [];
  const splitter = new SqlSplitter(options, (s) => statements.push(s));
  splitter.push(input);
  return { statements, unterminated: splitter.end() };
}

/** Never found in SQL text: a changeset with `splitStatements:false` is one statement. */
const NO_SPLIT = "\u0000no-split\u0000";
/** Characters looked ahead at a statement's start (`DELIMITER …`, `--changeset …`) or a `$tag$`. */
const LOOKAHEAD = 256;
/** Characters of a statement read before deciding whether it is a bulk INSERT to shorten (see shortenBulkInsert). */
const SHORTEN_AFTER = 2 * LONG_STATEMENT + 4096;
const SINGLE = /'/g;
const DOUBLE = /"/g;
const BACKTICK = /`/g;
const SINGLE_ESCAPED = /['\\]/g;
const DOUBLE_ESCAPED = /["\\]/g;
const CHANGESET = /^--\s*changeset\s+\S+/i;
const COPY_FROM_STDIN = /^copy\b[\s\S]*\bfrom\s+stdin\b/i;

type Mode =
  | { kind: "normal" }
  | { kind: "line-comment" }
  | { kind: "block"; depth: number; at: number; line: number }
  | { kind: "quote"; quote: string; backslash: boolean; at: number; line: number }
  | { kind: "dollar"; tag: string; at: number; line: number }
  /** pg_dump's data after `COPY … FROM stdin;`, up to a line holding only `\.`. */
  | { kind: "copy" };

const NORMAL: Mode = { kind: "normal" };

/**
 * Splits SQL text into statements at top-level `;`, keeping comments, quoted strings and identifiers,
 * dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`), nested block comments, MySQL `DELIMITER` blocks and
 * versioned comments, Liquibase changesets (`--changeset a:1 endDelimiter:/` or `splitStatements:false`) and
 * the data block after `COPY … FROM stdin;` out of the way. A quote, identifier quote, block comment or dollar
 * tag that is never closed stops the reading there: the statement it is in keeps only its text before that
 * point, and nothing after it is read (`end` says where).
 *
 * The text comes in pieces of any size (`push`), as a file is read; each statement is given to `emit` as soon
 * as it ends. Only the statement being read is kept (and of a long bulk INSERT only its first row), never the
 * text before it nor COPY data: a file of any size is read in bounded memory. Pieces of any size give the
 * same statements as the whole text at once.
 */
export class SqlSplitter {
  private buf = "";
  /** Where reading is, in `buf`. */
  private i = 0;
  /** Start of the statement being read, in `buf` (while `seenContent`). */
  private start = 0;
  private seenContent = false;
  private line = 1;
  private startLine = 1;
  private delimiter = ";";
  private mode: Mode = NORMAL;
  /** A long bulk INSERT's first row, once decided: the rest of the statement is skipped, not kept. */
  private head: string | null = null;
  private headDecided = false;
  private ended: Unterminated | null | undefined = undefined;
  private readonly unwrap = new VersionedCommentUnwrapper();

  constructor(
    private readonly options: SplitOptions,
    private readonly emit: (statement: SqlStatement) => void,
  ) {}

  push(piece: string): void {
    if (this.ended !== undefined) throw new Error("SqlSplitter: push after end");
    this.drop();
    this.buf += this.unwrap.push(piece);
    this.read(false);
  }

  /** Reads what is left; returns where reading stopped on a construct never closed, or null. */
  end(): Unterminated | null {
    if (this.ended !== undefined) return this.ended;
    this.drop();
    this.buf += this.unwrap.end();
    this.ended = this.read(true);
    if (this.ended === null) this.finish(this.buf.length);
    return this.ended;
  }

  /** Forgets the text already read that no statement needs (two characters stay for look-behind). */
  private drop(): void {
    const keepFrom = this.seenContent && this.head === null ? this.start : this.i;
    const cut = keepFrom - 2;
    if (cut <= 0) return;
    this.buf = this.buf.slice(cut);
    this.i -= cut;
    this.start -= cut;
    if ("at" in this.mode) this.mode = { ...this.mode, at: this.mode.at - cut };
  }

  private finish(end: number): string | null {
    let text: string | null = null;
    if (this.seenContent) {
      const full = this.head ?? this.buf.slice(this.start, end).trim();
      if (full) {
        text = this.options.shortenBulkInserts && this.head === null ? shortenBulkInsert(full) : full;
        this.emit({ text, line: this.startLine });
      }
    }
    this.seenContent = false;
    this.head = null;
    this.headDecided = false;
    return text;
  }

  private countLines(from: number, to: number): void {
    const sql = this.buf;
    for (let k = from; k < to; k++) if (sql.charCodeAt(k) === 10) this.line++;
  }

  /** Reads as far as the text allows; at the end (`final`) returns the construct left open, if any. */
  private read(final: boolean): Unterminated | null {
    const sql = this.buf;
    const n = sql.length;
    const dollarQuotes = this.options.dollarQuotes ?? true;
    let i = this.i;
    try {
      for (;;) {
        const mode = this.mode;
        if (mode.kind === "line-comment") {
          const end = sql.indexOf("\n", i);
          if (end < 0) {
            i = n;
            if (!final) return null;
            this.mode = NORMAL;
            continue;
          }
          i = end;
          this.mode = NORMAL;
          continue;
        }
        if (mode.kind === "block") {
          const limit = final ? n : n - 1;
          let depth = mode.depth;
          while (i < limit && depth > 0) {
            if (sql.charCodeAt(i) === 47 && sql.charCodeAt(i + 1) === 42) {
              depth++;
              i += 2;
            } else if (sql.charCodeAt(i) === 42 && sql.charCodeAt(i + 1) === 47) {
              depth--;
              i += 2;
            } else {
              if (sql.charCodeAt(i) === 10) this.line++;
              i++;
            }
          }
          if (depth === 0) {
            this.mode = NORMAL;
            continue;
          }
          if (!final) {
            this.mode = { ...mode, depth };
            return null;
          }
          return this.stop(mode.at, mode.line, "block comment (/* without */)");
        }
        if (mode.kind === "quote") {
          const q = mode.quote;
          const limit = final ? n : n - 1;
          const next = mode.backslash ? (q === "'" ? SINGLE_ESCAPED : DOUBLE_ESCAPED) : q === "'" ? SINGLE : q === '"' ? DOUBLE : BACKTICK;
          let closed = false;
          // Jump from one quote (or backslash) to the next; what is in between is only counted for lines.
          while (i < limit) {
            next.lastIndex = i;
            const j = next.exec(sql)?.index ?? -1;
            if (j < 0 || j >= limit) {
              this.countLines(i, limit);
              i = limit;
              break;
            }
            this.countLines(i, j);
            if (sql.charCodeAt(j) === 92 /* \ */) {
              if (sql.charCodeAt(j + 1) === 10) this.line++;
              i = j + 2;
              continue;
            }
            if (sql[j + 1] === q) {
              i = j + 2;
              continue;
            }
            i = j;
            closed = true;
            break;
          }
          if (closed) {
            i++;
            this.mode = NORMAL;
            continue;
          }
          if (!final) return null;
          return this.stop(mode.at, mode.line, q === "'" ? "string (' without its closing ')" : `quoted identifier (${q} without its closing ${q})`);
        }
        if (mode.kind === "dollar") {
          const end = sql.indexOf(mode.tag, i);
          if (end >= 0) {
            const stopAt = end + mode.tag.length;
            this.countLines(i, stopAt);
            i = stopAt;
            this.mode = NORMAL;
            continue;
          }
          if (!final) {
            const to = Math.max(i, n - (mode.tag.length - 1));
            this.countLines(i, to);
            i = to;
            return null;
          }
          return this.stop(mode.at, mode.line, `dollar-quoted body (${mode.tag} without its closing ${mode.tag})`);
        }
        if (mode.kind === "copy") {
          const end = sql.indexOf("\n\\.", i);
          const stopAt = end >= 0 ? end + 3 : final ? n : Math.max(i, n - 2);
          this.countLines(i, stopAt);
          i = stopAt;
          if (end < 0 && !final) return null;
          this.mode = NORMAL;
          continue;
        }

        // Normal text.
        if (i >= n) return null;
        if (!final && i > n - LOOKAHEAD) return null;
        if (this.options.shortenBulkInserts && this.seenContent && !this.headDecided && i - this.start >= SHORTEN_AFTER) {
          // Enough of the statement to tell: the head of a bulk INSERT is the same as that of the whole.
          this.headDecided = true;
          const prefix = sql.slice(this.start, i);
          const head = shortenBulkInsert(prefix);
          if (head.length < prefix.length) this.head = head;
        }
        const c = sql[i];
        // Statement start: first character that is not blank or comment.
        if (!this.seenContent && !/\s/.test(c) && !(c === "-" && sql[i + 1] === "-") && !(c === "/" && sql[i + 1] === "*")) {
          this.seenContent = true;
          this.startLine = this.line;
          this.start = i;
          // MySQL client directive: DELIMITER xx (a line of its own).
          const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(sql.slice(i, i + 200));
          if (m) {
            this.delimiter = m[1];
            i += m[0].length;
            this.seenContent = false;
            continue;
          }
        }
        if (c === "\n") {
          this.line++;
          i++;
          continue;
        }
        if (c === "-" && sql[i + 1] === "-") {
          // Liquibase formatted SQL: a changeset ends the statement before it and may set its own delimiter.
          if (!CHANGESET.test(sql.slice(i, i + 200))) {
            this.mode = { kind: "line-comment" };
            i += 2;
            continue;
          }
          const end = sql.indexOf("\n", i);
          if (end < 0 && !final) return null;
          const stopAt = end < 0 ? n : end;
          const changeset = sql.slice(i, stopAt);
          if (CHANGESET.test(sql.slice(i, Math.min(stopAt, i + 200)))) {
            if (this.seenContent) this.finish(i);
            this.delimiter = changesetDelimiter(changeset);
          }
          i = stopAt;
          continue;
        }
        if (c === "/" && sql[i + 1] === "*") {
          this.mode = { kind: "block", depth: 1, at: i, line: this.line };
          i += 2;
          continue;
        }
        if (c === "'" || c === '"' || c === "`") {
          const backslash =
            (c !== "`" && this.options.backslashEscapes === true) || (c === "'" && /[eE]/.test(sql[i - 1] ?? "") && !/\w/.test(sql[i - 2] ?? ""));
          this.mode = { kind: "quote", quote: c, backslash, at: i, line: this.line };
          i++;
          continue;
        }
        // After `DELIMITER $$` the delimiter wins (`END $$`); elsewhere `$$`/`$tag$` open a PostgreSQL body.
        if (c === "$" && dollarQuotes && !(this.delimiter !== ";" && sql.startsWith(this.delimiter, i))) {
          const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
          if (m && !/[\w$]/.test(sql[i - 1] ?? "")) {
            this.mode = { kind: "dollar", tag: m[0], at: i, line: this.line };
            i += m[0].length;
            continue;
          }
        }
        if (sql.startsWith(this.delimiter, i)) {
          const text = this.finish(i);
          i += this.delimiter.length;
          // pg_dump data follows until a line holding only "\."
          if (text !== null && COPY_FROM_STDIN.test(text)) this.mode = { kind: "copy" };
          continue;
        }
        i++;
      }
    } finally {
      this.i = i;
    }
  }

  /** A construct opened at `at` (on `line`) is never closed: the statement keeps its text before it; nothing after is read. */
  private stop(at: number, line: number, what: string): Unterminated {
    this.finish(at);
    return { line, what };
  }
}

/** `--changeset author:id endDelimiter:/ splitStatements:false` → the delimiter its statements end with. */
function changesetDelimiter(line: string): string {
  if (/\bsplitStatements:false\b/i.test(line)) return NO_SPLIT;
  const end = /\bendDelimiter:(\S+)/i.exec(line)?.[1];
  return end ? end.replace(/^\\/, "") : ";";
}
