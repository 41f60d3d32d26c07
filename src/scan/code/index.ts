import path from "node:path";
import { Project } from "ts-morph";
import type { CodeFile, Diagnostic, ImportFact, SqlSite } from "../facts.js";
import type { RepoFile } from "../files/walk.js";
import { readSource } from "../files/read.js";
import { hasGeneratedHeader } from "../files/classify.js";
import { extractFileFacts, type ExportTable, type FileFacts } from "./file-facts.js";
import { loadPathConfig, type PathConfig } from "./tsconfig.js";
import { ImportResolver } from "./resolve.js";
import { BarrelFollower } from "./barrels.js";
import { unitOf, type Granularity } from "./units.js";
import { byKeys } from "../../util/sort.js";
import { dirnamePosix } from "../../util/paths.js";
import type { OrmRecord, Source } from "../sources/source.js";

export interface CodeScanInput {
  root: string;
  files: RepoFile[];
  knownCodeFiles: Set<string>;
  tsconfigs: string[];
  granularity: Granularity;
  /** Read only these code files (the rest still resolve as import targets): `check --changed-since`. */
  onlyFiles?: Set<string>;
  /** ORM and query-builder sources to run over each file. */
  sources?: Source[];
  onProgress?: (done: number, total: number) => void;
}

export interface CodeScanResult {
  files: CodeFile[];
  imports: ImportFact[];
  externalImports: number;
  sqlSites: SqlSite[];
  orm: OrmRecord[];
  correlationIdFiles: string[];
  generatedSkipped: number;
  diagnostics: Diagnostic[];
}

/** ts-morph without the type checker: one file parsed at a time, its facts kept, its tree dropped. */
export function scanCode(input: CodeScanInput): CodeScanResult {
  const diagnostics: Diagnostic[] = [];
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true },
  });

  const perFile: FileFacts[] = [];
  let generatedSkipped = 0;
  const included = input.files.filter((f) => f.kind === "code");
  const codeFiles = input.onlyFiles ? included.filter((f) => input.onlyFiles!.has(f.path)) : included;
  // Reading only some files, entity and table declarations elsewhere are still needed to name what the
  // read files use: files whose text shows one are parsed for those declarations alone.
  const hints = (input.sources ?? []).flatMap((s) => (s.declares ? [s.declares] : []));
  const declarationFiles = input.onlyFiles && hints.length ? included.filter((f) => !input.onlyFiles!.has(f.path)) : [];
  codeFiles.forEach((file, i) => {
    input.onProgress?.(i, codeFiles.length);
    const read = readSource(file.abs, file.path);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      return;
    }
    if (hasGeneratedHeader(read.text)) {
      generatedSkipped++;
      return;
    }
    const sf = project.createSourceFile(`/${file.path}`, read.text, { overwrite: true });
    perFile.push(extractFileFacts(sf, file.path, input.sources));
    project.removeSourceFile(sf);
  });
  input.onProgress?.(codeFiles.length, codeFiles.length);
  const declarations: OrmRecord[] = [];
  for (const file of declarationFiles) {
    const read = readSource(file.abs, file.path);
    if (!read.ok || !hints.some((h) => h.test(read.text))) continue;
    const sf = project.createSourceFile(`/${file.path}`, read.text, { overwrite: true });
    declarations.push(...extractFileFacts(sf, file.path, input.sources).orm.filter((r) => r.kind !== "use"));
    project.removeSourceFile(sf);
  }

  const scanned = new Map(perFile.map((f) => [f.path, f]));
  // Import targets: the files read, or (reading only some) every file the scan would have read.
  const importable = input.onlyFiles ? new Set(included.map((f) => f.path)) : new Set(scanned.keys());
  const resolver = new ImportResolver(input.knownCodeFiles, configLocator(input.root, input.tsconfigs, diagnostics));
  const resolveFile = (from: string, spec: string) => {
    const r = resolver.resolve(from, spec);
    return r.kind === "file" ? r.file : null;
  };
  const barrels = new BarrelFollower((f) => scanned.get(f)?.exports as ExportTable | undefined, resolveFile);

  const imports: ImportFact[] = [];
  let externalImports = 0;
  for (const facts of perFile) {
    diagnostics.push(...facts.diagnostics);
    for (const rec of facts.imports) {
      const r = resolver.resolve(facts.path, rec.specifier);
      if (r.kind === "external") {
        externalImports++;
        continue;
      }
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
        const fact: ImportFact = { from: facts.path, to, line: rec.line, specifier: rec.specifier, typeOnly: rec.typeOnly };
        if (via.length) fact.via = via;
        imports.push(fact);
      }
    }
  }

  const files: CodeFile[] = perFile.map((f) => ({ path: f.path, unit: unitOf(f.path, input.granularity), loc: f.loc }));
  return {
    files,
    imports: imports.sort(byKeys((i) => i.from, (i) => i.line, (i) => i.to)),
    externalImports,
    sqlSites: perFile.flatMap((f) => f.sqlSites),
    orm: [...perFile.flatMap((f) => f.orm), ...declarations],
    correlationIdFiles: perFile.filter((f) => f.correlationId).map((f) => f.path),
    generatedSkipped,
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
    } else {
      result = dir === "." ? null : lookup(dirnamePosix(dir));
    }
    forDir.set(dir, result);
    return result;
  };
  return (file) => lookup(dirnamePosix(file));
}
