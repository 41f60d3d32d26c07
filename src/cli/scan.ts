import { scanRepo } from "../scan/index.js";
import { buildGraph } from "../graph/build.js";
import { summarise } from "../report/scan-summary.js";
import { scanJson } from "../report/scan-json.js";
import { diagnosticsText, scanText } from "../report/scan-text.js";
import { runtimeText } from "../report/runtime-text.js";
import { colourFor, Progress } from "./terminal.js";
import { EXIT } from "./errors.js";
import { readingRepo, scanOptionsFrom, writeOutput, isStdout, requireInput } from "./common.js";
import type { Granularity } from "../scan/code/units.js";
import type { Dialect } from "../scan/sql/dialect.js";
import type { RuntimeInput } from "../scan/database/input.js";

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
  /** `--database <url>` (a string), `--database` alone (true: strangler.yaml's database.url). */
  database?: string | boolean;
  /** `--queries <file>`: an export of pg_stat_statements or MySQL's digest table. */
  queries?: string;
  /** What --database or --queries gave, read before the scan (see withRuntime). */
  runtime?: RuntimeInput;
}

export function runScan(repo: string, flags: ScanFlags): number {
  const progress = new Progress();
  const scan = readingRepo(progress, () => scanRepo(repo, scanOptionsFrom(flags, progress)));
  requireInput(repo, scan, "scan");
  const graph = buildGraph(scan.facts);
  const summary = summarise(scan, graph);

  if (flags.out) writeOutput(flags.out, `${JSON.stringify(graph.export())}\n`);
  if (isStdout(flags.out)) {
    process.stderr.write(diagnosticsText(scan.facts.diagnostics, !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  } else if (flags.json) {
    process.stdout.write(scanJson(scan, graph, summary));
  } else {
    process.stdout.write(scanText(repo, summary, scan.linkage, scan.dialectFrom, colourFor(process.stdout, flags.color === false)));
    if (scan.facts.runtime) process.stdout.write(runtimeText(scan.facts.runtime, colourFor(process.stdout, flags.color === false)));
    process.stderr.write(diagnosticsText(scan.facts.diagnostics, !!flags.verbose, colourFor(process.stderr, flags.color === false)));
  }
  return EXIT.ok;
}
