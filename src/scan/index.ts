import fs from "node:fs";
import { readColumns } from "./columns.js";
import path from "node:path";
import type { Diagnostic, Facts } from "./facts.js";
import { measureLinkage, type Linkage } from "./linkage.js";
import { linkageWarningText } from "../report/linkage-text.js";
import { walkRepo } from "./files/walk.js";
import { scanCode } from "./code/index.js";
import { scanSql } from "./sql/index.js";
import type { Granularity } from "./code/units.js";
import type { Dialect } from "./sql/dialect.js";
import { byKeys, compareStrings } from "../util/sort.js";
import { loadStranglerConfig } from "../config/strangler-yaml.js";
import { SOURCES, enabledSources } from "./sources/index.js";
import { resolveOrm } from "./sources/resolve.js";
import type { OrmRecord } from "./sources/source.js";
import { prismaSchema, readSchemaFiles } from "./sources/schema-files.js";
import { workspacePrismaSchemas } from "./sources/prisma-workspace.js";
import { mergeSchema } from "./sources/merge.js";
import { readHistory } from "./git/history.js";
import { formUnits } from "./code/units.js";
import { assignRoles, readManifests } from "./roles.js";
import { matchClientCalls } from "./client-calls.js";
import { dirnamePosix } from "../util/paths.js";
import { ancestorManifests } from "./files/ancestor-manifests.js";
import { configuredDialect, driverDialect, driverDialects, prismaProvider, type DialectHint } from "./sources/dialect-hints.js";
import { COMPOSE_FILE, composeHints } from "./sources/deployment-dialect.js";
import { readSource } from "./files/read.js";
import type { RuntimeInput } from "./database/input.js";
import { readRuntime } from "./database/runtime-facts.js";
import { CACHE_FOLDER, FactCache, committedCache } from "./cache/fact-cache.js";
import { factSalt } from "./cache/salt.js";
import { workerCount } from "./code/parse-pool.js";
import type { CallFacts } from "./code/call-facts.js";

export interface ScanOptions {
  granularity?: Granularity;
  includeTests?: boolean;
  includeGenerated?: boolean;
  exclude?: string[];
  dialect?: Dialect;
  /** strangler.yaml to read (`--config`); default `<root>/strangler.yaml`. */
  configFile?: string;
  /** Read only these code files (repo-relative); SQL files are always all read. */
  onlyCodeFiles?: Set<string>;
  /** Read git history for churn and co-change (default true). */
  gitHistory?: boolean;
  /** What the live database or an export of its statistics gave (`--database`, `--queries`), read beforehand. */
  runtime?: RuntimeInput;
  /**
   * `check`: what a file says of itself never leaves it out (a `@generated` / DO NOT EDIT header, NUL bytes);
   * only its name or folder does (tests, *.generated.ts, dist/), and those are counted.
   */
  judgeEveryFile?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Keep each code file's functions and calls (read from the same tree either way) for a roadmap. */
  callFacts?: boolean;
  /** Keep and use the per-file fact cache in `<root>/.strangler/cache/` (the CLI's default; `--no-cache`). */
  cache?: boolean;
  /** Threads that parse code (`--workers`; default: STRANGLER_WORKERS, else half the cores, 1 to 4; 1: this thread). */
  workers?: number;
  /** A line for stderr that is no fact of the repo (the cache: an entry not trusted; `quiet`: not written, a read-only checkout). */
  onNote?: (message: string, quiet?: boolean) => void;
}

export interface ScanResult {
  facts: Facts;
  dialect: Dialect;
  /** What decided the dialect: the flag, strangler.yaml, the project's configuration, its driver packages, or the SQL. */
  dialectFrom: string;
  granularity: Granularity;
  /** ORM and query-builder sources found in the repo (ids). */
  sources: string[];
  /** Every package any package.json of the repo depends on, sorted. */
  dependencies: string[];
  /** Files whose text mentions a correlation or request id (x-request-id, traceparent, correlationId …). */
  correlationIdFiles: string[];
  /** How much data access the scan saw, and what a plan built on it must say at its top. */
  linkage: Linkage;
  /** Each code file read → its functions, calls and bindings, from the scan's own tree (with `callFacts`: for the roadmap). */
  callFacts: Map<string, CallFacts> | null;
  /** Files whose facts came from the cache, and files parsed. */
  cache: { hits: number; misses: number } | null;
  stats: {
    statements: number;
    fallbackStatements: number;
    externalImports: number;
    excluded: { tests: number; generated: number; ignored: number };
  };
}

export class RepoNotFoundError extends Error {}

/**
 * --dialect, then strangler.yaml, then the live database read (--database), then the ORM configuration in
 * the code, then the driver packages, then the kind of statistics export (--queries).
 */
/**
 * The database of production: the flag, strangler.yaml, the live database; then the configuration for
 * production (a knexfile's `production`, a `NODE_ENV === "production"` branch), the deployment files' database
 * (a compose service's image), a configuration that names no environment, and the driver packages when they
 * name one database. A repo that supports several (its drivers name several, and nothing above decides: only
 * development or test configuration, or deployment files naming several) is `several`: the SQL votes. A
 * development configuration decides only when no driver package says otherwise.
 */
function chooseDialect(flag: Dialect | undefined, yaml: Dialect | undefined, hints: DialectHint[], dependencies: string[], runtime: RuntimeInput | undefined): { dialect?: Dialect; from: string } | null {
  if (flag) return { dialect: flag, from: "--dialect" };
  if (yaml) return { dialect: yaml, from: "strangler.yaml" };
  if (runtime?.kind === "database") return { dialect: runtime.dialect, from: `the database ${runtime.origin}` };
  const said = (list: DialectHint[]) => {
    const d = configuredDialect(list)!;
    const first = list.find((h) => h.dialect === d)!;
    return { dialect: d, from: `${first.file}:${first.line} ${first.said}` };
  };
  const production = hints.filter((h) => h.env === "production");
  if (production.length) return said(production);
  const deployment = hints.filter((h) => h.env === "deployment");
  const deployed = new Set(deployment.map((h) => h.dialect));
  if (deployed.size === 1) return said(deployment);
  const plain = hints.filter((h) => !h.env && !h.alternative);
  if (plain.length) return said(plain);
  // A configuration per database (`switch (config.type) { case "postgres": … }`): one is chosen at run time.
  const alternatives = hints.filter((h) => !h.env && h.alternative);
  const supported = new Set(alternatives.map((h) => h.dialect));
  if (supported.size === 1) return said(alternatives);
  const several = (names: Iterable<string>) => ({ from: `several (${[...new Set(names)].sort(compareStrings).join(", ")}): the SQL read` });
  if (supported.size > 1) return several(supported);
  const driver = driverDialect(dependencies);
  if (driver) return { dialect: driver.dialect, from: `driver package ${driver.packages.join(", ")}` };
  const drivers = driverDialects(dependencies);
  if (drivers.size > 1 || deployed.size > 1) return several([...drivers, ...deployed]);
  const development = hints.filter((h) => h.env === "development");
  if (development.length) return said(development);
  return runtime ? { dialect: runtime.dialect, from: `the statistics export ${runtime.origin}` } : null;
}

/** Scans a repository on disk into facts. Throws RepoNotFoundError when `root` is not a readable folder. */
export function scanRepo(root: string, options: ScanOptions = {}): ScanResult {
  const abs = path.resolve(root);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new RepoNotFoundError(`${root}: no such folder`);
  }
  if (!stat.isDirectory()) throw new RepoNotFoundError(`${root}: not a folder`);
  try {
    fs.readdirSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RepoNotFoundError(`${root}: cannot read the folder (${code === "EACCES" || code === "EPERM" ? "permission denied" : code})`);
  }

  const granularity = options.granularity ?? "auto";
  options.onProgress?.("listing files", 0, 0);
  const otherFiles = [/^package\.json$/, /^project\.json$/, COMPOSE_FILE, ...SOURCES.flatMap((src) => (src.schemaFile ? [src.schemaFile] : []))];
  // strangler.yaml's `exclude:` patterns come before the command line's --exclude.
  const stranglerYaml = loadStranglerConfig(abs, options.configFile);
  const exclude = [...stranglerYaml.config.exclude, ...(options.exclude ?? [])];
  const walk = walkRepo(abs, { ...options, exclude, otherFiles });
  const sourceDiagnostics: Diagnostic[] = [];
  // A folder of code with no package.json of its own (`strangler scan src/`) takes those above it; SQL alone
  // says its own dialect and needs none.
  const hasCode = walk.files.some((f) => f.kind === "code");
  const manifests = [...walk.others.filter((o) => o.path === "package.json" || o.path.endsWith("/package.json")), ...(hasCode ? ancestorManifests(abs) : [])];
  const { sources, dependencies, packageNames } = enabledSources(manifests, walk.others.map((o) => o.path), sourceDiagnostics);
  // Nx projects (`project.json`, often with no package.json of their own) are packages too, for units and roles.
  const manifestDirs = new Set(manifests.map((m) => dirnamePosix(m.path)));
  const projects = walk.others.filter((o) => (o.path === "project.json" || o.path.endsWith("/project.json")) && !manifestDirs.has(dirnamePosix(o.path)));
  const packageFiles = [...manifests, ...projects];
  // Units fit the layout (src/scan/code/units.ts), from every code file the scan could read.
  const packageRoots = [".", ...packageFiles.filter((m) => !m.path.startsWith("../")).map((m) => dirnamePosix(m.path))];
  const units = formUnits(walk.files.filter((f) => f.kind === "code").map((f) => f.path), granularity, packageRoots);
  const committed = options.cache === true && committedCache(abs);
  if (committed) options.onNote?.(`${CACHE_FOLDER}: git tracks files in it (a cache that came with the code): neither read nor written; every file read`);
  const cache = options.cache && !committed ? new FactCache(abs, { salt: factSalt(sources.map((src) => src.id)), note: options.onNote }) : null;
  const code = scanCode({
    root: abs,
    files: walk.files,
    knownCodeFiles: walk.knownCodeFiles,
    tsconfigs: walk.tsconfigs,
    granularity,
    unitOf: units.unitOf,
    onlyFiles: options.onlyCodeFiles,
    sources,
    ownPackages: new Set(packageNames),
    onProgress: (done, total) => options.onProgress?.("reading code", done, total),
    includeGenerated: options.includeGenerated,
    judgeEveryFile: options.judgeEveryFile,
    cache,
    threads: workerCount(options.workers),
    keepCalls: options.callFacts === true,
  });
  cache?.save({ keepOthers: options.onlyCodeFiles !== undefined });
  options.onProgress?.("reading SQL", 0, 0);
  // Prisma's datasource provider, from the schema the project points to (not samples elsewhere).
  const schemaInput = { root: abs, others: walk.others, codeFiles: walk.knownCodeFiles, outside: sources.some((src) => src.id === "prisma") ? workspacePrismaSchemas(abs) : [] };
  const prisma = prismaSchema(schemaInput, []);
  const prismaHints = prisma.files.flatMap((p) => {
    const text = prisma.read(p);
    const hint = text === null ? null : prismaProvider(text, p);
    return hint ? [hint] : [];
  });
  const composeHintsFound = walk.others.filter((o) => COMPOSE_FILE.test(o.path.slice(o.path.lastIndexOf("/") + 1))).flatMap((o) => {
    const read = readSource(o.abs, o.path);
    return read.ok ? composeHints(read.text, o.path) : [];
  });
  const chosen = chooseDialect(options.dialect, stranglerYaml.config.dialect, [...prismaHints, ...code.dialectHints, ...composeHintsFound], dependencies, options.runtime);
  const sqlOnly = scanSql(walk.files, code.sqlSites, chosen?.dialect, { judgeEveryFile: options.judgeEveryFile });

  // ORM schema files (schema.prisma …), then every ORM record resolved to tables and merged in.
  const records: OrmRecord[] = [...code.orm];
  for (const src of sources) readSchemaFiles(src, schemaInput, (r) => records.push(r), sourceDiagnostics);
  const orm = resolveOrm(records, sqlOnly.dialect, code.unlinked, code.created);
  const sql = mergeSchema(sqlOnly, orm);
  sourceDiagnostics.push(...orm.diagnostics);

  options.onProgress?.("reading git history", 0, 0);
  const codeFileSet = new Set(code.files.map((f) => f.path));
  const history = options.gitHistory === false ? null : readHistory(abs, (f) => (codeFileSet.has(f) ? (units.unitOf.get(f) ?? null) : null), sourceDiagnostics);

  // The live database or its statistics: statements read by the same SQL reader, tied to the code's sites.
  const runtimeDiagnostics: Diagnostic[] = [];
  let runtime: ScanResult["facts"]["runtime"];
  if (options.runtime) {
    const family = (d: string) => (d === "mariadb" ? "mysql" : d);
    if (family(options.runtime.dialect) !== family(sql.dialect)) {
      runtimeDiagnostics.push({ file: options.runtime.origin, code: "runtime-dialect", severity: "warning", message: `the statistics are ${options.runtime.dialect}'s, the scan read ${sql.dialect} (${chosen?.from ?? "from the SQL"}): table names may not match` });
    }
    const read = readRuntime(options.runtime, { dialect: sql.dialect, sites: code.sqlSites, codeFiles: new Set(code.files.map((f) => f.path)), tables: sql.tables, views: sql.views, accesses: sql.accesses, joins: sql.joins });
    runtime = read.runtime;
    runtimeDiagnostics.push(...read.diagnostics);
  }

  const usedUnits = new Set(code.files.map((f) => f.unit));
  const roled = assignRoles(units.units.filter((u) => usedUnits.has(u.path)), code.files, code.packagesOf, sql.accesses, readManifests(packageFiles));
  // Linkage is measured on the backend: a front end or a script reaching no table is no sign of thin access.
  const backend = new Set(roled.filter((u) => u.role === "backend").map((u) => u.path));
  const linkage = measureLinkage({ files: code.files.filter((f) => backend.has(f.unit)), accesses: sql.accesses } as Facts, sources, orm.stats);
  const linkageDiagnostics: Diagnostic[] = linkage.warnings.map((w) => ({ file: ".", code: "thin-linkage", severity: "warning", message: linkageWarningText(w, "en") }));
  const diagnostics: Diagnostic[] = [...walk.diagnostics, ...stranglerYaml.diagnostics, ...sourceDiagnostics, ...code.diagnostics, ...sql.diagnostics, ...linkageDiagnostics, ...runtimeDiagnostics].sort(
    byKeys((d) => d.file, (d) => d.line ?? 0, (d) => d.code, (d) => d.message),
  );
  const at = byKeys<{ file: string; line: number }>((x) => x.file, (x) => x.line);
  const unitOfFile = Object.fromEntries(units.unitOf);
  return {
    facts: {
      files: code.files,
      units: roled,
      unitOfFile,
      clientCalls: matchClientCalls(roled, unitOfFile, code.paths),
      imports: code.imports,
      sqlSites: [...code.sqlSites].sort(at),
      sqlFiles: sql.sqlFiles,
      tables: sql.tables.sort(byKeys((t) => t.name, (t) => t.file, (t) => t.line)),
      columns: readColumns(abs, sql.tables),
      views: sql.views.sort(byKeys((v) => v.name)),
      foreignKeys: sql.foreignKeys.sort(byKeys((f) => f.from, (f) => f.to, (f) => f.file, (f) => f.line)),
      inherits: sql.inherits.sort(byKeys((i) => i.child, (i) => i.parent, (i) => i.file, (i) => i.line)),
      accesses: sql.accesses.sort(byKeys((a) => a.file, (a) => a.line, (a) => a.table, (a) => a.mode)),
      joins: sql.joins.sort(byKeys((j) => j.file, (j) => j.line, (j) => j.tables[0], (j) => j.tables[1])),
      history,
      ...(runtime ? { runtime } : {}),
      diagnostics,
    },
    dialect: sql.dialect,
    dialectFrom: chosen?.from ?? "the SQL read (no configuration names the database)",
    granularity,
    sources: sources.map((src) => src.id),
    dependencies,
    correlationIdFiles: code.correlationIdFiles,
    linkage,
    callFacts: code.callFacts,
    cache: cache ? { hits: cache.hits, misses: cache.misses } : null,
    stats: {
      statements: sql.statements,
      fallbackStatements: sql.fallbackStatements,
      externalImports: code.externalImports,
      excluded: { ...walk.excluded, generated: walk.excluded.generated + code.generatedSkipped },
    },
  };
}
