import fs from "node:fs";

/*
 * A text file read a piece at a time, decoded: UTF-8, or UTF-16 little- or big-endian as Windows tools write
 * it (PowerShell's `>` and Out-File write UTF-16 LE with a byte order mark). The encoding comes from the
 * byte order mark, else from the NUL bytes ASCII text has in UTF-16 (a header such as `query,calls`).
 */

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be";

/** Bytes read at a time. */
const PIECE_BYTES = 1 << 20;

/** The encoding of a file's first bytes, and how many of them are its byte order mark. */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  if (head.length >= 4) {
    if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return { encoding: "utf-16le", bom: 0 };
    if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return { encoding: "utf-16be", bom: 0 };
  }
  return { encoding: "utf-8", bom: 0 };
}

/**
 * Calls `onText` with the decoded text of `fd`, a piece at a time (a character split between two pieces is
 * held until the next), so that a file of any size is read in memory of one piece.
 */
export function readTextChunks(fd: number, onText: (text: string) => void): TextEncoding {
  const buffer = Buffer.allocUnsafe(PIECE_BYTES);
  let decoder: TextDecoder | null = null;
  let encoding: TextEncoding = "utf-8";
  // The first bytes decide the encoding: gather at least four (a pipe may give fewer at a time).
  let head = Buffer.alloc(0);
  for (;;) {
    const n = readSome(fd, buffer);
    if (n === 0) break;
    let bytes = buffer.subarray(0, n);
    if (!decoder) {
      head = Buffer.concat([head, bytes]);
      if (head.length < 4) continue;
      const found = detectEncoding(head);
      encoding = found.encoding;
      decoder = new TextDecoder(encoding);
      bytes = head.subarray(found.bom);
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text) onText(text);
  }
  if (!decoder) {
    const found = detectEncoding(head);
    encoding = found.encoding;
    decoder = new TextDecoder(encoding);
    const text = decoder.decode(head.subarray(found.bom), { stream: true });
    if (text) onText(text);
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
  return encoding;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function readSome(fd: number, buffer: Buffer): number {
  for (;;) {
    try {
      return fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (err) {
      // A non-blocking pipe with nothing yet: wait a little for the writer.
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(PAUSE, 0, 0, 10);
        continue;
      }
      throw err;
    }
  }
}
