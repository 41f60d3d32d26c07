import path from "node:path";
import type { Assessment } from "../assess/index.js";
import { blameTimes, readCommitFiles, type CommitFiles } from "../scan/git/commit-files.js";
import { compareStrings } from "../util/sort.js";

/** One month of the coupling trend across today's contexts. */
export interface TrendPoint {
  /** YYYY-MM (UTC). */
  month: string;
  /** Commits that changed code of today's contexts. */
  commits: number;
  /** Commits that changed code of two or more of today's contexts. */
  crossCommits: number;
  /** Lines behind today's cross-context crossings (their file:line evidence) that git blame dates to this month. */
  crossLinesIntroduced: number;
}

const monthOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 7);

/**
 * Coupling across today's contexts, month by month: how many commits changed code of several contexts, and
 * how many of the lines that cross a boundary today were written that month. Every month from the first
 * to the last is listed, empty ones with zeros.
 */
export function couplingTrend(commits: CommitFiles[], contextOfFile: (file: string) => string | undefined, crossingLines: Array<{ file: string; line: number }>, blame: (file: string, lines: number[]) => Map<number, number>): TrendPoint[] {
  const by = new Map<string, TrendPoint>();
  const point = (month: string) => by.get(month) ?? by.set(month, { month, commits: 0, crossCommits: 0, crossLinesIntroduced: 0 }).get(month)!;
  for (const c of commits) {
    const contexts = new Set(c.files.map(contextOfFile).filter((x): x is string => !!x));
    if (!contexts.size) continue;
    const p = point(monthOf(c.time));
    p.commits++;
    if (contexts.size > 1) p.crossCommits++;
  }
  const perFile = new Map<string, Set<number>>();
  for (const e of crossingLines) if (e.line > 0) (perFile.get(e.file) ?? perFile.set(e.file, new Set()).get(e.file)!).add(e.line);
  for (const file of [...perFile.keys()].sort(compareStrings)) {
    for (const time of blame(file, [...perFile.get(file)!]).values()) point(monthOf(time)).crossLinesIntroduced++;
  }
  const months = [...by.keys()].sort(compareStrings);
  if (!months.length) return [];
  const out: TrendPoint[] = [];
  for (let m = months[0]; m <= months[months.length - 1]; m = nextMonth(m)) out.push(by.get(m) ?? { month: m, commits: 0, crossCommits: 0, crossLinesIntroduced: 0 });
  return out;
}

function nextMonth(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}

/** The trend of an assessment's repository from its git history; null without history. */
export function readTrend(repo: string, a: Assessment): TrendPoint[] | null {
  const abs = path.resolve(repo);
  const commits = readCommitFiles(abs);
  if (!commits) return null;
  const unitOf = new Map(a.scan.facts.files.map((f) => [f.path, f.unit]));
  const contextOfFile = (f: string) => {
    const u = unitOf.get(f);
    return u === undefined ? undefined : a.clustering.owner.get(`module:${u}`);
  };
  // The code lines that cross today: imports and table access from code (the schema's keys and joins are lines of SQL or code too).
  const lines = a.measurement.crossings.filter((x) => x.kind !== "cochange").flatMap((x) => x.evidence.filter((e) => e.source !== "runtime" && e.line > 0));
  return couplingTrend(commits, contextOfFile, lines, (file, l) => blameTimes(abs, file, l));
}
