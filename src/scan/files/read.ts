import fs from "node:fs";
import { isAscii } from "node:buffer";
import type { Diagnostic } from "../facts.js";

/** `diagnostic` with ok: the text was read, with something to say (invalid bytes, UTF-16 without a BOM). */
export type ReadOutcome = { ok: true; text: string; diagnostic?: Diagnostic } | { ok: false; diagnostic: Diagnostic };

const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads a source file as text: UTF-8 (a BOM skipped), or UTF-16 little- or big-endian by its BOM or, without
 * one, by the zero bytes every other position holds (a dump from Windows tools). Bytes that are not valid
 * UTF-8 become U+FFFD with a diagnostic naming the line of the first one. A binary or unreadable file is a
 * diagnostic, never an exception.
 */
export function readSource(abs: string, rel: string, options: { binaryAsText?: boolean } = {}): ReadOutcome {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return {
      ok: false,
      diagnostic: { file: rel, code: "unreadable", severity: "warning", message: `cannot read file: ${code}` },
    };
  }
  return decodeSource(buf, rel, options);
}

/**
 * `binaryAsText`: a file with NUL bytes is read as UTF-8 all the same, with a warning (check judges every
 * file it is given: one NUL byte in a comment must not hide a violation).
 */
export function decodeSource(buf: Buffer, rel: string, options: { binaryAsText?: boolean } = {}): ReadOutcome {
  let sniffed = sniff(buf, rel);
  if (!sniffed.ok && options.binaryAsText) {
    sniffed = { ok: true, encoding: "utf8", skip: 0, diagnostic: { file: rel, code: "binary-file", severity: "warning", message: "binary content (NUL bytes): read as text all the same, since check judges every file" } };
  }
  if (!sniffed.ok) return sniffed;
  const body = buf.subarray(sniffed.skip);
  if (sniffed.encoding === "utf8") {
    const read = utf8(body, rel);
    return read.ok && !read.diagnostic && sniffed.diagnostic ? { ...read, diagnostic: sniffed.diagnostic } : read;
  }
  return { ok: true, text: utf16(body, sniffed.encoding === "utf16le" ? "le" : "be"), ...(sniffed.diagnostic ? { diagnostic: sniffed.diagnostic } : {}) };
}

type Sniffed = { ok: true; encoding: "utf8" | "utf16le" | "utf16be"; skip: number; diagnostic?: Diagnostic } | { ok: false; diagnostic: Diagnostic };

/** The encoding a file's first bytes tell (its BOM, or the zero bytes of UTF-16 without one), or that it is binary. */
function sniff(head: Buffer, rel: string): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { ok: true, encoding: "utf8", skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { ok: true, encoding: "utf16le", skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { ok: true, encoding: "utf16be", skip: 2 };
  const sample = head.subarray(0, BINARY_SNIFF_BYTES);
  if (!sample.includes(0)) return { ok: true, encoding: "utf8", skip: 0 };
  const order = utf16WithoutBom(sample);
  if (order) {
    return {
      ok: true,
      encoding: order === "le" ? "utf16le" : "utf16be",
      skip: 0,
      diagnostic: { file: rel, line: 1, code: "encoding", severity: "info", message: `read as UTF-16 ${order === "le" ? "little" : "big"}-endian (no byte order mark)` },
    };
  }
  return { ok: false, diagnostic: { file: rel, code: "binary-file", severity: "warning", message: "binary content (NUL bytes): skipped" } };
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function utf8(buf: Buffer, rel: string): ReadOutcome {
  try {
    return { ok: true, text: strict.decode(buf) };
  } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
    const text = buf.toString("utf8");
    return { ok: true, text, diagnostic: invalidUtf8(rel, line, at, countInvalid(text)) };
  }
}

function invalidUtf8(rel: string, line: number, at: number, count: number): Diagnostic {
  return {
    file: rel,
    line,
    code: "invalid-utf8",
    severity: "warning",
    message: `${count} byte sequence${count === 1 ? " is" : "s are"} not valid UTF-8 (the first at byte ${at}), read as U+FFFD: names containing ${count === 1 ? "it" : "them"} are not the file's; save the file as UTF-8`,
  };
}

/** Bytes read at a time by readSourceInPieces. */
export const PIECE_BYTES = 1 << 20;

/**
 * Reads a source file as readSource does, but a piece at a time (`onText` for each, in order), so a file of
 * any size is read in bounded memory: the pieces joined are readSource's text, and the outcome carries the
 * same diagnostic. A multi-byte character is never cut between two pieces.
 */
export function readSourceInPieces(abs: string, rel: string, onText: (text: string) => void, pieceBytes = PIECE_BYTES): { ok: boolean; diagnostic?: Diagnostic } {
  let fd: number;
  try {
    fd = fs.openSync(abs, "r");
  } catch (err) {
    return { ok: false, diagnostic: { file: rel, code: "unreadable", severity: "warning", message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? "error"}` } };
  }
  try {
    const chunk = Buffer.allocUnsafe(pieceBytes);
    const readMore = (): Buffer => chunk.subarray(0, fs.readSync(fd, chunk, 0, chunk.length, null));
    // The first piece holds at least the bytes the encoding is sniffed from, or the whole file.
    const head: Buffer[] = [];
    for (let size = 0, more = readMore(); more.length; more = size < BINARY_SNIFF_BYTES ? readMore() : Buffer.alloc(0)) {
      head.push(Buffer.from(more));
      size += more.length;
    }
    const first = Buffer.concat(head);
    const sniffed = sniff(first, rel);
    if (!sniffed.ok) return sniffed;
    const decoder = sniffed.encoding === "utf8" ? new Utf8Pieces() : new Utf16Pieces(sniffed.encoding === "utf16le" ? "le" : "be");
    for (let piece: Buffer = first.subarray(sniffed.skip); piece.length; piece = readMore()) {
      const text = decoder.decode(piece);
      if (text) onText(text);
    }
    const rest = decoder.end();
    if (rest) onText(rest);
    const diagnostic = decoder instanceof Utf8Pieces ? decoder.diagnostic(rel) : sniffed.diagnostic;
    return { ok: true, ...(diagnostic ? { diagnostic } : {}) };
  } catch (err) {
    return { ok: false, diagnostic: { file: rel, code: "unreadable", severity: "warning", message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? "error"}` } };
  } finally {
    fs.closeSync(fd);
  }
}

/** UTF-8 a piece at a time: a sequence cut at a piece's end waits for the next; invalid bytes are counted as readSource counts them. */
class Utf8Pieces {
  private carry: Buffer = Buffer.alloc(0);
  private bytes = 0;
  private lines = 1;
  private firstInvalid: { at: number; line: number } | null = null;
  private replacements = 0;

  decode(piece: Buffer): string {
    const buf = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    const cut = buf.length - incompleteTail(buf);
    this.carry = Buffer.from(buf.subarray(cut));
    return this.take(buf.subarray(0, cut));
  }

  end(): string {
    const last = this.carry;
    this.carry = Buffer.alloc(0);
    return this.take(last);
  }

  diagnostic(rel: string): Diagnostic | undefined {
    return this.firstInvalid ? invalidUtf8(rel, this.firstInvalid.line, this.firstInvalid.at, this.replacements) : undefined;
  }

  private take(buf: Buffer): string {
    if (isAscii(buf)) {
      // Plain ASCII, most of any dump: nothing to replace, decoded byte for byte.
      this.bytes += buf.length;
      for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) this.lines++;
      return buf.toString("latin1");
    }
    const text = buf.toString("utf8");
    const replaced = countInvalid(text);
    this.replacements += replaced;
    if (replaced && !this.firstInvalid) {
      const at = firstInvalidUtf8(buf);
      if (at >= 0) {
        let line = this.lines;
        for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
        this.firstInvalid = { at: this.bytes + at, line };
      }
    }
    this.bytes += buf.length;
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) this.lines++;
    return text;
  }
}

/** Bytes at the end of `buf` that start a UTF-8 sequence the buffer does not finish (0 to 3). */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

class Utf16Pieces {
  private carry: Buffer = Buffer.alloc(0);
  constructor(private readonly order: "le" | "be") {}

  decode(piece: Buffer): string {
    const buf = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    const even = buf.length - (buf.length % 2);
    this.carry = Buffer.from(buf.subarray(even));
    return utf16(buf.subarray(0, even), this.order);
  }

  /** An odd last byte is not a character (readSource drops it too). */
  end(): string {
    return "";
  }
}

function countInvalid(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) n++;
  return n;
}

function utf16(buf: Buffer, order: "le" | "be"): string {
  const even = buf.length - (buf.length % 2);
  if (order === "le") return buf.toString("utf16le", 0, even);
  const swapped = Buffer.from(buf.subarray(0, even));
  swapped.swap16();
  return swapped.toString("utf16le");
}

/** UTF-16 text without a BOM: nearly every odd (little-endian) or even (big-endian) byte is zero, the others not. */
function utf16WithoutBom(head: Buffer): "le" | "be" | null {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return null;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.9 && zeroEven <= pairs * 0.05) return "le";
  if (zeroEven >= pairs * 0.9 && zeroOdd <= pairs * 0.05) return "be";
  return null;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
