import fs from "node:fs";
import path from "node:path";
import { scanRepo } from "../scan/index.js";
import { ConfigReadError } from "../config/read-text.js";
import { WriteError } from "../util/write-file.js";
import { findViolations } from "../check/violations.js";
import { BASELINE_FILE, compareWithBaseline, toEntry, writeBaseline } from "../check/baseline.js";
import { changedFilesSince, GitError } from "../scan/git/changed-files.js";
import { checkGithub, checkJson, checkSarif, checkText, type CheckResult } from "../report/check-output.js";
import { checkCodeClimate, checkJunit, checkMarkdown } from "../report/check-ci.js";
import { colourFor, note, Progress, writeDiagnostics } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import { configFileOf, readingRepo, requireInput, scanOptionsFrom } from "./common.js";
import { emit, formatOf, toStdout, type Format } from "./output.js";
import { ruleSeverity } from "../config/rule-severity.js";
import { GateInputError, readAgreedContexts, readKnownViolations, requireGitList, shownIn } from "../check/gate-inputs.js";
import { prefixFromGitRoot } from "../util/git-root.js";
import { repoBoundary } from "../scan/files/boundary.js";
import type { ScanFlags } from "./scan.js";

export interface CheckFlags extends ScanFlags {
  /** error (default), warning or warn, never. */
  failOn?: string;
  failOnStale?: boolean;
  contextsFile?: string;
  baseline?: string;
  updateBaseline?: boolean;
  pruneBaseline?: boolean;
  changedSince?: string;
  /** `--also <format>=<file>`, repeatable: more outputs of the same run. */
  also?: string[];
}

/** `sarif=out/strangler.sarif`: a format check writes, and a file (not stdout, which carries the result). */
function alsoOutput(spec: string): { format: Format; file: string } {
  const eq = spec.indexOf("=");
  const file = eq < 0 ? "" : spec.slice(eq + 1);
  if (eq < 0 || file === "") throw new UsageError(`--also takes <format>=<file>, got "${spec}"`);
  if (file === "-" || file === "/dev/stdout") throw new UsageError(`--also ${spec}: stdout carries the result (--format); name a file`);
  const format = formatOf("check", { format: spec.slice(0, eq) });
  return { format, file };
}

export function runCheck(repo: string, flags: CheckFlags, version: string): number {
  const format = formatOf("check", flags);
  const failOn = failLevel(flags.failOn);
  const also = (flags.also ?? []).map(alsoOutput);
  const root = path.resolve(repo);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`${repo}: no such folder`);
  const shown = (p: string) => shownIn(root, p);
  // A gate fails closed: any problem in the files it judges by is exit 2, every problem listed.
  const contexts = asUsageError(() => readAgreedContexts(root, repo, flags.contextsFile, configFileOf(flags)));
  const boundary = repoBoundary(root);
  if (flags.updateBaseline && flags.changedSince) throw new UsageError("--update-baseline needs the whole repo: drop --changed-since");
  if (flags.updateBaseline && flags.pruneBaseline) throw new UsageError("use --update-baseline or --prune-baseline, not both");

  // A gate fails closed: without git's list of tracked files, a tracked file a .gitignore names would be
  // dropped unseen (another user's checkout git calls "dubious", git missing from PATH, a .git pointing at
  // another repository).
  asUsageError(() => requireGitList(root, repo));
  let onlyCodeFiles: Set<string> | undefined;
  if (flags.changedSince) {
    try {
      onlyCodeFiles = changedFilesSince(root, flags.changedSince);
    } catch (err) {
      if (err instanceof GitError) throw new UsageError(err.message);
      throw err;
    }
  }
  const baselinePath = flags.baseline ?? path.join(root, BASELINE_FILE);
  const baselineWithin = flags.baseline ? undefined : boundary;
  const baseline = asUsageError(() => readKnownViolations(root, flags.baseline));

  const progress = new Progress(flags.quiet);
  const scan = readingRepo(progress, () => scanRepo(root, { ...scanOptionsFrom(flags, progress), onlyCodeFiles, gitHistory: false, judgeEveryFile: true }));
  requireInput(repo, scan, "check");
  const violations = findViolations(scan.facts, contexts);
  const sqlFiles = new Set(scan.facts.sqlFiles);
  const judged = (file: string) => !onlyCodeFiles || onlyCodeFiles.has(file) || sqlFiles.has(file);
  let comparison = compareWithBaseline(violations, baseline, judged);

  if (flags.updateBaseline) {
    writeOrFail(baselinePath, () => writeBaseline(baselinePath, violations.map(toEntry), baselineWithin));
    note(flags, `${shown(baselinePath)}: ${comparison.fresh.length} new, ${comparison.known.length} same, ${comparison.stale.length} removed\n`);
    comparison = { fresh: [], known: violations, stale: [] };
  } else if (flags.pruneBaseline) {
    const stale = new Set(comparison.stale.map((s) => s.fingerprint));
    writeOrFail(baselinePath, () => writeBaseline(baselinePath, baseline.filter((b) => !stale.has(b.fingerprint)), baselineWithin));
    note(flags, `${shown(baselinePath)}: ${stale.size} stale entr${stale.size === 1 ? "y" : "ies"} removed\n`);
    comparison = { ...comparison, stale: [] };
  }

  const result: CheckResult = { comparison, diagnostics: [...contexts.diagnostics, ...scan.facts.diagnostics], changedSince: flags.changedSince, leftOut: scan.stats.excluded };
  // Code scanning and annotations place a file by its path from the top of the repository.
  const fromGitRoot = prefixFromGitRoot(root);
  const render = (f: Format, coloured: boolean): string => {
    if (f === "json") return checkJson(result);
    if (f === "sarif") return checkSarif(result, version, fromGitRoot);
    if (f === "github") return checkGithub(result, fromGitRoot);
    if (f === "codeclimate") return checkCodeClimate(result, fromGitRoot);
    if (f === "junit") return checkJunit(result, failOn, fromGitRoot);
    if (f === "markdown") return checkMarkdown(result, version, fromGitRoot);
    return checkText(result, colourFor(process.stdout, coloured ? flags.color : false));
  };
  // Every output of one run judges the same scan: `--also` files first, then the result.
  for (const a of also) emit({ output: a.file }, render(a.format, false), { workflowCommands: a.format === "github" });
  emit(flags, render(format, toStdout(flags)), { workflowCommands: format === "github" });
  if (format === "text") writeDiagnostics(result.diagnostics.filter((d) => d.severity !== "info"), flags);
  const failing = comparison.fresh.filter((v) => failOn === "warning" || (failOn === "error" && v.severity === "error"));
  if (flags.failOnStale && comparison.stale.length) {
    process.stderr.write(`${shown(baselinePath)}: ${comparison.stale.length} stale entr${comparison.stale.length === 1 ? "y" : "ies"} (--fail-on-stale; --prune-baseline removes them)\n`);
    return EXIT.violations;
  }
  return failing.length ? EXIT.violations : EXIT.ok;
}

/** `--fail-on`: the least severity of a new violation that fails the check; `never` reports and passes. */
function failLevel(value: string | undefined): "error" | "warning" | "never" {
  if (value === undefined) return "error";
  if (value.trim().toLowerCase() === "never") return "never";
  const s = ruleSeverity(value);
  if (s === "error" || s === "warning") return s;
  throw new UsageError(`--fail-on must be error, warning (or warn) or never, got "${value}"`);
}

function asUsageError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigReadError || err instanceof GateInputError) throw new UsageError(err.message);
    throw err;
  }
}

function writeOrFail(file: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    if (err instanceof WriteError) throw new UsageError(err.message);
    throw new UsageError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
