/*
 * A reader of the Prisma Schema Language (https://www.prisma.io/docs/orm/reference/prisma-schema-reference):
 * blocks (`model`, `view`, `enum`, `type`, `datasource`, `generator`) with their fields and attributes.
 * Brace-, bracket-, parenthesis- and string-aware: a `}` inside `@default("{}")` or a `//` inside a string
 * does not end anything; `//` and `///` comments are skipped.
 */

export interface PrismaAttribute {
  /** `relation`, `map`, `default` … (`@@` block attributes are in `blockAttributes`). */
  name: string;
  /** The text between the parentheses, or "" when there are none. */
  args: string;
}

export interface PrismaField {
  name: string;
  type: string;
  list: boolean;
  optional: boolean;
  attributes: PrismaAttribute[];
  line: number;
}

export interface PrismaBlock {
  kind: string;
  name: string;
  line: number;
  fields: PrismaField[];
  blockAttributes: PrismaAttribute[];
}

/** Text with comments blanked (same length, lines kept); strings stay. */
function blankComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let k = i + 1;
      while (k < text.length && text[k] !== '"' && text[k] !== "\n") k += text[k] === "\\" ? 2 : 1;
      out += text.slice(i, k + 1);
      i = k + 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out += " ".repeat(stop - i);
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index just past the bracket closing the one at `open` (strings skipped), or text.length. */
function closing(text: string, open: number): number {
  const pairs: Record<string, string> = { "{": "}", "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return text.length;
}

const BLOCK = /(^|\n)[ \t]*(model|view|enum|type|datasource|generator)[ \t]+([A-Za-z_]\w*)[ \t]*\{/g;

/** The blocks of one schema file, in order. */
export function parsePrismaSchema(text: string): PrismaBlock[] {
  const clean = blankComments(text);
  const lineAt = (offset: number) => {
    let n = 1;
    for (let i = 0; i < offset; i++) if (clean.charCodeAt(i) === 10) n++;
    return n;
  };
  const blocks: PrismaBlock[] = [];
  BLOCK.lastIndex = 0;
  for (let m = BLOCK.exec(clean); m; m = BLOCK.exec(clean)) {
    const open = m.index + m[0].length - 1;
    const end = closing(clean, open);
    const start = m.index + m[1].length;
    const block: PrismaBlock = { kind: m[2], name: m[3], line: lineAt(start), fields: [], blockAttributes: [] };
    readBody(clean.slice(open + 1, end - 1), lineAt(open), block);
    blocks.push(block);
    BLOCK.lastIndex = end;
  }
  return blocks;
}

/** Fields and `@@` attributes of a block body; a statement ends at a newline outside brackets. */
function readBody(body: string, firstLine: number, block: PrismaBlock): void {
  let i = 0;
  let line = firstLine;
  while (i < body.length) {
    // one logical line: up to a newline that is not inside (…) or […]
    let k = i;
    while (k < body.length && body[k] !== "\n") {
      if (body[k] === "(" || body[k] === "[" || body[k] === '"') {
        k = body[k] === '"' ? skipString(body, k) : closing(body, k);
        continue;
      }
      k++;
    }
    const stmt = body.slice(i, k);
    const stmtLine = line;
    for (let j = i; j < k; j++) if (body.charCodeAt(j) === 10) line++;
    readStatement(stmt.trim(), stmtLine + leadingNewlines(stmt), block);
    if (k < body.length) line++;
    i = k + 1;
  }
}

function leadingNewlines(s: string): number {
  const m = /^\s*/.exec(s)![0];
  return m.split("\n").length - 1;
}

function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

function readStatement(stmt: string, line: number, block: PrismaBlock): void {
  if (!stmt) return;
  if (stmt.startsWith("@@")) {
    block.blockAttributes.push(...attributes(stmt.slice(1)));
    return;
  }
  if (block.kind === "enum" || block.kind === "datasource" || block.kind === "generator") return;
  const f = /^([A-Za-z_]\w*)\s+([A-Za-z_][\w.]*)(\[\])?(\?)?(?:\s+|$)/.exec(stmt);
  if (!f) return;
  block.fields.push({ name: f[1], type: f[2], list: !!f[3], optional: !!f[4], attributes: attributes(stmt.slice(f[0].length)), line });
}

/** `@id @default(cuid()) @relation("x", fields: [a], references: [id])` → name and raw args each. */
function attributes(text: string): PrismaAttribute[] {
  const out: PrismaAttribute[] = [];
  const re = /@([A-Za-z_][\w.]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    let args = "";
    if (text[end] === "(") {
      const close = closing(text, end);
      args = text.slice(end + 1, close - 1);
      end = close;
    }
    out.push({ name: m[1], args });
    re.lastIndex = end;
  }
  return out;
}

/** The first string argument, or a named one (`name: "x"`, `map: "y"`). */
export function stringArgument(args: string, name?: string): string | undefined {
  if (name) return new RegExp(`(?:^|[,\\s(])${name}\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(args)?.[1];
  return /^\s*"((?:[^"\\]|\\.)*)"/.exec(args)?.[1];
}

/** A named list argument (`fields: [a, b]`) → its items, or undefined when absent. */
export function listArgument(args: string, name: string): string[] | undefined {
  const m = new RegExp(`(?:^|[,\\s(])${name}\\s*:\\s*\\[([^\\]]*)\\]`).exec(args);
  return m ? m[1].split(",").map((s) => s.trim()).filter(Boolean) : undefined;
}
