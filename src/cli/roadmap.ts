import fs from "node:fs";
import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { scoreContexts } from "../score/order.js";
import { planRoadmap, type Roadmap } from "../plan/roadmap.js";
import { CodeIndex } from "../plan/code/index.js";
import { loadDomains } from "../rules/domains.js";
import { loadScoring } from "../rules/scoring.js";
import { loadCost } from "../rules/cost.js";
import { loadSaga } from "../rules/saga.js";
import { loadRisks } from "../rules/risks.js";
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
  if (flags.start !== undefined) validDate(flags.start);
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const progress = new Progress();
  const a = readingRepo(progress, () => assessRepo(repo, { ...scanOptionsFrom(flags, progress), resolution, contextsFile: flags.contextsFile }));
  const facts = a.scan.facts;
  if (facts.files.length === 0 && facts.sqlFiles.length === 0) {
    throw new UsageError(`${repo}: nothing to plan: no TypeScript or JavaScript code and no SQL file found (left out: ${a.scan.stats.excluded.tests} test, ${a.scan.stats.excluded.generated} generated, ${a.scan.stats.excluded.ignored} ignored)`);
  }
  const abs = path.resolve(repo);
  const { config } = loadStranglerConfig(abs);
  const { domains } = loadDomains(abs);
  const { scoring, diagnostics: sd } = loadScoring(abs);
  const { cost, diagnostics: cd } = loadCost(abs);
  const { saga, diagnostics: gd } = loadSaga(abs);
  const { risks, diagnostics: rd } = loadRisks(abs);
  const unitOf = new Map(facts.files.map((f) => [f.path, f.unit]));
  const contextOfFile = (f: string) => a.clustering.owner.get(`module:${unitOf.get(f)}`);
  const scores = scoreContexts({ clustering: a.clustering, measurement: a.measurement, domains, scoring, team: config.team, history: facts.history, contextOfFile, accesses: facts.accesses });
  const calendar: Roadmap["calendar"] = flags.start ? { start: flags.start, from: "flag" } : facts.history?.newest ? { start: mondayAfter(facts.history.newest), from: "git" } : null;
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(abs, rel), "utf8");
    } catch {
      return null;
    }
  };
  const code = new CodeIndex(abs, facts, new Set(saga.clients.keys()));
  const roadmap = planRoadmap({ assessment: a, scores, rules: { cost, saga, risks, scoring }, domains, team: config.team, lang: flags.lang, calendar, code, readFile: read });

  const json = `${JSON.stringify({ schemaVersion: 2, order: scores, roadmap }, null, 2)}\n`;
  const markdown = roadmapMarkdown(roadmap, path.basename(abs), flags.lang);
  const output = flags.json ? json : markdown;
  if (flags.out) writeOutput(flags.out, output);
  else process.stdout.write(output);
  process.stderr.write(diagnosticsText([...a.diagnostics, ...sd, ...cd, ...gd, ...rd].filter((d) => d.severity !== "info"), !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  return EXIT.ok;
}

/** A calendar date that exists (2026-02-30 does not). */
function validDate(s: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new UsageError(`--start must be a date that exists, written like 2026-03-02, got "${s}"`);
  }
}

/** The Monday after the newest commit (a repo's own date, not today's). */
function mondayAfter(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
  return d.toISOString().slice(0, 10);
}
