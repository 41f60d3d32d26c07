import fs from "node:fs";
import path from "node:path";
import type { Violation } from "./violations.js";
import { writeFileAtomic } from "../util/write-file.js";
import { compareStrings } from "../util/sort.js";

export const BASELINE_FILE = ".strangler/baseline.json";

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  message: string;
}

export class BaselineError extends Error {}

/** Reads the known violations; a missing file is an empty baseline, a broken one an error naming it. */
export function readBaseline(file: string, shown: string): BaselineEntry[] {
  if (!fs.existsSync(file)) return [];
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new BaselineError(`${shown}: not valid JSON (${(err as Error).message})`);
  }
  const list = (data as { violations?: unknown })?.violations;
  if (!Array.isArray(list) || !list.every((e) => e && typeof e.fingerprint === "string")) {
    throw new BaselineError(`${shown}: expected {"violations": [{"fingerprint": …}]}`);
  }
  return list as BaselineEntry[];
}

export function writeBaseline(file: string, entries: BaselineEntry[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sorted = [...entries].sort((a, b) => compareStrings(a.fingerprint, b.fingerprint));
  writeFileAtomic(file, `${JSON.stringify({ version: 1, violations: sorted }, null, 2)}\n`);
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
