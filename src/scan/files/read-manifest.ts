import { LIMITS, readBoundedText, ReadRefusedError } from "../../util/read-bounded.js";
import { jsonError } from "../../config/json-error.js";
import { repoBoundary } from "./boundary.js";

/*
 * package.json, pnpm-workspace.yaml, lerna.json: manifests a scanned repository holds, read as any file it
 * holds may be hostile (see util/read-bounded.ts): a regular file of at most LIMITS.manifest, never through a
 * symlink leaving the repository, and an error that never quotes the file.
 */

export type ManifestText = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/** The text of a manifest, or why not (`reason` without the file's name). */
export function readManifestText(abs: string, within: string = repoBoundary(abs)): ManifestText {
  try {
    return { ok: true, text: readBoundedText(abs, { shown: "", within, maxBytes: LIMITS.manifest, what: "a manifest" }) };
  } catch (err) {
    if (err instanceof ReadRefusedError) return { ok: false, missing: err.missing, reason: err.message.replace(/^: /, "") };
    throw err;
  }
}

/** A manifest's JSON object, or why not (a parse error as the parser words it, with its line, never the text). */
export function readManifestJson(abs: string, within?: string): { ok: true; json: Record<string, unknown> } | { ok: false; missing: boolean; reason: string } {
  const r = readManifestText(abs, within);
  if (!r.ok) return r;
  let value: unknown;
  try {
    value = JSON.parse(r.text);
  } catch (err) {
    const { message, line } = jsonError(r.text, err);
    return { ok: false, missing: false, reason: `not valid JSON${line ? ` at line ${line}` : ""} (${message})` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, missing: false, reason: "not a JSON object" };
  return { ok: true, json: value as Record<string, unknown> };
}
