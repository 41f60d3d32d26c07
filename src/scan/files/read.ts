import fs from "node:fs";
import type { Diagnostic } from "../facts.js";

export type ReadOutcome = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

const BINARY_SNIFF_BYTES = 8000;

/** Reads a source file as UTF-8; a binary or unreadable file becomes a diagnostic, never an exception. */
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
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return {
      ok: false,
      diagnostic: { file: rel, code: "binary-file", severity: "warning", message: "binary content (NUL bytes): skipped" },
    };
  }
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}
