/**
 * Rows of an exported table, each with the line it starts on: CSV (RFC 4180: quoted fields hold commas,
 * doubled quotes and line breaks), TSV as `mysql --batch` writes it (backslash escapes \t \n \\ \0), and a
 * JSON array of objects. The first CSV/TSV line is the header.
 */

export interface TextRow {
  line: number;
  values: Record<string, unknown>;
}

export function parseDelimited(text: string, delimiter: "," | "\t"): { header: string[]; rows: TextRow[] } {
  const records = delimiter === "," ? csvRecords(text) : tsvRecords(text);
  const [head, ...body] = records;
  const header = (head?.fields ?? []).map((h) => h.trim());
  const rows = body
    .filter((r) => r.fields.some((f) => f !== ""))
    .map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])) }));
  return { header, rows };
}

function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    out.push({ line: start, fields });
    fields = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") continue;
      endRecord();
      start = line;
    } else field += ch;
  }
  if (field !== "" || fields.length) endRecord();
  return out;
}

function tsvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const unescape = (f: string) => f.replace(/\\(.)/g, (_m, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "0" ? "\0" : c));
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, fields: l.split("\t").map(unescape) }))
    .filter((r) => r.fields.length > 1 || r.fields[0] !== "");
}

/** A JSON array of objects, each with the line its `{` is on. Throws SyntaxError on invalid JSON. */
export function parseJsonRows(text: string): TextRow[] {
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new SyntaxError("expected a JSON array of rows");
  const lines = elementLines(text);
  return data.map((values, i) => ({ line: lines[i] ?? 1, values: values && typeof values === "object" ? (values as Record<string, unknown>) : {} }));
}

/** Lines on which the elements of the top-level array start. */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectElement && ch !== "]") {
      out.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 1) expectElement = true;
  }
  return out;
}
