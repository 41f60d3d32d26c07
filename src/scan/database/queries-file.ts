import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../facts.js";
import { RuntimeInputError, type RuntimeDialect, type RuntimeInput, type RuntimeStatementInput } from "./input.js";
import { CsvReader, JsonArrayReader, JsonShapeError, MAX_RECORD_CHARS, TsvReader, type RecordReader, type TextRecord } from "./tables-text.js";
import { readTextChunks } from "./text-chunks.js";
import { TopRows } from "./top-rows.js";
import { fileKind } from "../../util/read-bounded.js";

/*
 * An export of the database's statement statistics, for people who cannot reach production from where they
 * run strangler (README: "Exporting the statistics"). pg_stat_statements (`query`, `calls`,
 * `total_exec_time` or `total_time`, `rows`, `queryid`) or MySQL's
 * events_statements_summary_by_digest (`DIGEST_TEXT`, `COUNT_STAR`, `SUM_TIMER_WAIT`, `SUM_ROWS_SENT`,
 * `SUM_ROWS_AFFECTED`, `DIGEST`, `SCHEMA_NAME`), as CSV with a header, TSV (`mysql --batch`) or a JSON array,
 * in UTF-8 or UTF-16 (PowerShell's). Column names are matched without regard to case.
 *
 * The file is read a piece at a time and a row at a time: whatever its length, memory holds one piece, one
 * row and the MAX_ROWS rows with the most calls (pg_stat_statements keeps 5,000 statements by default, MySQL's
 * digest table 10,000 at most); the rows past them are counted and said, never read as SQL.
 */

/** Rows read as statements at most: those with the most calls (earlier rows first among equal counts). */
export const MAX_ROWS = 20_000;
/** Rows left out for their content named one by one; the rest counted in one line. */
const LISTED_ROW_WARNINGS = 20;

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

type Columns = { [K in keyof typeof COLUMNS]: string | undefined };

/**
 * Reads the file. `shownAs` is how evidence names it (repo-relative, or the file's name when outside the
 * repo: never an absolute path in output). The dialect comes from the columns (MySQL's digest table, or
 * pg_stat_statements). `maxRows` is for tests.
 */
export function readQueriesFile(file: string, shownAs: string, maxRows = MAX_ROWS): RuntimeInput {
  const fd = openExport(file);
  const diagnostics: Diagnostic[] = [];
  const kept = new TopRows<RuntimeStatementInput>(maxRows, (s) => s.calls);
  let header: string[] | null = null;
  let headerIndex = new Map<string, number>();
  let cols: Columns | null = null;
  let rowsSeen = 0;
  let callsSeen = 0;
  let leftOutForContent = 0;
  const leaveOut = (line: number, why: string) => {
    if (leftOutForContent++ < LISTED_ROW_WARNINGS) diagnostics.push({ file: shownAs, line, code: "runtime-row", severity: "warning", message: `row left out: ${why}` });
  };
  const setHeader = (names: string[]) => {
    header = names;
    headerIndex = new Map();
    names.forEach((h, i) => headerIndex.has(h) || headerIndex.set(h, i));
    cols = columnsOf(names);
    if (!cols.text || !cols.calls) {
      throw new RuntimeInputError(`--queries ${file}: expected columns query and calls (pg_stat_statements) or DIGEST_TEXT and COUNT_STAR (MySQL's digest table); found ${names.length ? names.join(", ") : "none"}`);
    }
  };
  const row = (line: number, value: (column: string) => unknown) => {
    const c = cols!;
    rowsSeen++;
    const stmt = value(c.text!);
    const calls = wholeCount(value(c.calls!));
    if (typeof stmt !== "string" || !stmt.trim() || calls === undefined) {
      leaveOut(line, `it needs a statement in ${c.text} and a whole count in ${c.calls}`);
      return;
    }
    callsSeen += calls;
    if (calls === 0) return;
    const s: RuntimeStatementInput = { text: stmt, calls, file: shownAs, line };
    const num = (v: unknown) => (v === null || v === undefined || v === "" ? undefined : Number(v));
    const ms = c.totalMs ? num(value(c.totalMs)) : c.timerWait ? (num(value(c.timerWait)) ?? NaN) / 1e9 : undefined;
    if (ms !== undefined && Number.isFinite(ms)) s.totalMs = ms;
    const rowCount = c.rows ? num(value(c.rows)) : c.rowsSent || c.rowsAffected ? (num(value(c.rowsSent ?? "")) ?? 0) + (num(value(c.rowsAffected ?? "")) ?? 0) : undefined;
    if (rowCount !== undefined && Number.isFinite(rowCount)) s.rows = rowCount;
    const id = c.id ? value(c.id) : undefined;
    if (id !== undefined && id !== null && id !== "") s.id = String(id);
    const schema = c.schema ? value(c.schema) : undefined;
    if (typeof schema === "string" && schema) s.schema = schema;
    kept.add(s);
  };

  // The format: JSON by its name or its first character, else CSV or TSV by the header line.
  let reader: RecordReader | null = null;
  let start = "";
  const onRecord = (r: TextRecord) => {
    if (!header) {
      if (r.tooLong) throw new RuntimeInputError(`--queries ${file}:${r.line}: a header line longer than ${MAX_RECORD_CHARS / 1024} KB; not an export of statistics`);
      setHeader(r.fields.map((h) => h.trim()));
      return;
    }
    if (r.tooLong) {
      rowsSeen++;
      leaveOut(r.line, `longer than ${MAX_RECORD_CHARS / 1024} KB`);
      return;
    }
    if (!r.fields.some((f) => f !== "")) return;
    row(r.line, (column) => r.fields[headerIndex.get(column)!] ?? "");
  };
  const jsonElement = (value: unknown, line: number, tooLong: boolean) => {
    const values = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    // The first row's keys are the columns, as a header would be.
    if (!header) setHeader(Object.keys(values));
    if (tooLong) {
      rowsSeen++;
      leaveOut(line, `longer than ${MAX_RECORD_CHARS / 1024} KB`);
      return;
    }
    row(line, (column) => values[column]);
  };
  const choose = (text: string): RecordReader => {
    const first = text.replace(/^\ufeff/, "").trimStart()[0];
    if (first === "[" || path.extname(file).toLowerCase() === ".json") {
      // queryid is a 64-bit number: kept as its digits, not rounded to a double.
      return new JsonArrayReader(jsonElement, (t) => t.replace(/("(?:queryid|digest)"\s*:\s*)(-?\d{16,})/gi, '$1"$2"'));
    }
    const firstLine = text.split("\n", 1)[0];
    return firstLine.includes("\t") ? new TsvReader(onRecord) : new CsvReader(onRecord);
  };
  try {
    readTextChunks(fd, (text) => {
      if (!reader) {
        // Decide on the first line (or the first non-blank character for JSON), gathered across pieces.
        start += text;
        if (!start.includes("\n") && start.length < 64 * 1024) return;
        reader = choose(start);
        text = start;
        start = "";
      }
      reader.push(text);
    });
    if (!reader && start) {
      reader = choose(start);
      (reader as RecordReader).push(start);
    }
    if (reader) (reader as RecordReader).end();
    else if (path.extname(file).toLowerCase() === ".json") throw new JsonShapeError("expected a JSON array of rows", 1);
  } catch (err) {
    if (err instanceof JsonShapeError) throw new RuntimeInputError(`--queries ${file}:${err.line}: not a JSON array of rows (${err.message})`);
    if (err instanceof RuntimeInputError) throw err;
    throw new RuntimeInputError(`--queries ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    fs.closeSync(fd);
  }
  if (!header) setHeader([]);

  if (leftOutForContent > LISTED_ROW_WARNINGS) {
    diagnostics.push({ file: shownAs, code: "runtime-row", severity: "warning", message: `${leftOutForContent - LISTED_ROW_WARNINGS} more rows left out for the same reasons` });
  }
  const statements = kept.sorted((a, b) => a.line - b.line);
  if (kept.dropped > 0) {
    const keptCalls = statements.reduce((n, s) => n + s.calls, 0);
    const share = callsSeen > 0 ? Math.floor((keptCalls / callsSeen) * 1000) / 10 : 100;
    diagnostics.push({
      file: shownAs,
      code: "runtime-rows-limit",
      severity: "warning",
      message: `${fmt(rowsSeen)} rows: past the ${fmt(maxRows)} read at most, the ${fmt(statements.length)} with the most calls are read (${share}% of all calls); ${fmt(rowsSeen - statements.length)} rows left out`,
    });
  }
  const dialect: RuntimeDialect = (cols as Columns | null)?.text?.toLowerCase() === "digest_text" ? "mysql" : "postgresql";
  return { kind: "file", origin: shownAs, dialect, catalog: null, where: shownAs, statements, diagnostics };
}

/** The file, opened for reading: a regular file or a pipe (`--queries <(psql …)`), never a device or a folder. */
function openExport(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RuntimeInputError(`--queries ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a folder, not a file" : `cannot read (${code})`}`);
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile() && !st.isFIFO()) {
    fs.closeSync(fd);
    throw new RuntimeInputError(`--queries ${file}: ${st.isDirectory() ? "a folder, not a file" : `${fileKind(st)}, not a file or a pipe; not read`}`);
  }
  return fd;
}

function columnsOf(header: string[]): Columns {
  const lower = new Map<string, string>();
  for (const h of header) if (!lower.has(h.toLowerCase())) lower.set(h.toLowerCase(), h);
  const column = (names: string[]) => names.map((n) => lower.get(n)).find((h) => h !== undefined);
  return Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, column(names)])) as Columns;
}

/**
 * A call count: a whole number a 64-bit counter holds and a double keeps exactly (digits, or a JSON
 * number); 1.5, 1e23, -3 or 12abc is none.
 */
export function wholeCount(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== "string" || !/^\s*\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

const fmt = (n: number) => n.toLocaleString("en-US");
