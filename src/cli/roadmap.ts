import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { roadmapOf } from "../plan/index.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { roadmapMarkdown, type Lang } from "../report/roadmap-markdown.js";
import { Progress, writeDiagnostics } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import { configFileOf, positiveNumber, readingRepo, requireInput, scanOptionsFrom } from "./common.js";
import type { ScanFlags } from "./scan.js";
import { emit, formatOf } from "./output.js";

export interface RoadmapFlags extends ScanFlags {
  lang: Lang;
  start?: string;
  contextsFile?: string;
  resolution?: string;
}

export function runRoadmap(repo: string, flags: RoadmapFlags): number {
  const format = formatOf("roadmap", flags);
  if (flags.start !== undefined) validDate(flags.start, flags.lang);
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const progress = new Progress(flags.quiet);
  const a = readingRepo(progress, () => assessRepo(repo, { ...scanOptionsFrom(flags, progress), callFacts: true, resolution, contextsFile: flags.contextsFile }));
  requireInput(repo, a.scan, "plan");
  const abs = path.resolve(repo);
  const { config } = loadStranglerConfig(abs, configFileOf(flags));
  const { scores, roadmap, diagnostics } = roadmapOf(a, abs, config.team, { lang: flags.lang, start: flags.start });

  const output =
    format === "json" ? `${JSON.stringify({ schemaVersion: 2, order: scores, roadmap }, null, 2)}\n` : roadmapMarkdown(roadmap, path.basename(abs), flags.lang);
  emit({ output: flags.output ?? flags.out }, output);
  writeDiagnostics([...a.diagnostics, ...diagnostics].filter((d) => d.severity !== "info"), flags);
  return EXIT.ok;
}

/** A calendar date that exists (2026-02-30 does not). */
function validDate(s: string, lang: Lang): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new UsageError(lang === "ko" ? `--start: 실제로 있는 날짜를 2026-03-02 형식으로 써야 합니다, 입력값 "${s}"` : `--start must be a date that exists, written like 2026-03-02, got "${s}"`);
  }
}
