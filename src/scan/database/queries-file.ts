import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../facts.js";
import { RuntimeInputError, type RuntimeDialect, type RuntimeInput, type RuntimeStatementInput } from "./input.js";
import { parseDelimited, parseJsonRows, type TextRow } from "./tables-text.js";

/*
 * An export of the database's statement statistics, for people who cannot reach production from where they
 * run strangler (README: "Exporting the statistics"). pg_stat_statements (`query`, `calls`,
 * `total_exec_time` or `total_time`, `rows`, `queryid`) or MySQL's
 * events_statements_summary_by_digest (`DIGEST_TEXT`, `COUNT_STAR`, `SUM_TIMER_WAIT`, `SUM_ROWS_SENT`,
 * `SUM_ROWS_AFFECTED`, `DIGEST`, `SCHEMA_NAME`), as CSV with a header, TSV (`mysql --batch`) or a JSON array.
 * Column names are matched without regard to case.
 */

const COLUMNS = {
  text: ["query", "digest_text"],
  calls: ["calls", "count_star"],
  totalMs: ["total_exec_time", "total_time"],
  timerWait: ["sum_timer_wait"],
  rows: ["rows"],
  rowsSent: ["sum_rows_sent"],
  rowsAffected: ["sum_rows_affected"],
  id: ["queryid", "digest"],
  schema: ["schema_name"],
};

/**
 * Reads the file. `shownAs` is how evidence names it (repo-relative, or the file's name when outside the
 * repo: never an absolute path in output). The dialect comes from the columns (MySQL's digest table, or
 * pg_stat_statements).
 */
export function readQueriesFile(file: string, shownAs: string): RuntimeInput {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RuntimeInputError(`--queries ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a folder, not a file" : `cannot read (${code})`}`);
  }
  let rows: TextRow[];
  let header: string[];
  const json = /^\s*\[/.test(text) || path.extname(file).toLowerCase() === ".json";
  if (json) {
    try {
      // queryid is a 64-bit number: kept as its digits, not rounded to a double.
      rows = parseJsonRows(text.replace(/("(?:queryid|digest)"\s*:\s*)(-?\d{16,})/gi, '$1"$2"'));
    } catch (err) {
      throw new RuntimeInputError(`--queries ${file}: not a JSON array of rows (${(err as Error).message.split("\n")[0]})`);
    }
    header = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  } else {
    const firstLine = text.split("\n", 1)[0];
    ({ header, rows } = parseDelimited(text, firstLine.includes("\t") ? "\t" : ","));
  }
  const lower = new Map(header.map((h) => [h.toLowerCase(), h]));
  const column = (names: string[]) => names.map((n) => lower.get(n)).find((h) => h !== undefined);
  const textCol = column(COLUMNS.text);
  const callsCol = column(COLUMNS.calls);
  if (!textCol || !callsCol) {
    throw new RuntimeInputError(`--queries ${file}: expected columns query and calls (pg_stat_statements) or DIGEST_TEXT and COUNT_STAR (MySQL's digest table); found ${header.length ? header.join(", ") : "none"}`);
  }
  const mysql = textCol.toLowerCase() === "digest_text";
  const dialect: RuntimeDialect = mysql ? "mysql" : "postgresql";
  const cols = {
    totalMs: column(COLUMNS.totalMs),
    timerWait: column(COLUMNS.timerWait),
    rows: column(COLUMNS.rows),
    rowsSent: column(COLUMNS.rowsSent),
    rowsAffected: column(COLUMNS.rowsAffected),
    id: column(COLUMNS.id),
    schema: column(COLUMNS.schema),
  };
  const diagnostics: Diagnostic[] = [];
  const statements: RuntimeStatementInput[] = [];
  const num = (v: unknown) => (v === null || v === undefined || v === "" ? undefined : Number(v));
  for (const r of rows) {
    const stmt = r.values[textCol];
    const calls = num(r.values[callsCol]);
    // A count is a whole number a 64-bit counter can hold exactly: 1.5 or 1e23 is not a count of calls.
    if (typeof stmt !== "string" || !stmt.trim() || calls === undefined || !Number.isSafeInteger(calls) || calls < 0) {
      diagnostics.push({ file: shownAs, line: r.line, code: "runtime-row", severity: "warning", message: `row left out: it needs a statement in ${textCol} and a whole count in ${callsCol}` });
      continue;
    }
    if (calls === 0) continue;
    const s: RuntimeStatementInput = { text: stmt, calls, file: shownAs, line: r.line };
    const ms = cols.totalMs ? num(r.values[cols.totalMs]) : cols.timerWait ? (num(r.values[cols.timerWait]) ?? NaN) / 1e9 : undefined;
    if (ms !== undefined && Number.isFinite(ms)) s.totalMs = ms;
    const rowCount = cols.rows ? num(r.values[cols.rows]) : cols.rowsSent || cols.rowsAffected ? (num(r.values[cols.rowsSent ?? ""]) ?? 0) + (num(r.values[cols.rowsAffected ?? ""]) ?? 0) : undefined;
    if (rowCount !== undefined && Number.isFinite(rowCount)) s.rows = rowCount;
    const id = cols.id ? r.values[cols.id] : undefined;
    if (id !== undefined && id !== null && id !== "") s.id = String(id);
    const schema = cols.schema ? r.values[cols.schema] : undefined;
    if (typeof schema === "string" && schema) s.schema = schema;
    statements.push(s);
  }
  return { kind: "file", origin: shownAs, dialect, catalog: null, where: shownAs, statements, diagnostics };
}
