/**
 * Rows of an exported table, each with the line it starts on: CSV (RFC 4180: quoted fields hold commas,
 * doubled quotes and line breaks), TSV as `mysql --batch` writes it (backslash escapes \t \n \\ \0), and a
 * JSON array of objects. The first CSV/TSV line is the header.
 *
 * Each reader takes the text a piece at a time (`push`, then `end`) and hands over one record at a time, so
 * an export of any length is read in the memory of one record; a record longer than `maxRecordChars` is
 * handed over empty and marked `tooLong` (its row is left out, said at its line), never held.
 */

export interface TextRow {
  line: number;
  values: Record<string, unknown>;
}

/** One CSV/TSV record: its fields, and the line it starts on. */
export interface TextRecord {
  line: number;
  fields: string[];
  /** Longer than the readers' limit: its fields are not kept. */
  tooLong?: boolean;
}

export interface RecordReader {
  push(text: string): void;
  end(): void;
}

/** Past this many characters a record (a row) is not kept: a statistics row is a statement and a few numbers. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** CSV, RFC 4180, read a piece at a time. A byte order mark at the start is no part of the first field. */
export class CsvReader implements RecordReader {
  private fields: string[] = [];
  private field = "";
  private size = 0;
  private tooLong = false;
  private quoted = false;
  /** A `"` was the last character seen inside quotes: the next one says whether it was `""` or the closing quote. */
  private quoteEnd = false;
  /** A `\r` ended a record: a `\n` right after it belongs to it. */
  private afterCr = false;
  private line = 1;
  private start = 1;
  private first = true;
  /** The current record has begun (a field or a separator was seen). */
  private open = false;

  constructor(
    private readonly onRecord: (r: TextRecord) => void,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {}

  push(text: string): void {
    let i = 0;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    let seg = i;
    const flush = (to: number) => {
      if (to > seg) this.add(text.slice(seg, to));
    };
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.afterCr) {
        this.afterCr = false;
        if (c === 10) {
          this.start = this.line;
          seg = i + 1;
          continue;
        }
      }
      if (this.quoteEnd) {
        this.quoteEnd = false;
        if (c === 34) {
          // `""` inside quotes: one quote of the field.
          this.add('"');
          seg = i + 1;
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === 34) {
          flush(i);
          this.quoteEnd = true;
          seg = i + 1;
        }
        continue;
      }
      if (c === 34) {
        flush(i);
        this.quoted = true;
        this.open = true;
        seg = i + 1;
      } else if (c === 44) {
        flush(i);
        this.endField();
        this.open = true;
        seg = i + 1;
      } else if (c === 10 || c === 13) {
        flush(i);
        this.endRecord();
        if (c === 13) this.afterCr = true;
        this.start = this.line;
        seg = i + 1;
      } else this.open = true;
    }
    flush(text.length);
  }

  end(): void {
    if (this.quoteEnd) this.quoted = false;
    if (this.open || this.field !== "" || this.fields.length) this.endRecord();
  }

  private add(s: string): void {
    this.size += s.length;
    if (this.size > this.maxRecordChars) this.tooLong = true;
    else this.field += s;
  }

  private endField(): void {
    this.fields.push(this.tooLong ? "" : this.field);
    this.field = "";
  }

  private endRecord(): void {
    this.endField();
    this.onRecord(this.tooLong ? { line: this.start, fields: [], tooLong: true } : { line: this.start, fields: this.fields });
    this.fields = [];
    this.size = 0;
    this.tooLong = false;
    this.open = false;
  }
}

/** TSV as `mysql --batch` writes it, a line a record, read a piece at a time. */
export class TsvReader implements RecordReader {
  private pending = "";
  private tooLong = false;
  private line = 1;
  private first = true;

  constructor(
    private readonly onRecord: (r: TextRecord) => void,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {}

  push(text: string): void {
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      const piece = text.slice(from, nl);
      this.take(piece);
      this.emit();
      from = nl + 1;
    }
    this.take(text.slice(from));
  }

  end(): void {
    if (this.pending !== "" || this.tooLong) this.emit();
  }

  private take(piece: string): void {
    if (this.tooLong) return;
    if (this.pending.length + piece.length > this.maxRecordChars) {
      this.tooLong = true;
      this.pending = "";
    } else this.pending += piece;
  }

  private emit(): void {
    const line = this.line++;
    if (this.tooLong) {
      this.tooLong = false;
      this.onRecord({ line, fields: [], tooLong: true });
      return;
    }
    const l = this.pending.endsWith("\r") ? this.pending.slice(0, -1) : this.pending;
    this.pending = "";
    const fields = l.split("\t").map(unescapeTsv);
    if (fields.length > 1 || fields[0] !== "") this.onRecord({ line, fields });
  }
}

const unescapeTsv = (f: string) => (f.includes("\\") ? f.replace(/\\(.)/g, (_m, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "0" ? "\0" : c)) : f);

/** Why a JSON export is not an array of rows; `line` where it went wrong. */
export class JsonShapeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * A JSON array read a piece at a time: each element's text is cut out by depth (strings and escapes
 * followed) and parsed alone, so the whole array is never held. Hands over each element with the line it
 * starts on; throws a JsonShapeError when the text is no array or an element is no JSON.
 */
export class JsonArrayReader implements RecordReader {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  private afterComma = false;
  private element = "";
  private size = 0;
  private tooLong = false;
  private elementLine = 0;
  private line = 1;

  constructor(
    private readonly onElement: (value: unknown, line: number, tooLong: boolean) => void,
    private readonly prepare: (elementText: string) => string = (t) => t,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {}

  push(text: string): void {
    // Inside an element, its text goes on from the start of this piece.
    let seg = this.elementLine ? 0 : -1;
    const flush = (to: number) => {
      if (seg >= 0 && to > seg) this.add(text.slice(seg, to));
      seg = -1;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || (c === 0xfeff && !this.started)) continue;
      if (this.closed) throw new JsonShapeError("text after the array's end", this.line);
      if (!this.started) {
        if (c !== 91) throw new JsonShapeError("expected a JSON array of rows", this.line);
        this.started = true;
        this.depth = 1;
        continue;
      }
      if (this.depth === 1) {
        if (c === 44 || c === 93) {
          flush(i);
          if (this.elementLine) this.endElement();
          else if (c === 44 || this.afterComma) throw new JsonShapeError("an empty element", this.line);
          this.afterComma = c === 44;
          if (c === 93) {
            this.depth = 0;
            this.closed = true;
          }
          continue;
        }
        if (!this.elementLine) {
          this.elementLine = this.line;
          seg = i;
        }
      }
      if (c === 34) this.inString = true;
      else if (c === 91 || c === 123) this.depth++;
      else if (c === 93 || c === 125) this.depth--;
    }
    flush(text.length);
  }

  end(): void {
    if (!this.started) throw new JsonShapeError("expected a JSON array of rows", this.line);
    if (!this.closed) throw new JsonShapeError("the file ends inside the array", this.line);
  }

  private add(s: string): void {
    this.size += s.length;
    if (this.size > this.maxRecordChars) this.tooLong = true;
    else this.element += s;
  }

  private endElement(): void {
    const line = this.elementLine;
    const text = this.element;
    const tooLong = this.tooLong;
    this.element = "";
    this.size = 0;
    this.tooLong = false;
    this.elementLine = 0;
    if (tooLong) {
      this.onElement(undefined, line, true);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(this.prepare(text));
    } catch (err) {
      throw new JsonShapeError((err as Error).message.split("\n")[0], line);
    }
    this.onElement(value, line, false);
  }
}

/** A whole text through a reader: the records, for tests and small inputs. */
export function parseDelimited(text: string, delimiter: "," | "\t"): { header: string[]; rows: TextRow[] } {
  const records: TextRecord[] = [];
  const reader = delimiter === "," ? new CsvReader((r) => records.push(r)) : new TsvReader((r) => records.push(r));
  reader.push(text);
  reader.end();
  const [head, ...body] = records;
  const header = (head?.fields ?? []).map((h) => h.trim());
  const rows = body
    .filter((r) => r.fields.some((f) => f !== ""))
    .map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])) }));
  return { header, rows };
}

/** A JSON array of objects, each with the line its `{` is on. Throws a JsonShapeError (a SyntaxError's words) on anything else. */
export function parseJsonRows(text: string): TextRow[] {
  const rows: TextRow[] = [];
  const reader = new JsonArrayReader((value, line) => rows.push({ line, values: value && typeof value === "object" ? (value as Record<string, unknown>) : {} }));
  reader.push(text);
  reader.end();
  return rows;
}
