import fs from "node:fs";
import path from "node:path";
import { scanRepo, type ScanOptions, type ScanResult } from "../scan/index.js";
import { buildGraph, type StranglerGraph } from "../graph/build.js";
import { clusterGraph, type Clustering } from "../cluster/index.js";
import { measure, type Measurement } from "../score/metrics.js";
import { compareWithTruth, partitionFromClustering, partitionFromFile, type TruthComparison } from "../score/truth.js";
import { loadWeights } from "../rules/weights.js";
import { loadDomains } from "../rules/domains.js";
import { ruleOverrides, type RuleOverride } from "../rules/load.js";
import { readContextsFile, CONTEXTS_YAML, type ContextsFile } from "../config/contexts-yaml.js";
import { ConfigReadError } from "../config/read-text.js";
import { repoBoundary } from "../scan/files/boundary.js";
import type { Diagnostic } from "../scan/facts.js";
import { measureTraffic, type RuntimeTraffic } from "../score/runtime-traffic.js";
import { structureOf, type Structure } from "../score/structure.js";
import { pushTo } from "../util/push-to.js";

export interface AssessOptions extends ScanOptions {
  resolution?: number;
  targetContexts?: number;
  /** contexts.yaml to keep (and write); default `<repo>/contexts.yaml`. */
  contextsFile?: string;
  /** Expected mapping (contexts.yaml format) to compare against. */
  truthFile?: string;
}

export interface Assessment {
  scan: ScanResult;
  graph: StranglerGraph;
  clustering: Clustering;
  measurement: Measurement;
  /** How much modular structure the graph shows: weak, and the contexts are only a suggestion. */
  structure: Structure;
  /** With --database or --queries: each context's share of the database's calls, and calls per table. */
  traffic: RuntimeTraffic | null;
  truth: TruthComparison | null;
  /** Every shipped rule file the repo overrides (.strangler/rules/*.yaml), with the values it changed. */
  ruleOverrides: RuleOverride[];
  /** Where contexts.yaml is (whether or not it exists yet). */
  contextsFile: string;
  /** Seconds per stage. */
  timings: Record<string, number>;
  diagnostics: Diagnostic[];
}

/** scan → graph → cluster → score: the whole of `strangler assess` but the printing. */
export function assessRepo(repo: string, options: AssessOptions = {}): Assessment {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, f: () => T): T => {
    const t0 = process.hrtime.bigint();
    const r = f();
    timings[stage] = Number(process.hrtime.bigint() - t0) / 1e9;
    return r;
  };
  const scan = time("scan", () => scanRepo(repo, options));
  options.onProgress?.("building graph", 0, 0);
  const graph = time("graph", () => buildGraph(scan.facts));
  const abs = path.resolve(repo);
  const { weights, diagnostics: weightDiagnostics } = loadWeights(abs);
  const { domains, platform, diagnostics: domainDiagnostics } = loadDomains(abs);
  const unitFiles = new Map<string, string[]>();
  for (const f of scan.facts.files) pushTo(unitFiles, f.unit, f.path);

  const contextsFile = options.contextsFile ?? path.join(abs, CONTEXTS_YAML);
  let agreed: ContextsFile | null = null;
  if (fs.existsSync(contextsFile)) {
    const shown = shownPath(abs, contextsFile);
    try {
      // The repo's own contexts.yaml is never read through a symlink leaving the repository; one the user names is theirs.
      agreed = readContextsFile(contextsFile, shown, options.contextsFile ? undefined : repoBoundary(abs));
    } catch (err) {
      if (!(err instanceof ConfigReadError)) throw err;
      // Used as if absent, and never rewritten: --write-contexts refuses a contexts file with an error.
      agreed = { contexts: [], infrastructure: [], rules: {}, diagnostics: [{ file: shown, code: "contexts-error", severity: "error", message: err.message.slice(shown.length + 2) }] };
    }
  }

  options.onProgress?.("clustering", 0, 0);
  const clustering = time("cluster", () =>
    clusterGraph(graph, { weights, domains, resolution: options.resolution, targetContexts: options.targetContexts, agreed: agreed ?? undefined, clientCalls: scan.facts.clientCalls, platform, unitFiles }),
  );
  options.onProgress?.("scoring", 0, 0);
  const measurement = time("score", () => measure(graph, clustering, weights));
  const structure = structureOf(clustering.sweep, measurement.overall.modularity, clustering.contexts.reduce((n, c) => n + c.units.length, 0) + clustering.infrastructure.length);
  const unitOfFile = new Map(scan.facts.files.map((f) => [f.path, f.unit]));
  const traffic = measureTraffic(scan.facts.runtime, clustering, (f) => unitOfFile.get(f));

  let truth: TruthComparison | null = null;
  const truthDiagnostics: Diagnostic[] = [];
  if (options.truthFile) {
    const expected = readContextsFile(options.truthFile, shownPath(abs, options.truthFile));
    truthDiagnostics.push(...expected.diagnostics);
    truth = compareWithTruth(partitionFromClustering(graph, clustering), partitionFromFile(graph, expected));
  }
  return {
    scan,
    graph,
    clustering,
    measurement,
    structure,
    traffic,
    truth,
    ruleOverrides: ruleOverrides(abs),
    contextsFile,
    timings,
    diagnostics: [
      ...scan.facts.diagnostics,
      ...weightDiagnostics,
      ...domainDiagnostics,
      ...(agreed?.diagnostics ?? []),
      ...clustering.diagnostics,
      ...truthDiagnostics,
    ],
  };
}

/** A path as messages show it: relative to the repo when inside it. */
function shownPath(repo: string, file: string): string {
  const rel = path.relative(repo, path.resolve(file));
  return rel.startsWith("..") ? file : rel.split(path.sep).join("/");
}
