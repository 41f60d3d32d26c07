import { describe, expect, it } from "vitest";
import { splitOptionsFor, splitSql, splitStatements } from "../src/scan/sql/split.js";

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
});
