import sqlParser from "node-sql-parser";
import { PARSER_DATABASE, type Dialect } from "./dialect.js";
import { factsFromAst } from "./extract-ast.js";
import { factsFromTokens } from "./extract-tokens.js";
import { dedupe, isEmpty, type StatementFacts } from "./statement-facts.js";
import { HOLE } from "../code/static-string.js";

const { Parser } = sqlParser;

export interface Extraction {
  facts: StatementFacts;
  /** True when node-sql-parser understood the statement; false when the keyword fallback was used. */
  parsed: boolean;
  /** The parser's complaint, when it failed. */
  parseError?: string;
}

/** Statement kinds that name no table, so an empty result is expected of them. */
const NO_TABLE_KINDS =
  /^(set|reset|begin|start|commit|rollback|savepoint|release|create\s+(unique\s+)?index|create\s+(or\s+replace\s+)?(function|procedure|trigger|type|domain|schema|extension|sequence|aggregate|operator|collation|language|role|user|publication|event\s+trigger|text\s+search|cast|rule)|alter\s+(sequence|function|type|domain|schema|extension|default\s+privileges|index|role|user|publication|database|owner)|comment\s+on|grant|revoke|select\s+pg_catalog\.|drop\s+(index|function|procedure|trigger|type|sequence|extension|schema)|use|lock|analyze|vacuum|do|notify|listen|copy|security\s+label|refresh|cluster|reindex|explain|pragma)\b/i;

const CACHE_LIMIT = 20_000;

/** Reads one statement: node-sql-parser first, the keyword fallback when it fails or finds nothing. */
export class StatementExtractor {
  private readonly parser = new Parser();
  private readonly options: { database: string };
  /** Monoliths repeat the same statement text in many places: read each text once. */
  private readonly cache = new Map<string, Extraction>();

  constructor(private readonly dialect: Dialect) {
    this.options = { database: PARSER_DATABASE[dialect] };
  }

  extract(text: string): Extraction {
    let hit = this.cache.get(text);
    if (!hit) {
      hit = this.read(text);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, hit);
    }
    return hit;
  }

  private read(text: string): Extraction {
    const sql = text.split(HOLE).join(this.dialect === "postgresql" ? "$1" : "?");
    try {
      const ast = this.parser.astify(sql, this.options) as unknown as Record<string, unknown>;
      const facts = factsFromAst(ast, this.dialect);
      if (!isEmpty(facts)) return { facts: dedupe(facts), parsed: true };
      return { facts: dedupe(factsFromTokens(sql, this.dialect)), parsed: true };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { facts: dedupe(factsFromTokens(sql, this.dialect)), parsed: false, parseError: firstSentence(message) };
    }
  }
}

/** Why a statement that yields no table is expected to (a SET, an index …), or null when it is not. */
export function noTableReason(text: string): string | null {
  const m = NO_TABLE_KINDS.exec(text.trimStart());
  return m ? `${m[0].replace(/\s+/g, " ").toUpperCase()} names no table` : null;
}

/** First words of a statement, for messages. */
export function firstWords(text: string, n = 6): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  return words.slice(0, n).join(" ") + (words.length > n ? " …" : "");
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0];
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
