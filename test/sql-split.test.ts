import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SqlSplitter, splitOptionsFor, splitSql, splitStatements, type SplitOptions } from "../src/scan/sql/split.js";
import { shortenBulkInsert } from "../src/scan/sql/bulk-insert.js";
import { VersionedCommentUnwrapper, unwrapVersionedComments } from "../src/scan/sql/versioned-comments.js";

/** The splitter fed `text` in pieces of the given sizes (cycled), as a file is read. */
function splitInPieces(text: string, sizes: number[], options: SplitOptions) {
  const statements: Array<{ text: string; line: number }> = [];
  const splitter = new SqlSplitter(options, (s) => statements.push(s));
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]);
    splitter.push(text.slice(i, i + size));
    i += size;
  }
  return { statements, unterminated: splitter.end() };
}

// Every construct whose start, end or escape can fall on a piece's edge.
const EDGE_PIECES = [
  "SELECT", "x", "INSERT INTO t VALUES", "(", ")", ",", ";", "'str", "'", '"', "`", "$$", "$fn$", "--", "/", "/*", "*/",
  "/*!50001", "\n", "--changeset a:1 endDelimiter:/", "--changeset b:2 splitStatements:false", "DELIMITER //",
  "DELIMITER ;", "//", "COPY t FROM stdin;\n1\t2\n", "\\.", "\n\\.\n", "E'\\'", "\\", " ", "é", "😀",
];
const soup = fc.array(fc.constantFrom(...EDGE_PIECES), { maxLength: 60 }).map((ws) => ws.join(""));
// Whole constructs, each well formed, so that their ends (not only their starts) meet the pieces' edges.
const CONSTRUCTS = [
  "SELECT 1;", "COPY t (a) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\n", "CREATE FUNCTION f() AS $fn$ a; $f$ b; $fn$;",
  "SELECT $$x;y$$;", "/* a; /* nested; */ b */", "-- line; comment\n", "INSERT INTO t VALUES ('a;''b', \"c;\"\"d\", `e;f`);",
  "SELECT E'x\\';y';", "--changeset a:1 endDelimiter:/\nCREATE PROCEDURE p() BEGIN x; END\n/\n", "DELIMITER //\nCREATE TRIGGER t BEGIN x; END //\nDELIMITER ;\n",
  "/*!40101 SET x=1 */;", "\n", "   ",
  // Longer than the splitter looks ahead (256 characters), so a piece's edge falls inside them while they are read.
  `COPY t (a) FROM stdin;\n${"1\tx;y\n".repeat(60)}\\.\n`, `CREATE FUNCTION g() AS $body$ ${"a; $b$ ".repeat(60)}$body$;`,
  `/* ${"a; /* b */ ".repeat(40)} */`, `-- ${"c; ".repeat(120)}\n`, `SELECT '${"d;'' \\".repeat(80)}';`,
];
const statements = fc.array(fc.constantFrom(...CONSTRUCTS), { maxLength: 30 }).map((ws) => ws.join(""));
const sizes = fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 8 });

describe("SQL statement splitting", () => {
  it("splits at top-level semicolons and gives each statement's first line", () => {
    const sql = "-- header; not a statement\nCREATE TABLE a (id int);\n\n/* block; comment */\nINSERT INTO a VALUES (1);\nSELECT 1";
    expect(splitStatements(sql)).toEqual([
      { text: "CREATE TABLE a (id int)", line: 2 },
      { text: "INSERT INTO a VALUES (1)", line: 5 },
      { text: "SELECT 1", line: 6 },
    ]);
  });

  it("keeps semicolons inside strings, quoted identifiers and dollar-quoted bodies", () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\\';y');",
      'CREATE TABLE "we;ird" (id int);',
      "CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql;",
      "CREATE FUNCTION g() RETURNS void AS $fn$ SELECT ';'; $fn$ LANGUAGE sql;",
      "SELECT 2;",
    ].join("\n");
    const out = splitStatements(sql);
    expect(out.map((s) => s.line)).toEqual([1, 2, 3, 4, 5]);
    expect(out[2].text).toContain("END; $$ LANGUAGE plpgsql");
  });

  it("ends a DELIMITER $$ block at its $$, even after a space", () => {
    const sql = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\nDELIMITER ;\nSELECT 3;";
    expect(splitSql(sql, splitOptionsFor("mysql"))).toEqual({
      statements: [{ text: "CREATE PROCEDURE p() BEGIN SELECT 1; END", line: 2 }, { text: "SELECT 3", line: 4 }],
      unterminated: null,
    });
  });

  it("follows MySQL DELIMITER blocks", () => {
    const sql = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //\nDELIMITER ;\nSELECT 3;";
    const out = splitStatements(sql);
    expect(out.map((s) => s.text)).toEqual(["CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3"]);
    expect(out.map((s) => s.line)).toEqual([2, 4]);
  });

  it("skips the data of COPY … FROM stdin", () => {
    const sql = "COPY t (a, b) FROM stdin;\n1\tx;y\n2\tz\n\\.\n\nCREATE TABLE u (id int);";
    expect(splitStatements(sql)).toEqual([
      { text: "COPY t (a, b) FROM stdin", line: 1 },
      { text: "CREATE TABLE u (id int)", line: 6 },
    ]);
  });

  it("stops at an unterminated string, identifier, comment or dollar tag, keeping what came before and saying where", () => {
    expect(splitSql("CREATE TABLE a (id int);\nSELECT 'oops;\nCREATE TABLE b (id int);")).toEqual({
      statements: [{ text: "CREATE TABLE a (id int)", line: 1 }, { text: "SELECT", line: 2 }],
      unterminated: { line: 2, what: "string (' without its closing ')" },
    });
    expect(splitSql('CREATE TABLE "a (id int);\ncreate table b (id int);').statements).toEqual([{ text: "CREATE TABLE", line: 1 }]);
    expect(splitSql("SELECT 1;\n/* never closed; CREATE TABLE c (id int);")).toEqual({
      statements: [{ text: "SELECT 1", line: 1 }],
      unterminated: { line: 2, what: "block comment (/* without */)" },
    });
    expect(splitSql("SELECT 1;\n\nCREATE FUNCTION f() AS $body$ BEGIN; CREATE TABLE d (id int);").unterminated).toEqual({ line: 3, what: "dollar-quoted body ($body$ without its closing $body$)" });
    expect(splitSql("SELECT 'closed' FROM t").unterminated).toBeNull();
  });

  it("reads MySQL backslash escapes inside strings only for MySQL and MariaDB", () => {
    const sql = "INSERT INTO t VALUES ('O\\'Brien; x');\nSELECT 2;";
    expect(splitSql(sql, splitOptionsFor("mysql"))).toEqual({
      statements: [{ text: "INSERT INTO t VALUES ('O\\'Brien; x')", line: 1 }, { text: "SELECT 2", line: 2 }],
      unterminated: null,
    });
    expect(splitSql(sql, splitOptionsFor("postgresql")).unterminated).not.toBeNull();
  });

  it("gives the same statements whatever the pieces the text comes in", () => {
    for (const dialect of ["postgresql", "mysql"]) {
      const options = splitOptionsFor(dialect);
      fc.assert(
        fc.property(fc.oneof(soup, statements, fc.string({ maxLength: 200 })), sizes, (text, cut) => {
          expect(splitInPieces(text, cut, options)).toEqual(splitSql(text, options));
        }),
        { seed: 20261125, numRuns: 2000 },
      );
    }
  });

  it("unwraps MySQL versioned comments the same in pieces as whole", () => {
    const parts = ["/*!", "/*!50001", "*/", "'", '"', "`", "\\", "x", "1", " ", "\n", "/", "*", "!"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 50 }).map((a) => a.join("")), sizes, (text, cut) => {
        const u = new VersionedCommentUnwrapper();
        let out = "";
        for (let i = 0, k = 0; i < text.length; k++) {
          const size = Math.max(1, cut[k % cut.length]);
          out += u.push(text.slice(i, i + size));
          i += size;
        }
        expect(out + u.end()).toBe(unwrapVersionedComments(text));
      }),
      { seed: 20261125, numRuns: 2000 },
    );
    expect(unwrapVersionedComments("/*!40101 SET x=1 */; SELECT '/*!1 no */';")).toBe("         SET x=1   ; SELECT '/*!1 no */';");
  });

  it("keeps only the first row of a long bulk INSERT while reading it, the same as shortening it whole", () => {
    const rows = Array.from({ length: 20_000 }, (_, k) => `(${k}, 'it''s; (x)', E'a\\'b', $$d$$)`).join(",\n");
    const text = `CREATE TABLE t (a int);\nINSERT INTO t (a, b, c, d) VALUES ${rows};\nSELECT 2;\nCREATE FUNCTION f() AS $$ ${"x; ".repeat(60_000)} $$;\nSELECT 3;`;
    const options = { ...splitOptionsFor("postgresql"), shortenBulkInserts: true };
    const whole = splitSql(text, splitOptionsFor("postgresql"));
    const expected = { ...whole, statements: whole.statements.map((s) => ({ ...s, text: shortenBulkInsert(s.text) })) };
    expect(expected.statements[1].text).toBe("INSERT INTO t (a, b, c, d) VALUES (0, 'it''s; (x)', E'a\\'b', $$d$$)");
    expect(expected.statements.map((s) => s.line)).toEqual([1, 2, 20_002, 20_003, 20_004]);
    for (const cut of [[1 << 20], [65_536, 7], [4096, 131_072, 1]]) expect(splitInPieces(text, cut, options)).toEqual(expected);
    expect(splitSql(text, options)).toEqual(expected);
  });

  it("reads on after a COPY block followed by an empty statement", () => {
    expect(splitStatements("COPY t FROM stdin;\n1\t2\n\\.\n;\nCREATE TABLE u (id int);")).toEqual([
      { text: "COPY t FROM stdin", line: 1 },
      { text: "CREATE TABLE u (id int)", line: 5 },
    ]);
  });
});
