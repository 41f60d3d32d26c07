import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSql, splitStatements, unwrapVersionedComments } from "../src/scan/sql/split.js";
import { StatementExtractor } from "../src/scan/sql/extract.js";
import { factsFromTokens } from "../src/scan/sql/extract-tokens.js";
import { ROOT } from "./helpers/cli.js";

// Fixed seed so CI is repeatable; FUZZ_SEED / FUZZ_RUNS explore further by hand.
const seed = Number(process.env.FUZZ_SEED ?? 20261124);
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const params = { seed, numRuns: runs };

const realStatements = [
  ...splitStatements(fs.readFileSync(path.resolve(ROOT, "fixtures/corpus/pagila/pagila-schema.sql"), "utf8")),
  ...splitStatements(fs.readFileSync(path.join(ROOT, "fixtures/mysql-shop-dump/shop-dump.sql"), "utf8")),
  ...splitStatements(fs.readFileSync(path.join(ROOT, "fixtures/allinone-commerce/db/schema.sql"), "utf8")),
].map((s) => s.text);

const SQL_PIECES = [
  "SELECT", "FROM", "JOIN", "LEFT", "ON", "WHERE", "INSERT", "INTO", "UPDATE", "SET", "DELETE", "USING", "MERGE",
  "WITH", "AS", "CREATE", "TABLE", "VIEW", "ALTER", "ONLY", "ADD", "CONSTRAINT", "FOREIGN", "KEY", "REFERENCES",
  "RENAME", "TO", "DROP", "IF", "EXISTS", "PARTITION", "OF", "INHERITS", "ATTACH", "COPY", "stdin", "TRUNCATE",
  "orders", "public.orders", '"Weird Name"', "`t`", "a.b.c.d", "(", ")", ",", ";", ".", "'str", "'", '"', "`", "$$",
  "$fn$", "${…}", "$1", "?", ":name", "--", "/*", "*/", "/*!50001", "\n", "DELIMITER", ";;", "\\.", "E'\\'", "::",
];

/** Real statements with random edits: characters or SQL pieces inserted, slices deleted. */
const mutatedSql = fc
  .tuple(
    fc.constantFrom(...realStatements),
    fc.array(
      fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...SQL_PIECES), fc.string({ maxLength: 4 })), fc.nat({ max: 12 })),
      { maxLength: 6 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, insert, remove] of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + remove);
    }
    return out;
  });

const pieceSoup = fc.array(fc.constantFrom(...SQL_PIECES), { maxLength: 40 }).map((ws) => ws.join(" "));

describe("fuzzing the SQL splitter and extractor: no exception escapes", () => {
  it("splits any text, each statement a piece of the input with a line inside it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), pieceSoup, mutatedSql), (text) => {
        const lines = text.split("\n").length;
        const source = unwrapVersionedComments(text);
        const { statements, unterminated } = splitSql(text);
        let from = 0;
        for (const s of statements) {
          expect(s.line).toBeGreaterThanOrEqual(1);
          expect(s.line).toBeLessThanOrEqual(lines);
          // each statement is a piece of the input, in order, none overlapping the one before
          const at = source.indexOf(s.text, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + s.text.length;
        }
        if (unterminated) {
          // reading stopped inside the text, after every statement it kept began
          expect(unterminated.line).toBeGreaterThanOrEqual(1);
          expect(unterminated.line).toBeLessThanOrEqual(lines);
          for (const s of statements) expect(s.line).toBeLessThanOrEqual(unterminated.line);
        }
      }),
      params,
    );
  });

  it("extracts from random and mutated SQL in every dialect without throwing", () => {
    const extractors = (["postgresql", "mysql", "sqlite"] as const).map((d) => new StatementExtractor(d));
    fc.assert(
      fc.property(fc.oneof(mutatedSql, pieceSoup, fc.string({ maxLength: 200 })), fc.nat({ max: 2 }), (text, d) => {
        const r = extractors[d].extract(text);
        for (const list of Object.values(r.facts)) expect(Array.isArray(list)).toBe(true);
        for (const a of r.facts.accesses) expect(a.table).toMatch(/^[^.]+\..+$/);
      }),
      params,
    );
  });

  it("reads token soup with the keyword reader without throwing", () => {
    fc.assert(
      fc.property(pieceSoup, (text) => {
        factsFromTokens(text, "postgresql");
      }),
      { ...params, numRuns: runs * 3 },
    );
  });
});
