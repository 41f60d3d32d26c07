import path from "node:path";
import { assessRepo } from "../assess/index.js";
import { assessJson } from "../report/assess-json.js";
import { assessText } from "../report/assess-text.js";
import { writeContextsFile } from "../config/contexts-yaml.js";
import { colourFor, note, Progress, writeDiagnostics } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import { positiveNumber, wholeNumber, readingRepo, scanOptionsFrom, writeOutput, isStdout, requireInput } from "./common.js";
import type { ScanFlags } from "./scan.js";
import { repoBoundary } from "../scan/files/boundary.js";
import { emit, formatOf, toStdout } from "./output.js";

export interface AssessFlags extends ScanFlags {
  resolution?: string;
  contexts?: string;
  writeContexts?: boolean;
  contextsFile?: string;
  truth?: string;
  /** --format html: the language of the page. */
  lang?: "en" | "ko";
}

export async function runAssess(repo: string, flags: AssessFlags): Promise<number> {
  const format = formatOf("assess", flags);
  const resolution = flags.resolution === undefined ? undefined : positiveNumber("--resolution", flags.resolution);
  const targetContexts = flags.contexts === undefined ? undefined : wholeNumber("--contexts", flags.contexts, 1, 1000);
  const progress = new Progress(flags.quiet);
  const a = readingRepo(progress, () => {
    try {
      return assessRepo(repo, { ...scanOptionsFrom(flags, progress), callFacts: format === "html", resolution, targetContexts, contextsFile: flags.contextsFile, truthFile: flags.truth });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "ENOENT" && e.path) throw new UsageError(`${e.path}: no such file`);
      throw err;
    }
  });

  requireInput(repo, a.scan, "assess");
  const json = assessJson(a);
  if (flags.out) writeOutput(flags.out, json); // the old --out: the JSON report beside the text
  if (format === "html") {
    const { htmlOf, emitHtml } = await import("./report.js");
    emitHtml(flags, htmlOf(repo, a, flags));
    writeDiagnostics(a.diagnostics, flags);
  } else if (format === "json") emit(flags, json);
  else {
    emit(flags, assessText(repo, a, colourFor(process.stdout, toStdout(flags) ? flags.color : false)));
    writeDiagnostics(a.diagnostics, flags);
  }
  if (flags.verbose && !flags.quiet) process.stderr.write(`strangler: info: ${stageTimes(a)}\n`);
  if (flags.writeContexts) {
    const broken = a.diagnostics.filter((d) => d.code === "contexts-error" && d.severity === "error");
    if (broken.length) {
      const [first] = broken;
      throw new UsageError(`${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}; not rewritten${broken.length > 1 ? ` (${broken.length} problems, listed above)` : ""}`);
    }
    const allUnits = a.scan.facts.files.map((f) => f.unit);
    const infra = a.clustering.infrastructure.map((i) => i.node.replace(/^module:/, ""));
    let added: number;
    try {
      ({ added } = writeContextsFile(a.contextsFile, a.clustering.contexts, infra, [...new Set(allUnits)].sort(), flags.contextsFile ? path.dirname(path.resolve(flags.contextsFile)) : repoBoundary(path.resolve(repo))));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const rel = path.relative(process.cwd(), a.contextsFile);
    const shown = rel && !rel.startsWith("..") ? rel : a.contextsFile;
    note(flags, `${shown}: ${added ? `${added} units and tables added` : "already up to date"}\n`);
  }
  return EXIT.ok;
}

/** `--verbose`: where the time went, and how much the fact cache gave (src/scan/cache/fact-cache.ts). */
function stageTimes(a: { timings: Record<string, number>; scan: { cache: { hits: number; misses: number } | null } }): string {
  const stages = Object.entries(a.timings).map(([stage, s]) => `${stage} ${s.toFixed(2)} s`).join(", ");
  const c = a.scan.cache;
  const cache = c ? `fact cache: ${c.hits.toLocaleString("en-US")} of ${(c.hits + c.misses).toLocaleString("en-US")} code files read from it` : "fact cache off";
  return `time per stage: ${stages} (${cache})`;
}
