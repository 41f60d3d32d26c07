import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { RepoNotFoundError } from "../scan/index.js";
import { assessJson } from "../report/assess-json.js";
import { assessText } from "../report/assess-text.js";
import { diagnosticsText } from "../report/scan-text.js";
import { writeContextsFile } from "../config/contexts-yaml.js";
import { writeFileAtomic } from "../util/write-file.js";
import { colourFor, Progress } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import type { ScanFlags } from "./scan.js";

export interface AssessFlags extends ScanFlags {
  resolution?: string;
  contexts?: string;
  writeContexts?: boolean;
  contextsFile?: string;
  truth?: string;
}

export function runAssess(repo: string, flags: AssessFlags): number {
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const targetContexts = flags.contexts === undefined ? undefined : Math.round(positiveNumber("--contexts", flags.contexts));
  const progress = new Progress();
  let a;
  try {
    a = assessRepo(repo, {
      granularity: flags.granularity,
      dialect: flags.dialect,
      includeTests: flags.includeTests,
      includeGenerated: flags.includeGenerated,
      exclude: flags.exclude,
      resolution,
      targetContexts,
      contextsFile: flags.contextsFile,
      truthFile: flags.truth,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
    });
  } catch (err) {
    progress.done();
    if (err instanceof RepoNotFoundError) throw new UsageError(err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT" && e.path) throw new UsageError(`${e.path}: no such file`);
    throw err;
  }
  progress.done();

  const json = assessJson(a);
  if (flags.out) writeOrFail(flags.out, json);
  if (flags.json) process.stdout.write(json);
  else {
    process.stdout.write(assessText(repo, a, colourFor(process.stdout, flags.color === false)));
    process.stderr.write(diagnosticsText(a.diagnostics, !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  }
  if (flags.writeContexts) {
    const allUnits = a.scan.facts.files.map((f) => f.unit);
    const infra = a.clustering.infrastructure.map((i) => i.node.replace(/^module:/, ""));
    let added: number;
    try {
      ({ added } = writeContextsFile(a.contextsFile, a.clustering.contexts, infra, [...new Set(allUnits)].sort()));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const rel = path.relative(process.cwd(), a.contextsFile);
    const shown = rel && !rel.startsWith("..") ? rel : a.contextsFile;
    process.stderr.write(`${shown}: ${added ? `${added} units and tables added` : "already up to date"}\n`);
  }
  return EXIT.ok;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}

function writeOrFail(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (err) {
    throw new UsageError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
