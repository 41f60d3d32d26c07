import { PARSER_DATABASE, type Dialect } from "./dialect.js";
import { factsFromAst } from "./extract-ast.js";
import { factsFromTokens } from "./extract-tokens.js";
import { dedupe, isEmpty, type StatementFacts } from "./statement-facts.js";
import { markHoles, withoutDynamicTables, type DynamicName } from "./dynamic-names.js";
import { parserFor, type SqlParser } from "./parser-build.js";
import { literalInsertHead } from "./literal-rows.js";
import { restoreQuotes, standInDoubledQuotes } from "./quoted-names.js";

export interface Extraction {
  facts: StatementFacts;
  /** True when node-sql-parser understood the statement; false when the keyword fallback was used. */
  parsed: boolean;
  /** The parser's complaint, when it failed. */
  parseError?: string;
  /** Names computed at run time (`${…}` holes) that stood where a table goes: not read as tables. */
  dynamicTables: DynamicName[];
}

const CACHE_LIMIT = 20_000;
const NAMED_PARAM = /(?<![:\w]):[A-Za-z_]\w*/g;
const DDL = /^\s*(create|alter|drop|rename|comment|grant|revoke)\b/i;

/** Reads one statement: node-sql-parser first, the keyword fallback when it fails or finds nothing. */
export class StatementExtractor {
  private readonly parser: SqlParser;
  private readonly options: { database: string };
  /** Monoliths repeat the same statement text in many places: read each text once. */
  private readonly cache = new Map<string, Extraction>();
  /** Dumps insert a million rows in statements that differ only in their literals: read each head once. */
  private readonly byInsertHead = new Map<string, Extraction>();

  constructor(private readonly dialect: Dialect) {
    this.options = { database: PARSER_DATABASE[dialect] };
    this.parser = parserFor(dialect);
  }

  extract(text: string): Extraction {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const head = literalInsertHead(text, this.dialect === "mysql" || this.dialect === "mariadb");
    const sameHead = head === null ? undefined : this.byInsertHead.get(head);
    if (sameHead) return sameHead;
    const read = this.read(text);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(text, read);
    // Only a head the parser understood stands for others: a failure is told per statement.
    if (head !== null && read.parsed) {
      if (this.byInsertHead.size >= CACHE_LIMIT) this.byInsertHead.clear();
      this.byInsertHead.set(head, read);
    }
    return read;
  }

  private read(text: string): Extraction {
    const param = this.dialect === "postgresql" ? "$1" : "?";
    // `${…}` holes from template literals and `:name` placeholders read as the dialect's parameter; a hole
    // that is (part of) a name is marked, and dropped from the facts if it stood for a table.
    const marked = markHoles(text, param);
    // A doubled quote inside a quoted name (`"m""x"`: the name m"x) read as part of the name (quoted-names.ts).
    const quoted = standInDoubledQuotes(marked.sql.replace(NAMED_PARAM, param));
    const sql = quoted.sql;
    const done = (facts: StatementFacts, parsed: boolean, parseError?: string): Extraction => {
      const { facts: clean, dynamic } = withoutDynamicTables(dedupe(quoted.changed ? restoreQuotes(facts) : facts), marked.names);
      return { facts: clean, parsed, ...(parseError ? { parseError } : {}), dynamicTables: dynamic };
    };
    // node-sql-parser's DDL support is patchy (LIKE, INHERITS, RENAME COLUMN, DROP … CASCADE, partitions);
    // the keyword reader handles all DDL the same way in every dialect.
    if (DDL.test(sql)) return done(factsFromTokens(sql, this.dialect), true);
    try {
      const ast = this.parser.astify(sql, this.options) as unknown as Record<string, unknown>;
      const facts = factsFromAst(ast, this.dialect);
      if (!isEmpty(facts)) return done(facts, true);
      return done(factsFromTokens(sql, this.dialect), true);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return done(factsFromTokens(sql, this.dialect), false, firstSentence(message));
    }
  }
}

/** First words of a statement, for messages. */
export function firstWords(text: string, n = 6, maxChars = 80): string {
  // Only the head of the text is looked at: a statement may be megabytes long.
  const head = text.slice(0, maxChars * 4);
  const words = head.replace(/\s+/g, " ").trim().split(" ");
  const out = words.slice(0, n).join(" ");
  const cut = out.length > maxChars ? `${out.slice(0, maxChars - 1)}…` : out;
  return cut + (words.length > n || head.length < text.length ? (cut.endsWith("…") ? "" : " …") : "");
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0];
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
