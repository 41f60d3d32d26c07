import path from "node:path";
import type { Violation } from "./violations.js";
import { makeFolderWithin, makeFolders, writeFileAtomic } from "../util/write-file.js";
import { compareStrings } from "../util/sort.js";
import { LineCounter, parseDocument } from "yaml";
import { validateDocument } from "../config/schema.js";
import { ConfigReadError, readConfigText } from "../config/read-text.js";
import { LIMITS } from "../util/read-bounded.js";
import { jsonError } from "../config/json-error.js";

export const BASELINE_FILE = ".strangler/baseline.json";

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  message: string;
}

export class BaselineError extends Error {}

/**
 * Reads the known violations, validated against schemas/baseline.schema.json; a missing file is an empty
 * baseline, an unreadable or broken one an error naming it (and the line, for a value the schema refuses).
 */
export function readBaseline(file: string, shown: string, within?: string): BaselineEntry[] {
  let text: string;
  try {
    text = readConfigText(file, shown, within, LIMITS.baseline);
  } catch (err) {
    if (err instanceof ConfigReadError && err.missing) return [];
    throw new BaselineError((err as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const { message, line } = jsonError(text, err);
    throw new BaselineError(`${shown}${line ? `:${line}` : ""}: not valid JSON (${message})`);
  }
  // JSON is YAML: the yaml parser gives the line of each value the schema refuses.
  const lines = new LineCounter();
  const problems = validateDocument("baseline", parseDocument(text, { lineCounter: lines }), lines);
  if (problems.length) {
    throw new BaselineError(problems.map((p) => `${shown}${p.line ? `:${p.line}` : ""}: ${p.message}`).join("\nstrangler: "));
  }
  return (data as { violations: BaselineEntry[] }).violations;
}

/** Writes the baseline; `within`: the repository for its own baseline (a path the user named: its folder). */
export function writeBaseline(file: string, entries: BaselineEntry[], within?: string): void {
  if (within) makeFolderWithin(path.dirname(path.resolve(file)), within, file);
  else makeFolders(path.dirname(file));
  const sorted = [...entries].sort((a, b) => compareStrings(a.fingerprint, b.fingerprint));
  writeFileAtomic(file, `${JSON.stringify({ version: 1, violations: sorted }, null, 2)}\n`, { within });
}

export function toEntry(v: Violation): BaselineEntry {
  return { fingerprint: v.fingerprint, rule: v.rule, file: v.file, message: v.message };
}

export interface Comparison {
  fresh: Violation[];
  known: Violation[];
  /** Baseline entries no current violation matches (among the files this run judged). */
  stale: BaselineEntry[];
}

/** New, known and stale, by fingerprint: a new violation fails even when a known one of its rule exists. */
export function compareWithBaseline(current: Violation[], baseline: BaselineEntry[], judged: (file: string) => boolean): Comparison {
  const known = new Set(baseline.map((b) => b.fingerprint));
  const now = new Set(current.map((v) => v.fingerprint));
  return {
    fresh: current.filter((v) => !known.has(v.fingerprint)),
    known: current.filter((v) => known.has(v.fingerprint)),
    stale: baseline.filter((b) => !now.has(b.fingerprint) && judged(b.file)),
  };
}
