import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ts } from "#ts";
import { filesBelow } from "../../util/files-below.js";

/*
 * What, besides a file's own text, decides the facts read from it: strangler's version, the parser's, the
 * code that reads the facts (its files' sizes and times, so that a build of changed readers never takes an
 * old entry, even at the same version number) and the sources enabled for the repository.
 */
let codeStamp: string | null = null;

function stampOfCode(): string {
  if (codeStamp !== null) return codeStamp;
  const scanDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const hash = createHash("sha256");
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(scanDir, "../../package.json"), "utf8")) as { version?: string };
    hash.update(`${pkg.version ?? "?"}\u0000`);
  } catch {
    hash.update("?\u0000");
  }
  for (const p of filesBelow(scanDir, (name) => /\.(js|ts)$/.test(name))) {
    const st = fs.statSync(p);
    hash.update(`${path.relative(scanDir, p)}\u0000${st.size}\u0000${st.mtimeMs}\u0000`);
  }
  codeStamp = hash.digest("hex");
  return codeStamp;
}

export function factSalt(sourceIds: string[]): string {
  return [stampOfCode(), ts.version, ...sourceIds].join("\u0000");
}
