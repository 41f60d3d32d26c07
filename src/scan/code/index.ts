import fs from "node:fs";
import path from "node:path";
import type { PathCall } from "./http-paths.js";
import type { CodeFile, Diagnostic, ImportFact, SqlSite } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import { readSource } from "../files/read.js";
import { bundleShape, hasGeneratedHeader } from "../files/classify.js";
import { ddlSite, type ExportTable, type FileFacts } from "./file-facts.js";
import { cacheParts, parseFile, reviveOutcome, type ParseOutcome } from "./parse-file.js";
import { parseAll, type ParseTask } from "./parse-pool.js";
import type { CallFacts } from "./call-facts.js";
import type { FactCache } from "../cache/fact-cache.js";
import { isCallFacts, isOutcomeOf } from "../cache/outcome-shape.js";
import { loadPathConfig, type PathConfig } from "./tsconfig.js";
import { ImportResolver } from "./resolve.js";
import { BarrelFollower } from "./barrels.js";
import type { Granularity } from "./units.js";
import { byKeys, compareStrings } from "../../util/sort.js";
import { dirnamePosix } from "../../util/paths.js";
import type { OrmRecord, Source } from "../sources/source.js";
import { linkRecords } from "../link/index.js";
import { packageName } from "../link/linker.js";
import type { DialectHint } from "../sources/dialect-hints.js";
import { ancestorFile } from "../files/ancestor-manifests.js";
import { findWorkspaces, probe, resolveWorkspaceImport } from "../files/workspaces.js";
import { relativePosix } from "../../util/paths.js";

export interface CodeScanInput {
  root: string;
  files: RepoFile[];
  knownCodeFiles: Set<string>;
  tsconfigs: string[];
  granularity: Granularity;
  /** File → unit, formed from the whole file list (src/scan/code/units.ts). */
  unitOf: Map<string, string>;
  /** Read only these code files (the rest still resolve as import targets): `check --changed-since`. */
  onlyFiles?: Set<string>;
  /** ORM and query-builder sources to run over each file. */
  sources?: Source[];
  /** Names of the repo's own packages (package.json `name`s): imports of them may name the repo's entities. */
  ownPackages?: Set<string>;
  onProgress?: (done: number, total: number) => void;
  /** Read files headed as generated, and bundles (`--include-generated`). */
  includeGenerated?: boolean;
  /** `check`: a file's header or bytes never leave it out (headed @generated, NUL bytes); see ScanOptions. */
  judgeEveryFile?: boolean;
  /** The per-file fact cache (none: every file is parsed). */
  cache?: FactCache | null;
  /** Keep each file's call facts in the result (the roadmap's view of the code). */
  keepCalls?: boolean;
  /** Threads that parse (1: this one only), and whether the count was asked for (see workerCount). */
  threads?: { threads: number; asked: boolean };
}

export interface CodeScanResult {
  files: CodeFile[];
  imports: ImportFact[];
  externalImports: number;
  sqlSites: SqlSite[];
  orm: OrmRecord[];
  /** Query calls per source whose table could not be known (see src/scan/link). */
  unlinked: Record<string, number>;
  /** Tables created through each source's migration API. */
  created: Record<string, number>;
  correlationIdFiles: string[];
  /** URL paths written in calls, per file (a client's requests or a backend's routes). */
  paths: Array<PathCall & { file: string }>;
  /** Database configuration seen in the code, in file order. */
  dialectHints: DialectHint[];
  /** File → the packages it imports (`react`, `@nestjs/common` …), sorted. */
  packagesOf: Record<string, string[]>;
  generatedSkipped: number;
  /** File → its functions, calls and bindings, read from the same tree (the roadmap's view of the code); null unless keepCalls. */
  callFacts: Map<string, CallFacts> | null;
  diagnostics: Diagnostic[];
}

/** Code files larger than this are not parsed (see scanCode). */
const MAX_CODE_BYTES = 10 * 1024 * 1024;

function sizeOf(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}

/** TypeScript's parser without the type checker: one file parsed at a time, its facts kept, its tree dropped. */
export function scanCode(input: CodeScanInput): CodeScanResult {
  const diagnostics: Diagnostic[] = [];

  const perFile: FileFacts[] = [];
  let generatedSkipped = 0;
  const included = input.files.filter((f) => f.kind === "code");
  const codeFiles = input.onlyFiles ? included.filter((f) => input.onlyFiles!.has(f.path)) : included;
  // Reading only some files, entity and table declarations elsewhere are still needed to name what the
  // read files use: files whose text shows one are parsed for those declarations alone.
  const hints = (input.sources ?? []).flatMap((s) => (s.declares ? [s.declares] : []));
  const declarationFiles = input.onlyFiles && hints.length ? included.filter((f) => !input.onlyFiles!.has(f.path)) : [];
  // An entry's first part is the file's facts; the second, its calls (written by a roadmap), is read only for one.
  const fromCache = (key: string, file: string, withCalls = input.keepCalls === true): ParseOutcome | undefined => {
    const parts = input.cache!.get(key, file, [isOutcomeOf(file), isCallFacts], withCalls ? 2 : 1);
    if (!parts) return undefined;
    const outcome = parts[0] as ParseOutcome;
    if (!("facts" in outcome)) return outcome;
    if (withCalls && parts.length < 2) return undefined;
    return reviveOutcome(withCalls ? { facts: outcome.facts, calls: parts[1] as CallFacts | null } : { facts: outcome.facts });
  };
  const toCache = (key: string, o: ParseOutcome) => input.cache!.set(key, cacheParts(o));
  // The calls are read only for a roadmap (about 15% of the work on a file): an assess or a check, cold in CI,
  // pays nothing for them; a roadmap that finds an entry without them reads that file again, once.
  const withCalls = input.keepCalls === true;
  const kept = (o: ParseOutcome): ParseOutcome => ("facts" in o && !input.keepCalls ? { facts: o.facts } : o);
  // Read every file; what the cache holds for its text is taken, the rest is parsed (on every core).
  const slots: Array<ParseOutcome | null> = [];
  const toParse: Array<{ slot: number; key: string | null; task: ParseTask }> = [];
  codeFiles.forEach((file, i) => {
    input.onProgress?.(i, codeFiles.length * 2);
    const size = sizeOf(file.abs);
    if (size > MAX_CODE_BYTES) {
      // ts-morph holds about 70 bytes of tree per byte of code: past this, one file could exhaust the heap.
      diagnostics.push({ file: file.path, line: 1, code: "too-large", severity: "warning", message: `${(size / 1024 / 1024).toFixed(1)} MiB of code: past the ${MAX_CODE_BYTES / 1024 / 1024} MiB a code file is parsed up to; not read (data written as code?)` });
      return;
    }
    const read = readSource(file.abs, file.path, { binaryAsText: input.judgeEveryFile });
    if (read.diagnostic) diagnostics.push(read.diagnostic);
    if (!read.ok) return;
    if (!input.includeGenerated && !input.judgeEveryFile && hasGeneratedHeader(read.text)) {
      generatedSkipped++;
      return;
    }
    const bundle = input.includeGenerated ? null : bundleShape(read.text);
    if (bundle) {
      generatedSkipped++;
      const mb = (bundle.chars / 1024 / 1024).toFixed(1);
      diagnostics.push({ file: file.path, line: 1, code: "bundled-code", severity: "info", message: `${mb} MiB on ${bundle.lines} line${bundle.lines === 1 ? "" : "s"}: minified or bundled code, left out like generated code (--include-generated reads it)` });
      return;
    }
    const task = { virtualPath: `/${file.path}`, text: read.text, shown: file.path };
    const key = input.cache ? input.cache.key(task.virtualPath, task.text) : null;
    const cached = key ? fromCache(key, file.path) : undefined;
    slots.push(cached ?? null);
    if (!cached) toParse.push({ slot: slots.length - 1, key, task });
  });
  const parsed = parseAll(toParse.map((p) => p.task), input.sources ?? [], withCalls, input.threads ?? { threads: 1, asked: true }, (done) => input.onProgress?.(codeFiles.length + Math.round((done * codeFiles.length) / Math.max(1, toParse.length)), codeFiles.length * 2));
  toParse.forEach((p, k) => {
    const { outcome, parts } = parsed[k];
    if (p.key) {
      if (parts) input.cache!.setParts(p.key, parts);
      else toCache(p.key, outcome);
    }
    slots[p.slot] = kept(outcome);
  });
  const callFacts = new Map<string, CallFacts>();
  for (const outcome of slots) {
    if (!outcome) continue;
    if ("diagnostic" in outcome) diagnostics.push(outcome.diagnostic);
    else {
      perFile.push(outcome.facts);
      if (outcome.calls) callFacts.set(outcome.facts.path, outcome.calls);
    }
  }
  input.onProgress?.(codeFiles.length * 2, codeFiles.length * 2);
  const declarations: OrmRecord[] = [];
  // Files not read as code but needed to follow names into them (reading only some files): parsed when asked.
  const other = new Map<string, FileFacts | null>();
  const parseOther = (rel: string): FileFacts | null => {
    if (other.has(rel)) return other.get(rel)!;
    const file = byPath.get(rel);
    const read = file ? readSource(file.abs, file.path) : outsideRoot(rel) ? readSource(path.resolve(input.root, rel), rel) : null;
    let facts: FileFacts | null = null;
    if (read?.ok) {
      const virtualPath = `/${rel.replace(/\.\.\//g, "__/")}`;
      const key = input.cache ? input.cache.key(virtualPath, read.text) : null;
      let parsed = key ? fromCache(key, rel, false) : undefined;
      if (!parsed) {
        parsed = parseFile(virtualPath, read.text, rel, input.sources ?? [], withCalls);
        if (key) toCache(key, parsed);
      }
      facts = "facts" in parsed ? parsed.facts : null;
    }
    other.set(rel, facts);
    return facts;
  };
  const byPath = new Map(included.map((f) => [f.path, f]));
  for (const file of declarationFiles) {
    const read = readSource(file.abs, file.path);
    if (!read.ok || !hints.some((h) => h.test(read.text))) continue;
    const facts = parseOther(file.path);
    if (facts) declarations.push(...facts.orm.filter((r) => r.kind !== "use"));
  }

  const scanned = new Map(perFile.map((f) => [f.path, f]));
  const factsOf = (f: string) => scanned.get(f) ?? ((input.onlyFiles && byPath.has(f)) || outsideRoot(f) ? (parseOther(f) ?? undefined) : undefined);
  // Import targets: the files read, or (reading only some) every file the scan would have read.
  const importable = input.onlyFiles ? new Set(included.map((f) => f.path)) : new Set(scanned.keys());
  const workspaces = findWorkspaces(input.root);
  const toRel = (abs: string) => relativePosix(input.root, abs);
  const workspaceMemo = new Map<string, string | null>();
  const workspaceFile = (spec: string): string | null => {
    if (!workspaces) return null;
    if (!workspaceMemo.has(spec)) {
      const abs = resolveWorkspaceImport(workspaces, spec);
      workspaceMemo.set(spec, abs ? toRel(abs) : null);
    }
    return workspaceMemo.get(spec)!;
  };
  const resolver = new ImportResolver(input.knownCodeFiles, configLocator(input.root, input.tsconfigs, diagnostics), input.root, workspaceFile);
  // Files of the repo's own packages outside the folder scanned (`../database/src/tables.ts`) are read
  // for their declarations only (constants, entities), never as code units.
  const outsideRoot = (rel: string) => rel.startsWith("../") && !!workspaces && !relativePosix(workspaces.root, path.resolve(input.root, rel)).startsWith("..");
  const resolveMemo = new Map<string, string | null>();
  const resolveFile = (from: string, spec: string): string | null => {
    const k = `${path.posix.dirname(from)}\u0000${spec}`;
    if (!resolveMemo.has(k)) resolveMemo.set(k, resolveUncached(from, spec));
    return resolveMemo.get(k)!;
  };
  const resolveUncached = (from: string, spec: string): string | null => {
    if (from.startsWith("../")) {
      if (spec.startsWith(".")) {
        const abs = probe(path.resolve(input.root, path.posix.dirname(from), spec));
        return abs ? toRel(abs) : null;
      }
      return workspaceFile(spec);
    }
    const r = resolver.resolve(from, spec);
    if (r.kind === "file") return r.file;
    if (r.kind !== "external") return null;
    const own = workspaceFile(spec);
    return own && outsideRoot(own) ? own : null;
  };
  const barrels = new BarrelFollower((f) => factsOf(f)?.exports as ExportTable | undefined, resolveFile);

  const imports: ImportFact[] = [];
  let externalImports = 0;
  const packagesOf = new Map<string, Set<string>>();
  for (const facts of perFile) {
    diagnostics.push(...facts.diagnostics);
    for (const rec of facts.imports) {
      const r = resolver.resolve(facts.path, rec.specifier);
      if (r.kind === "external") {
        externalImports++;
        if (!rec.specifier.startsWith(".") && !rec.specifier.startsWith("/")) {
          const set = packagesOf.get(facts.path) ?? new Set<string>();
          set.add(packageName(rec.specifier.replace(/^node:/, "node:")));
          packagesOf.set(facts.path, set);
        }
        continue;
      }
      if (r.kind === "asset") continue;
      if (r.kind === "unresolved") {
        diagnostics.push({ file: facts.path, line: rec.line, code: "unresolved-import", severity: "warning", message: r.reason });
        continue;
      }
      if (!importable.has(r.file)) continue; // a test, declaration or generated file: known, not a code unit
      const targets = new Map<string, string[]>();
      if (!rec.names || rec.names.length === 0) targets.set(r.file, []);
      else {
        for (const name of rec.names) {
          const def = barrels.definitionOf(r.file, name);
          if (!targets.has(def.file)) targets.set(def.file, def.via);
        }
      }
      for (const [to, via] of targets) {
        const fact: ImportFact = { from: facts.path, to, line: rec.line, column: rec.column, specifier: rec.specifier, typeOnly: rec.typeOnly };
        if (via.length) fact.via = via;
        imports.push(fact);
      }
    }
  }

  const linked = linkRecords({
    records: [...perFile.flatMap((f) => f.orm), ...declarations],
    symbolsOf: (f) => factsOf(f)?.symbols,
    files: [...scanned.keys(), ...[...other.keys()].filter((f) => other.get(f))],
    resolve: resolveFile,
    definitionOf: (f, name) => barrels.definitionOf(f, name),
    ownPackages: input.ownPackages ?? new Set(),
    lateRecords: (f) => (outsideRoot(f) ? (parseOther(f)?.orm ?? []) : []),
    modelServices: (input.sources ?? []).some((src) => src.id === "medusa"),
  });
  diagnostics.push(...linked.diagnostics);

  const files: CodeFile[] = perFile.map((f) => ({ path: f.path, unit: input.unitOf.get(f.path) ?? dirnamePosix(f.path), loc: f.loc }));
  return {
    files,
    imports: imports.sort(byKeys((i) => i.from, (i) => i.line, (i) => i.to)),
    externalImports,
    // Migration API calls whose names came from constants join the SQL once linked.
    sqlSites: [...perFile.flatMap((f) => f.sqlSites), ...linked.records.flatMap((r) => (r.kind === "ddl" && typeof r.sql === "string" ? [ddlSite(r, r.sql)] : []))],
    orm: linked.records.filter((r) => r.kind !== "ddl"),
    unlinked: linked.unlinked,
    created: linked.created,
    correlationIdFiles: perFile.filter((f) => f.correlationId).map((f) => f.path),
    paths: perFile.flatMap((f) => f.paths.map((x) => ({ ...x, file: f.path }))),
    dialectHints: perFile.flatMap((f) => f.dialectHints),
    packagesOf: Object.fromEntries([...packagesOf].sort((a, b) => compareStrings(a[0], b[0])).map(([f, set]) => [f, [...set].sort(compareStrings)])),
    generatedSkipped,
    callFacts: input.keepCalls ? callFacts : null,
    diagnostics,
  };
}

/** The nearest `tsconfig.json` above a file decides its paths and baseUrl. */
function configLocator(root: string, tsconfigs: string[], diagnostics: Diagnostic[]): (file: string) => PathConfig | null {
  const byDir = new Map<string, string>();
  for (const rel of tsconfigs) if (path.posix.basename(rel) === "tsconfig.json") byDir.set(dirnamePosix(rel), rel);
  const loaded = new Map<string, PathConfig>();
  const forDir = new Map<string, PathConfig | null>();
  const lookup = (dir: string): PathConfig | null => {
    if (forDir.has(dir)) return forDir.get(dir)!;
    const rel = byDir.get(dir);
    let result: PathConfig | null;
    if (rel) {
      if (!loaded.has(rel)) loaded.set(rel, loadPathConfig(root, rel, diagnostics));
      result = loaded.get(rel)!;
    } else if (dir === ".") {
      // No tsconfig in the folder scanned: the nearest one above it applies, as it does for tsc.
      const above = ancestorFile(root, "tsconfig.json");
      result = above ? loadPathConfig(root, above, diagnostics) : null;
    } else {
      result = lookup(dirnamePosix(dir));
    }
    forDir.set(dir, result);
    return result;
  };
  return (file) => lookup(dirnamePosix(file));
}
