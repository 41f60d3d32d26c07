import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { readTrend, type TrendPoint } from "../score/trend.js";
import { Progress } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import { readingRepo, requireInput, scanOptionsFrom, wholeNumber } from "./common.js";
import type { ScanFlags } from "./scan.js";
import { emit, formatOf } from "./output.js";

export interface TrendFlags extends ScanFlags {
  contextsFile?: string;
  contexts?: string;
}

export function runTrend(repo: string, flags: TrendFlags): number {
  const format = formatOf("trend", flags);
  const targetContexts = flags.contexts === undefined ? undefined : wholeNumber("--contexts", flags.contexts, 1, 1000);
  const progress = new Progress(flags.quiet);
  const a = readingRepo(progress, () => assessRepo(repo, { ...scanOptionsFrom(flags, progress), targetContexts, contextsFile: flags.contextsFile }));
  requireInput(repo, a.scan, "trend");
  const months = readTrend(path.resolve(repo), a);
  if (!months) throw new UsageError(`${repo}: no git history to read (not in a git repository, or no commits)`);
  const contexts = a.clustering.contexts.map((c) => c.name);
  emit(flags, format === "json" ? `${JSON.stringify({ schemaVersion: 1, contexts, months }, null, 2)}\n` : trendText(contexts.length, months));
  return EXIT.ok;
}

/** The months as a table, with the totals of the first and the last year shown. */
export function trendText(contexts: number, months: TrendPoint[]): string {
  const lines = [`coupling across today's ${contexts} contexts, month by month`, "", "month     commits  across contexts  cross-context lines introduced"];
  for (const m of months) lines.push(`${m.month}  ${String(m.commits).padStart(7)}  ${String(m.crossCommits).padStart(15)}  ${String(m.crossLinesIntroduced).padStart(30)}`);
  const sum = (list: TrendPoint[], k: keyof Omit<TrendPoint, "month">) => list.reduce((n, m) => n + m[k], 0);
  const first = months.slice(0, 12);
  const last = months.slice(-12);
  if (months.length >= 24) {
    const share = (list: TrendPoint[]) => (sum(list, "commits") ? Math.round((sum(list, "crossCommits") / sum(list, "commits")) * 100) : 0);
    lines.push("", `first 12 months: ${share(first)}% of commits changed several contexts, ${sum(first, "crossLinesIntroduced")} cross-context lines written`, `last 12 months:  ${share(last)}% of commits changed several contexts, ${sum(last, "crossLinesIntroduced")} cross-context lines written`);
  }
  return `${lines.join("\n")}\n`;
}
