import path from "node:path";
import { assessRepo, type Assessment } from "../assess/index.js";
import { roadmapOf } from "../plan/index.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { loadWeights } from "../rules/weights.js";
import { buildReportModel } from "../report/html/model.js";
import { reportHtml } from "../report/html/page.js";
import { orderDataOf } from "../report/html/order-data.js";
import { readTrend } from "../score/trend.js";
import { gitRoot } from "../util/git-root.js";
import { toPosix } from "../util/paths.js";
import type { Lang } from "../report/roadmap-markdown.js";
import { Progress, writeDiagnostics } from "./terminal.js";
import { EXIT } from "./errors.js";
import { configFileOf, positiveNumber, readingRepo, requireInput, scanOptionsFrom, wholeNumber, writeOutput } from "./common.js";
import type { ScanFlags } from "./scan.js";
import { toStdout, type OutputFlags } from "./output.js";

export interface ReportFlags extends ScanFlags, OutputFlags {
  lang?: Lang;
  contextsFile?: string;
  resolution?: string;
  contexts?: string;
}

/** The HTML report of an assessment already made: the same model for `report` and `assess --format html`. */
export function htmlOf(repo: string, a: Assessment, flags: { lang?: Lang; config?: string; gitHistory?: boolean }): string {
  const abs = path.resolve(repo);
  const lang = flags.lang ?? "en";
  const { config } = loadStranglerConfig(abs, configFileOf(flags));
  const { roadmap } = roadmapOf(a, abs, config.team, { lang });
  const { weights } = loadWeights(abs);
  const trend = flags.gitHistory === false ? null : readTrend(abs, a);
  return reportHtml(buildReportModel({ assessment: a, roadmap: a.clustering.contexts.length ? roadmap : null, weights, lang, repo: repoLabel(abs), trend, orderData: orderDataOf(a, abs, config.team) }));
}

/** The folder's name, with its repository's when it is a folder inside one (`unleash/src`, not `src`). */
function repoLabel(abs: string): string {
  const root = gitRoot(abs);
  return root && root !== abs ? toPosix(path.relative(path.dirname(root), abs)) : path.basename(abs);
}

/** Writes the HTML to `-o` (no escape pass over the page: its data is escaped where it is written, page.ts). */
export function emitHtml(flags: OutputFlags, html: string): void {
  if (toStdout(flags)) process.stdout.write(html);
  else writeOutput(flags.output!, html);
}

export function runReport(repo: string, flags: ReportFlags): number {
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const targetContexts = flags.contexts === undefined ? undefined : wholeNumber("--contexts", flags.contexts, 1, 1000);
  const progress = new Progress(flags.quiet);
  const a = readingRepo(progress, () => assessRepo(repo, { ...scanOptionsFrom(flags, progress), callFacts: true, resolution, targetContexts, contextsFile: flags.contextsFile }));
  requireInput(repo, a.scan, "report");
  emitHtml(flags, htmlOf(repo, a, flags));
  writeDiagnostics(a.diagnostics.filter((d) => d.severity !== "info"), flags);
  return EXIT.ok;
}
