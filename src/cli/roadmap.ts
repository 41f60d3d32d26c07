import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { scoreContexts } from "../score/order.js";
import { withTraffic } from "../score/traffic.js";
import { planRoadmap } from "../plan/roadmap.js";
import { loadDomains } from "../rules/domains.js";
import { loadScoring } from "../rules/scoring.js";
import { loadCost } from "../rules/cost.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { roadmapMarkdown, type Lang } from "../report/roadmap-markdown.js";
import { diagnosticsText } from "../report/scan-text.js";
import { colourFor, Progress } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import { positiveNumber, readingRepo, scanOptionsFrom, writeOutput } from "./common.js";
import type { ScanFlags } from "./scan.js";

export interface RoadmapFlags extends ScanFlags {
  lang: Lang;
  start?: string;
  contextsFile?: string;
  resolution?: string;
}

export function runRoadmap(repo: string, flags: RoadmapFlags): number {
  if (flags.start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.start)) throw new UsageError(`--start must be a date like 2026-03-02, got "${flags.start}"`);
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const progress = new Progress();
  const a = readingRepo(progress, () => assessRepo(repo, { ...scanOptionsFrom(flags, progress), resolution, contextsFile: flags.contextsFile }));
  const abs = path.resolve(repo);
  const { config } = loadStranglerConfig(abs);
  // The dialect the scan found answers the database question when strangler.yaml does not.
  config.team["database.dialect"] ??= a.scan.dialect;
  const { domains } = loadDomains(abs);
  const { scoring, diagnostics: sd } = loadScoring(abs);
  const { cost, diagnostics: cd } = loadCost(abs);
  const unitOf = new Map(a.scan.facts.files.map((f) => [f.path, f.unit]));
  // Runtime traffic hook (issue 16): each context's share of the database's calls and a reason saying it.
  const scores = withTraffic(scoreContexts(a.clustering, a.measurement, domains, scoring, config.team, a.scan.facts.history, (f) => a.clustering.owner.get(`module:${unitOf.get(f)}`)), a.traffic);
  const start = flags.start ?? mondayAfter(a.scan.facts.history?.newest);
  const roadmap = planRoadmap(a, scores, cost, config.team, start);

  const json = `${JSON.stringify({ schemaVersion: 1, order: scores, roadmap }, null, 2)}\n`;
  const markdown = roadmapMarkdown(roadmap, path.basename(abs), flags.lang);
  const output = flags.json ? json : markdown;
  if (flags.out) writeOutput(flags.out, output);
  else process.stdout.write(output);
  process.stderr.write(diagnosticsText([...a.diagnostics, ...sd, ...cd].filter((d) => d.severity !== "info"), !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  return EXIT.ok;
}

/** The Monday after the newest commit (a repo's own date, not today's); "" without history. */
function mondayAfter(epochSeconds: number | undefined): string {
  if (!epochSeconds) return "";
  const d = new Date(epochSeconds * 1000);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
  return d.toISOString().slice(0, 10);
}
