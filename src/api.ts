/*
 * strangler's programmatic API: what the commands do, without printing. Everything here follows semver from
 * 0.2.0 on: a change to these functions or their result types that breaks a caller is a major version.
 *
 *   import { assessRepo, planRoadmap, checkRepo } from "strangler-fig";
 *   const a = assessRepo("path/to/repo");                  // contexts, metrics, evidence
 *   const { order, roadmap } = planRoadmap("path/to/repo"); // the extraction order and the plan
 *   const { fresh } = checkRepo("path/to/repo");           // violations of contexts.yaml not in the baseline
 *
 * Nothing here exits the process or writes a file; bad input throws an ApiError naming the file and line.
 */
import path from "node:path";
import { assessRepo, type AssessOptions, type Assessment } from "./assess/index.js";
import { roadmapOf } from "./plan/index.js";
import { loadStranglerConfig } from "./config/strangler-yaml.js";
import { scanRepo, type ScanOptions } from "./scan/index.js";
import { findViolations, type Violation } from "./check/violations.js";
import { compareWithBaseline, type BaselineEntry } from "./check/baseline.js";
import { GateInputError, readAgreedContexts, readKnownViolations, requireGitList } from "./check/gate-inputs.js";
import type { ContextScore } from "./score/order.js";
import type { Roadmap } from "./plan/roadmap.js";
import type { Diagnostic } from "./scan/facts.js";

export { assessRepo };
export type { AssessOptions, Assessment, ContextScore, Roadmap, Diagnostic, Violation, BaselineEntry, ScanOptions };
export type { Context, Clustering } from "./cluster/index.js";
export type { Measurement } from "./score/metrics.js";

/** Bad input (a contexts.yaml, strangler.yaml or baseline that cannot be trusted): the message names file and line. */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export interface PlanOptions extends AssessOptions {
  /** The roadmap's language (default en). */
  lang?: "en" | "ko";
  /** First day of Phase 1, YYYY-MM-DD. */
  start?: string;
  /** strangler.yaml to read (default `<repo>/strangler.yaml`). */
  config?: string;
}

export interface PlanResult {
  assessment: Assessment;
  /** The extraction order, each context with its scores and reasons. */
  order: ContextScore[];
  roadmap: Roadmap;
  diagnostics: Diagnostic[];
}

/** `strangler roadmap` without the printing: assess the repo, then plan it with the team's strangler.yaml. */
export function planRoadmap(repo: string, options: PlanOptions = {}): PlanResult {
  const abs = path.resolve(repo);
  const assessment = assessRepo(abs, { ...options, callFacts: true });
  const { config, diagnostics: configDiagnostics } = loadStranglerConfig(abs, options.config);
  const { scores, roadmap, diagnostics } = roadmapOf(assessment, abs, config.team, { lang: options.lang ?? "en", start: options.start });
  return { assessment, order: [...scores].sort((a, b) => a.rank - b.rank), roadmap, diagnostics: [...assessment.diagnostics, ...configDiagnostics, ...diagnostics] };
}

export interface CheckOptions extends ScanOptions {
  /** The agreed contexts (default `<repo>/contexts.yaml`). */
  contextsFile?: string;
  /** Known violations (default `<repo>/.strangler/baseline.json`; missing: none). */
  baseline?: string;
}

export interface CheckRepoResult {
  /** Every violation of the agreed contexts. */
  violations: Violation[];
  /** Those the baseline does not know: what fails a gate. */
  fresh: Violation[];
  known: Violation[];
  /** Baseline entries nothing matches any more. */
  stale: BaselineEntry[];
  diagnostics: Diagnostic[];
}

/** `strangler check` without the printing: the violations of contexts.yaml, new and known. */
export function checkRepo(repo: string, options: CheckOptions = {}): CheckRepoResult {
  const root = path.resolve(repo);
  // The same reading as `strangler check`, failing closed the same way (src/check/gate-inputs.ts).
  let contexts;
  let baseline: BaselineEntry[];
  try {
    contexts = readAgreedContexts(root, repo, options.contextsFile);
    requireGitList(root, repo);
    baseline = readKnownViolations(root, options.baseline);
  } catch (err) {
    if (err instanceof GateInputError) throw new ApiError(err.message);
    throw err;
  }
  const scan = scanRepo(root, { ...options, gitHistory: false, judgeEveryFile: true });
  const violations = findViolations(scan.facts, contexts);
  const { fresh, known, stale } = compareWithBaseline(violations, baseline, () => true);
  return { violations, fresh, known, stale, diagnostics: scan.facts.diagnostics };
}
