import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, tempDirs } from "./helpers/cli.js";
import { scanRepo } from "../src/scan/index.js";
import { decodeSource, firstInvalidUtf8, readSource, readSourceInPieces } from "../src/scan/files/read.js";
import fs from "node:fs";
import path from "node:path";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const DUMP = "-- dump\nCREATE TABLE orders (id int primary key);\nCREATE TABLE café_menu (id int, order_id int REFERENCES orders(id));\n";

function repoWithBytes(files: Record<string, Buffer>): string {
  const dir = repo({ "src/a.ts": "export const a = 1;\n" });
  for (const [rel, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), bytes);
  }
  return dir;
}
const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();
const tablesOf = (dir: string) => scanRepo(dir, { gitHistory: false }).facts.tables.map((t) => t.name).sort();

describe("text decoding", () => {
  it("reads UTF-16 SQL dumps by their byte order mark, or without one, instead of skipping them as binary", () => {
    const cases: Record<string, Buffer> = {
      "le-bom.sql": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DUMP, "utf16le")]),
      "be-bom.sql": Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(DUMP)]),
      "le.sql": Buffer.from(DUMP, "utf16le"),
      "utf8-bom.sql": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DUMP)]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const dir = repoWithBytes({ [`db/${name}`]: bytes });
      const s = scanRepo(dir, { gitHistory: false });
      expect(s.facts.tables.map((t) => t.name).sort(), name).toEqual(["public.café_menu", "public.orders"]);
      expect(s.facts.diagnostics.filter((d) => d.code === "binary-file")).toEqual([]);
    }
    const noBom = scanRepo(repoWithBytes({ "db/le.sql": cases["le.sql"] }), { gitHistory: false });
    expect(noBom.facts.diagnostics).toContainEqual({ file: "db/le.sql", line: 1, code: "encoding", severity: "info", message: "read as UTF-16 little-endian (no byte order mark)" });
  });

  it("names the line of bytes that are not UTF-8 (a Latin-1 café), and reads the rest", () => {
    const latin1 = Buffer.from(DUMP, "latin1");
    const dir = repoWithBytes({ "db/latin1.sql": latin1 });
    const s = scanRepo(dir, { gitHistory: false });
    const d = s.facts.diagnostics.find((x) => x.code === "invalid-utf8");
    expect(d).toMatchObject({ file: "db/latin1.sql", line: 3, severity: "warning" });
    expect(d!.message).toMatch(/^1 byte sequence is not valid UTF-8 \(the first at byte \d+\), read as U\+FFFD/);
    expect(tablesOf(dir)).toContain("public.orders");
  });

  it("still skips real binary content", () => {
    const r = decodeSource(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 0, 0, 9, 9, 0, 7]), "x.ts");
    expect(r).toMatchObject({ ok: false, diagnostic: { code: "binary-file" } });
  });

  it("firstInvalidUtf8 agrees with a strict UTF-8 decoder on any bytes", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: "grapheme", maxLength: 20 }), (bytes, text) => {
        const buf = Buffer.concat([Buffer.from(text), Buffer.from(bytes)]);
        expect(firstInvalidUtf8(buf) === -1).toBe(valid(buf));
        if (!valid(buf)) expect(valid(buf.subarray(0, firstInvalidUtf8(buf)))).toBe(true);
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it("reads a file a piece at a time exactly as whole: text, encoding and the invalid bytes' line", () => {
    const dir = temp();
    const file = path.join(dir, "dump.sql");
    // Characters of every UTF-8 length, and bytes that are not UTF-8 (cut sequences, a surrogate, past U+10FFFF).
    const parts = [
      "a", ";", "\n", "é", "€", "😀", "\ufffd", [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80],
    ].map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)));
    const body = fc.array(fc.constantFrom(...parts), { maxLength: 300 }).map((a) => Buffer.concat(a));
    const encodings = fc.constantFrom("utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le");
    fc.assert(
      fc.property(body, encodings, fc.integer({ min: 1, max: 9 }), (bytes, encoding, pieceBytes) => {
        // Past the bytes sniffed for the encoding, so the pieces after the first meet the sequences.
        const text = `${"x".repeat(8000)}${bytes.toString("utf8")}`;
        const raw = Buffer.concat([Buffer.from("y".repeat(8000)), bytes]);
        const content =
          encoding === "utf8" ? raw
          : encoding === "utf8-bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw])
          : encoding === "utf16le-bom" ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le"), Buffer.from([0x41])])
          : encoding === "utf16be-bom" ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])
          : Buffer.from(text, "utf16le");
        fs.writeFileSync(file, content);
        const whole = readSource(file, "dump.sql");
        let joined = "";
        const inPieces = readSourceInPieces(file, "dump.sql", (t) => (joined += t), pieceBytes);
        expect(whole.ok).toBe(true);
        expect(inPieces).toEqual({ ok: true, ...(whole.diagnostic ? { diagnostic: whole.diagnostic } : {}) });
        if (whole.ok) expect(joined).toBe(whole.text);
      }),
      { numRuns: 100, seed: 25 },
    );
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0, 0, 1, 0, 0, 7]));
    expect(readSourceInPieces(file, "dump.sql", () => {}, 3)).toMatchObject({ ok: false, diagnostic: { code: "binary-file" } });
    expect(readSourceInPieces(path.join(dir, "missing.sql"), "missing.sql", () => {})).toMatchObject({ ok: false, diagnostic: { code: "unreadable", message: "cannot read file: ENOENT" } });
  });
});
