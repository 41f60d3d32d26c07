import { gitRoot } from "../../util/git-root.js";
import { foreignGitDir } from "./git-dir.js";
import { runGit } from "./run-git.js";

export interface CommitFiles {
  hash: string;
  /** Commit time, seconds since the epoch. */
  time: number;
  /** Files it changed, relative to the folder read. */
  files: string[];
}

/** Every commit (no merges) that touched the folder, oldest first; null without git or a repository. */
export function readCommitFiles(repo: string): CommitFiles[] | null {
  if (!gitRoot(repo) || foreignGitDir(repo)) return null;
  const r = runGit(repo, ["log", "--no-merges", "--no-renames", "--no-ext-diff", "--no-textconv", "--relative", "--format=%x01%H %ct", "--name-only", "--", "."]);
  if (r.error || r.status !== 0) return null;
  const out: CommitFiles[] = [];
  let current: CommitFiles | null = null;
  for (const line of r.stdout.split("\n")) {
    if (line.startsWith("\u0001")) {
      const [hash, time] = line.slice(1).split(" ");
      current = { hash, time: Number(time), files: [] };
      out.push(current);
    } else if (line && current) current.files.push(line);
  }
  return out.reverse();
}

/**
 * When each of these lines of a file was last written (committer time, seconds), by `git blame`: one git
 * run per file, for the lines asked only. Lines git cannot date (not committed yet) are absent.
 */
export function blameTimes(repo: string, file: string, lines: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const wanted = [...new Set(lines.filter((l) => l > 0))].sort((a, b) => a - b);
  if (!wanted.length) return out;
  const r = runGit(repo, ["blame", "--porcelain", ...wanted.flatMap((l) => ["-L", `${l},${l}`]), "--", file]);
  if (r.error || r.status !== 0) return out;
  const timeOf = new Map<string, number>();
  let hash = "";
  let final = 0;
  for (const line of r.stdout.split("\n")) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line);
    if (head) {
      hash = head[1];
      final = Number(head[2]);
      continue;
    }
    if (line.startsWith("committer-time ")) timeOf.set(hash, Number(line.slice(15)));
    else if (line.startsWith("\t") && timeOf.has(hash) && !/^0+$/.test(hash)) out.set(final, timeOf.get(hash)!);
  }
  return out;
}
