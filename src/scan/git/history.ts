import { StringDecoder } from "node:string_decoder";
import { foreignGitDir } from "./git-dir.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Diagnostic } from "../facts.js";
import { runGitToFile } from "./run-git.js";
import { emptyRecord } from "../../util/record.js";
import { gitRoot } from "../../util/git-root.js";

export interface UnitHistory {
  commits: number;
  /** Commits in the 6 and 12 months before the newest commit (not before today: same repo, same numbers). */
  commits6m: number;
  commits12m: number;
}

export interface CoChange {
  /** Two units, sorted. */
  units: [string, string];
  /** Commits that changed both. */
  count: number;
  /** The most recent of those commits (at most MAX_EVIDENCE), newest first. */
  commits: string[];
}

export interface History {
  commits: number;
  /** Commits left out of co-change because they touched more than MAX_UNITS_PER_COMMIT units. */
  bulkCommits: number;
  newest: number;
  units: Record<string, UnitHistory>;
  cochange: CoChange[];
}

const MAX_UNITS_PER_COMMIT = 30;
const MIN_COCHANGE = 2;
const MAX_EVIDENCE = 5;
const MONTH = 30.44 * 24 * 3600;
const CHUNK = 1 << 20;

/**
 * Churn and co-change per code unit from `git log`, read in 1 MiB chunks from a temporary file so a long
 * history never sits in memory whole (decoded as one UTF-8 stream). git runs with the repository's programs
 * disabled (run-git.ts). Returns null (with a diagnostic) where there is no git or no repo.
 */
export function readHistory(repo: string, unitOfFile: (file: string) => string | null, diagnostics: Diagnostic[]): History | null {
  // A subfolder of a repository (`strangler assess server/`) gets the commits that touched it, its paths
  // relative to it (`git log --relative -- .`).
  if (!gitRoot(repo)) {
    diagnostics.push({ file: ".", code: "no-git-history", severity: "info", message: "not in a git repository: churn and co-change are unknown" });
    return null;
  }
  const foreign = foreignGitDir(repo);
  if (foreign) {
    diagnostics.push({ file: ".git", code: "no-git-history", severity: "warning", message: `${foreign}: churn and co-change are unknown` });
    return null;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "strangler-git-"));
  const out = path.join(tmp, "log");
  const fd = fs.openSync(out, "w");
  let status: number | null;
  let error: Error | undefined;
  try {
    ({ status, error } = runGitToFile(repo, ["log", "--no-merges", "--no-renames", "--no-ext-diff", "--no-textconv", "--relative", "--format=%x01%H %ct", "--name-only", "--", "."], fd));
  } finally {
    fs.closeSync(fd);
  }
  try {
    if (error || status !== 0) {
      diagnostics.push({ file: ".", code: "no-git-history", severity: "info", message: error ? "git is not installed: churn and co-change are unknown" : "not a git repository (or no commits): churn and co-change are unknown" });
      return null;
    }
    return parseLog(out, unitOfFile);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads a `git log` written by readHistory; `chunk` is the read size (small in tests, to cut characters in two). */
export function parseLog(file: string, unitOfFile: (file: string) => string | null, chunk = CHUNK): History {
  const commits: Array<{ time: number; units: string[] }> = [];
  const pairs = new Map<string, { count: number; commits: string[] }>();
  let bulkCommits = 0;
  let newest = 0;
  let current: { hash: string; time: number; units: Set<string> } | null = null;

  const finish = () => {
    if (!current) return;
    const units = [...current.units].sort();
    commits.push({ time: current.time, units });
    if (units.length > MAX_UNITS_PER_COMMIT) bulkCommits++;
    else {
      for (let i = 0; i < units.length; i++) {
        for (let k = i + 1; k < units.length; k++) {
          const key = `${units[i]}\u0000${units[k]}`;
          const p = pairs.get(key) ?? { count: 0, commits: [] };
          p.count++;
          if (p.commits.length < MAX_EVIDENCE) p.commits.push(current.hash);
          pairs.set(key, p);
        }
      }
    }
    current = null;
  };
  const onLine = (line: string) => {
    if (line.startsWith("\u0001")) {
      finish();
      const [hash, time] = line.slice(1).split(" ");
      current = { hash, time: Number(time), units: new Set() };
      newest = Math.max(newest, Number(time));
    } else if (line && current) {
      const unit = unitOfFile(line);
      if (unit) current.units.add(unit);
    }
  };

  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(chunk);
  let rest = "";
  // One decoder for the whole stream: a character split across two chunks is joined, not replaced.
  const decoder = new StringDecoder("utf8");
  try {
    for (let n = fs.readSync(fd, buf, 0, chunk, null); n > 0; n = fs.readSync(fd, buf, 0, chunk, null)) {
      const text = rest + decoder.write(buf.subarray(0, n));
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) onLine(l);
    }
    rest += decoder.end();
    if (rest) onLine(rest);
    finish();
  } finally {
    fs.closeSync(fd);
  }

  const units = emptyRecord<UnitHistory>();
  for (const c of commits) {
    for (const u of c.units) {
      const h = (units[u] ??= { commits: 0, commits6m: 0, commits12m: 0 });
      h.commits++;
      if (newest - c.time <= 6 * MONTH) h.commits6m++;
      if (newest - c.time <= 12 * MONTH) h.commits12m++;
    }
  }
  const cochange: CoChange[] = [...pairs]
    .filter(([, p]) => p.count >= MIN_COCHANGE)
    .map(([key, p]) => ({ units: key.split("\u0000") as [string, string], count: p.count, commits: p.commits }))
    .sort((a, b) => (a.units[0] < b.units[0] ? -1 : a.units[0] > b.units[0] ? 1 : a.units[1] < b.units[1] ? -1 : a.units[1] > b.units[1] ? 1 : 0));
  return { commits: commits.length, bulkCommits, newest, units: Object.fromEntries(Object.entries(units).sort(([a], [b]) => (a < b ? -1 : 1))), cochange };
}
