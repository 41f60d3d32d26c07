import { scanRepo, RepoNotFoundError } from "../scan/index.js";
import { buildGraph } from "../graph/build.js";
import { summarise } from "../report/scan-summary.js";
import { scanJson } from "../report/scan-json.js";
import { diagnosticsText, scanText } from "../report/scan-text.js";
import { writeFileAtomic } from "../util/write-file.js";
import { colourFor, Progress } from "./terminal.js";
import { EXIT, UsageError } from "./errors.js";
import type { Granularity } from "../scan/code/units.js";
import type { Dialect } from "../scan/sql/dialect.js";

export interface ScanFlags {
  json?: boolean;
  out?: string;
  granularity: Granularity;
  dialect?: Dialect;
  includeTests?: boolean;
  includeGenerated?: boolean;
  exclude?: string[];
  verbose?: boolean;
  color?: boolean;
}

export function runScan(repo: string, flags: ScanFlags): number {
  const progress = new Progress();
  let scan;
  try {
    scan = scanRepo(repo, {
      granularity: flags.granularity,
      dialect: flags.dialect,
      includeTests: flags.includeTests,
      includeGenerated: flags.includeGenerated,
      exclude: flags.exclude,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
    });
  } catch (err) {
    progress.done();
    if (err instanceof RepoNotFoundError) throw new UsageError(err.message);
    throw err;
  }
  progress.update("building graph", 0, 0);
  const graph = buildGraph(scan.facts);
  progress.done();
  const summary = summarise(scan, graph);

  if (flags.out) {
    try {
      writeFileAtomic(flags.out, `${JSON.stringify(graph.export())}\n`);
    } catch (err) {
      throw new UsageError(`${flags.out}: cannot write the graph (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (flags.json) {
    process.stdout.write(scanJson(scan, graph, summary));
  } else {
    process.stdout.write(scanText(repo, summary, colourFor(process.stdout, flags.color === false)));
    process.stderr.write(diagnosticsText(scan.facts.diagnostics, !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  }
  return EXIT.ok;
}
