import fs from "node:fs";
import type { ScanOptions, ScanResult } from "../scan/index.js";
import { RepoNotFoundError } from "../scan/index.js";
import { WriteError, writeFileAtomic } from "../util/write-file.js";
import { UsageError } from "./errors.js";
import { Progress } from "./terminal.js";
import type { ScanFlags } from "./scan.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { escapeControls } from "../report/escape-text.js";

/**
 * Reads what `--database` or `--queries` names before the (synchronous) scan: the flags with `runtime` set.
 * The database client is loaded only then. A failure is the user's input error: one line, exit 2, and the
 * password never in it.
 */
export async function withRuntime<F extends ScanFlags>(repo: string, flags: F): Promise<F> {
  if (flags.database === undefined && flags.queries === undefined && !flags.databaseFromConfig) return flags;
  const { readRuntimeInput, RuntimeInputError } = await import("../scan/database/index.js");
  // The repository's strangler.yaml names a host only with the user's consent: --database-from-config, or a
  // --config file the user names. Otherwise --database alone takes $STRANGLER_DATABASE_URL, the user's own.
  const fromConfig = flags.databaseFromConfig === true || (flags.database === true && flags.config !== undefined);
  const configuredUrl = fromConfig ? loadStranglerConfig(repo, configFileOf(flags)).config.databaseUrl : undefined;
  const database = fromConfig ? true : flags.database;
  const timeoutSeconds = flags.databaseTimeout === undefined ? undefined : wholeNumber("--database-timeout", flags.databaseTimeout, 1, 86_400);
  const progress = new Progress(flags.quiet);
  progress.update(flags.queries !== undefined ? "reading the statistics export" : "reading the database", 0, 0);
  try {
    return {
      ...flags,
      runtime: await readRuntimeInput({ database, queries: flags.queries, repo, configuredUrl, fromConfig, timeoutSeconds, allowCleartext: flags.allowCleartextPassword === true }),
    };
  } catch (err) {
    if (err instanceof RuntimeInputError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.done();
  }
}

/** The scan part of any command's flags, with progress reported on the terminal. */
export function scanOptionsFrom(flags: ScanFlags, progress: Progress): ScanOptions {
  return {
    granularity: flags.granularity,
    dialect: flags.dialect,
    includeTests: flags.includeTests,
    includeGenerated: flags.includeGenerated,
    exclude: flags.exclude,
    gitHistory: flags.gitHistory,
    configFile: configFileOf(flags),
    runtime: flags.runtime,
    cache: flags.cache !== false,
    workers: flags.workers === undefined ? undefined : wholeNumber("--workers", flags.workers, 1, 64),
    onProgress: (stage, done, total) => progress.update(stage, done, total),
    onNote: (message, quiet) => {
      if (quiet && !flags.verbose) return;
      progress.done();
      // Paths come from the repository: control characters escaped.
      process.stderr.write(`strangler: info: ${escapeControls(message)}\n`);
    },
  };
}

/** The strangler.yaml `--config` names; naming one that is not there is the user's input error. */
export function configFileOf(flags: { config?: string }): string | undefined {
  if (flags.config === undefined) return undefined;
  if (!fs.existsSync(flags.config) || !fs.statSync(flags.config).isFile()) throw new UsageError(`${flags.config}: no such file (--config)`);
  return flags.config;
}

/**
 * A scan that found no code and no SQL is an input error, not an empty answer: one line, exit 2, saying
 * what was left out (a repo of tests only, a folder of generated code).
 */
export function requireInput(repo: string, scan: ScanResult, verb: string): void {
  const { facts, stats } = scan;
  if (Object.keys(facts.unitOfFile).length > 0 || facts.sqlFiles.length > 0) return;
  const { tests, generated, ignored } = stats.excluded;
  throw new UsageError(`${repo}: nothing to ${verb}: no TypeScript or JavaScript code and no SQL file found (left out: ${tests} test, ${generated} generated, ${ignored} ignored)`);
}

/** Runs a stage that reads the repo; a missing repo is the user's input error (exit 2), not a crash. */
export function readingRepo<T>(progress: Progress, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof RepoNotFoundError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.done();
  }
}

/** `--out -` (or /dev/stdout): the output file is stdout, which then carries nothing else. */
export const isStdout = (file: string | undefined): boolean => file === "-" || file === "/dev/stdout";

/**
 * Writes an output file the user named: `-` (or /dev/stdout) is stdout, anything else a regular file written
 * atomically (see util/write-file.ts); failing to is their input error.
 */
export function writeOutput(file: string, content: string): void {
  if (isStdout(file)) {
    process.stdout.write(content);
    return;
  }
  try {
    writeFileAtomic(file, content);
  } catch (err) {
    if (err instanceof WriteError) throw new UsageError(err.message);
    throw err;
  }
}

/** A whole number within [min, max], written as digits. */
export function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}
