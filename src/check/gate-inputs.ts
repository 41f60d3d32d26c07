import fs from "node:fs";
import path from "node:path";
import { readContextsFile, CONTEXTS_YAML, type ContextsFile } from "../config/contexts-yaml.js";
import { ConfigReadError } from "../config/read-text.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { BASELINE_FILE, BaselineError, readBaseline, type BaselineEntry } from "./baseline.js";
import { whyGitCannotList } from "../scan/git/tracked-files.js";
import { repoBoundary } from "../scan/files/boundary.js";

/*
 * What the gate judges by, read once for `strangler check` and the API's checkRepo: the agreed contexts
 * (with strangler.yaml's rules under contexts.yaml's), git's list of the repo's files, and the baseline. It
 * fails closed: any file it cannot trust is a GateInputError naming the file and line, every problem listed.
 * Files found in the repository are read only inside it; a file the user names is theirs.
 */

export class GateInputError extends Error {}

/** A path as messages show it: relative to the repo when inside it. */
export function shownIn(root: string, p: string): string {
  return path.relative(root, p).startsWith("..") ? p : path.relative(root, p).split(path.sep).join("/");
}

/** contexts.yaml (or the file named) with strangler.yaml's rules merged under its own. */
export function readAgreedContexts(root: string, repoLabel: string, contextsFile?: string, configFile?: string): ContextsFile {
  const contextsPath = contextsFile ?? path.join(root, CONTEXTS_YAML);
  if (!fs.existsSync(contextsPath)) throw new GateInputError(`${shownIn(root, contextsPath)}: not found; write the agreed contexts first (strangler assess ${repoLabel} --write-contexts)`);
  let contexts: ContextsFile;
  try {
    contexts = readContextsFile(contextsPath, shownIn(root, contextsPath), contextsFile ? undefined : repoBoundary(root));
  } catch (err) {
    if (err instanceof ConfigReadError) throw new GateInputError(err.message);
    throw err;
  }
  const settings = loadStranglerConfig(root, configFile);
  const untrusted = [...contexts.diagnostics, ...settings.diagnostics].filter((d) => d.severity === "error");
  if (untrusted.length) {
    throw new GateInputError(`${untrusted.map((d) => `${d.file}${d.line ? `:${d.line}` : ""}: ${d.message.replace(/; (ignored|the dialect is detected instead)$/, "")}`).join("\nstrangler: ")}\nstrangler: check judges nothing until ${untrusted.length === 1 ? "this is" : "these are"} fixed`);
  }
  // strangler.yaml's `rules:` hold for the whole repo; contexts.yaml's, nearer the boundaries, win.
  contexts.rules = { ...settings.config.rules, ...contexts.rules };
  return contexts;
}

/**
 * Without git's list of tracked files, a tracked file a .gitignore names would be dropped unseen (another
 * user's checkout git calls "dubious", git missing from PATH, a .git pointing at another repository).
 */
export function requireGitList(root: string, repoLabel: string): void {
  const gitCannot = whyGitCannotList(root);
  if (gitCannot) {
    throw new GateInputError(`${repoLabel}: git cannot list the repository's files (${gitCannot}); check judges nothing it cannot see (another user's checkout: git config --global --add safe.directory <path>)`);
  }
}

/** The known violations (`.strangler/baseline.json`, or the file named; missing: none). */
export function readKnownViolations(root: string, baselineFile?: string): BaselineEntry[] {
  const baselinePath = baselineFile ?? path.join(root, BASELINE_FILE);
  try {
    return readBaseline(baselinePath, shownIn(root, baselinePath), baselineFile ? undefined : repoBoundary(root));
  } catch (err) {
    if (err instanceof BaselineError) throw new GateInputError(err.message);
    throw err;
  }
}
