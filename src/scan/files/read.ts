import fs from "node:fs";
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
export function readSource(abs: string, rel: string): ReadOutcome {
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
  return decodeSource(buf, rel);
}

export function decodeSource(buf: Buffer, rel: string): ReadOutcome {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3), rel);
  if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: utf16(buf.subarray(2), "le") };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: utf16(buf.subarray(2), "be") };
  const head = buf.subarray(0, BINARY_SNIFF_BYTES);
  if (head.includes(0)) {
    const order = utf16WithoutBom(head);
    if (order) {
      return {
        ok: true,
        text: utf16(buf, order),
        diagnostic: { file: rel, line: 1, code: "encoding", severity: "info", message: `read as UTF-16 ${order === "le" ? "little" : "big"}-endian (no byte order mark)` },
      };
    }
    return {
      ok: false,
      diagnostic: { file: rel, code: "binary-file", severity: "warning", message: "binary content (NUL bytes): skipped" },
    };
  }
  return utf8(buf, rel);
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function utf8(buf: Buffer, rel: string): ReadOutcome {
  try {
    return { ok: true, text: strict.decode(buf) };
  } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
    const count = countInvalid(buf.toString("utf8"));
    return {
      ok: true,
      text: buf.toString("utf8"),
      diagnostic: {
        file: rel,
        line,
        code: "invalid-utf8",
        severity: "warning",
        message: `${count} byte sequence${count === 1 ? " is" : "s are"} not valid UTF-8 (the first at byte ${at}), read as U+FFFD: names containing ${count === 1 ? "it" : "them"} are not the file's; save the file as UTF-8`,
      },
    };
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
