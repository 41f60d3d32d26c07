import { scanRepo } from "../scan/index.js";
import { buildGraph } from "../graph/build.js";
import { summarise } from "../report/scan-summary.js";
import { scanJson } from "../report/scan-json.js";
import { scanText } from "../report/scan-text.js";
import { runtimeText } from "../report/runtime-text.js";
import { colourFor, Progress, writeDiagnostics } from "./terminal.js";
import { EXIT } from "./errors.js";
import { isStdout, readingRepo, requireInput, scanOptionsFrom, writeOutput } from "./common.js";
import { emit, formatOf, toStdout, type OutputFlags } from "./output.js";
import type { Granularity } from "../scan/code/units.js";
import type { Dialect } from "../scan/sql/dialect.js";
import type { RuntimeInput } from "../scan/database/input.js";

export interface ScanFlags extends OutputFlags {
  /** strangler.yaml to read, `--config`. */
  config?: string;
  /** `--graph` (and its old name `--out`): also write the graph. */
  graph?: string;
  out?: string;
  granularity: Granularity;
  dialect?: Dialect;
  includeTests?: boolean;
  includeGenerated?: boolean;
  exclude?: string[];
  /** `--no-git-history`: false. */
  gitHistory?: boolean;
  verbose?: boolean;
  /** `--quiet`: on stderr only errors (no progress, no warnings). */
  quiet?: boolean;
  /** `--color` (true), `--no-color` (false), neither (undefined: FORCE_COLOR, NO_COLOR, a terminal). */
  color?: boolean;
  /** `--no-cache`: false. */
  cache?: boolean;
  /** `--workers <n>`. */
  workers?: string;
  /** `--database <url>` (a string), `--database` alone (true: strangler.yaml's database.url). */
  database?: string | boolean;
  /** `--database-from-config`: the user's consent to connect where the repo's strangler.yaml says. */
  databaseFromConfig?: boolean;
  /** `--database-timeout <seconds>`: the deadline of the whole reading, and of each statement. */
  databaseTimeout?: string;
  /** `--allow-cleartext-password`. */
  allowCleartextPassword?: boolean;
  /** `--queries <file>`: an export of pg_stat_statements or MySQL's digest table. */
  queries?: string;
  /** What --database or --queries gave, read before the scan (see withRuntime). */
  runtime?: RuntimeInput;
}

export function runScan(repo: string, flags: ScanFlags): number {
  const format = formatOf("scan", flags);
  const progress = new Progress(flags.quiet);
  const scan = readingRepo(progress, () => scanRepo(repo, scanOptionsFrom(flags, progress)));
  requireInput(repo, scan, "scan");
  const graph = buildGraph(scan.facts);
  const summary = summarise(scan, graph);

  const graphFile = flags.graph ?? flags.out;
  if (graphFile) writeOutput(graphFile, `${JSON.stringify(graph.export())}\n`);
  if (graphFile && isStdout(graphFile)) {
    // The graph went to stdout, which then carries nothing else.
    writeDiagnostics(scan.facts.diagnostics, flags);
  } else if (format === "json") {
    emit(flags, scanJson(scan, graph, summary));
  } else {
    const c = colourFor(process.stdout, toStdout(flags) ? flags.color : false);
    emit(flags, scanText(repo, summary, scan.linkage, scan.dialectFrom, c) + (scan.facts.runtime ? runtimeText(scan.facts.runtime, c) : ""));
    writeDiagnostics(scan.facts.diagnostics, flags);
  }
  return EXIT.ok;
}
