import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Diagnostic } from "../facts.js";
import { compareStrings } from "../../util/sort.js";
import { relativePosix } from "../../util/paths.js";
import { ignoreRulesAbove, MAX_IGNORE_FILE } from "./ignore-above.js";
import { trackedFiles, type Tracked } from "../git/tracked-files.js";
import {
  ALWAYS_SKIPPED_DIRS,
  fileKind,
  isDeclarationFile,
  isGeneratedDir,
  isGeneratedFile,
  isTestDir,
  isTestFile,
  type FileKind,
} from "./classify.js";

export interface WalkOptions {
  includeTests?: boolean;
  includeGenerated?: boolean;
  /** Extra gitignore-style patterns, relative to the repo root. */
  exclude?: string[];
  /** Other files to list by name (package.json, schema.prisma …), under the same exclusions. */
  otherFiles?: RegExp[];
}

export interface RepoFile {
  /** Repo-relative, forward slashes. */
  path: string;
  abs: string;
  kind: FileKind;
}

export interface WalkResult {
  /** Files to scan, sorted by path. */
  files: RepoFile[];
  /** Every code file seen, scanned or left out: an import of a left-out file is not "unresolved". */
  knownCodeFiles: Set<string>;
  /** tsconfig*.json files found, sorted. */
  tsconfigs: string[];
  /** Files matching `otherFiles`, sorted. */
  others: Array<{ path: string; abs: string }>;
  excluded: { tests: number; generated: number; ignored: number };
  diagnostics: Diagnostic[];
}

type LeftOutReason = "tests" | "generated";

interface IgnoreLayer {
  /** Repo-relative folder the .gitignore sits in ("" for the root). */
  base: string;
  rules: Ignore;
  /** The --exclude patterns: they leave a file out whatever a .gitignore says. */
  exclude?: boolean;
  /** Rules from outside the folder scanned (see ignoreRulesAbove): paths are tested with this prefix. */
  prefix?: string;
}

/**
 * Lists the repo's code and SQL files in a fixed order (byte order of names, never the file system's),
 * honouring .gitignore files at every level. Symlinks are not followed (as git stores them); a looping
 * or broken one is reported.
 */
export function walkRepo(root: string, options: WalkOptions = {}): WalkResult {
  const result: WalkResult = {
    files: [],
    knownCodeFiles: new Set(),
    tsconfigs: [],
    others: [],
    excluded: { tests: 0, generated: 0, ignored: 0 },
    diagnostics: [],
  };
  const layers: IgnoreLayer[] = [];
  if (options.exclude?.length) layers.push({ base: "", rules: ignore().add(options.exclude), exclude: true });
  const above = ignoreRulesAbove(root).map((r) => ({ base: "", rules: r.rules, prefix: r.prefix, source: r.source }));
  // A folder scanned that git itself ignores (a build folder asked for by name): what is above it does not
  // empty it; it is read as if it were the repository.
  const rootIgnoredBy = above.filter((l) => l.prefix && l.rules.test(l.prefix).ignored).map((l) => l.source);
  if (rootIgnoredBy.length) {
    result.diagnostics.push({ file: ".", code: "ignored-root", severity: "info", message: `the folder scanned is ignored by ${rootIgnoredBy.join(", ")}; the ignore rules above it are not applied` });
  } else layers.push(...above);
  visit(root, root, "", layers, options, result, null, trackedFiles(root));
  return result;
}

/**
 * Whether git would ignore `rel`: --exclude patterns always leave it out; then, as git does, the deepest
 * .gitignore with a rule that matches decides (those above the folder scanned, then `.git/info/exclude`, last) (`!keep.sql` in db/.gitignore keeps db/keep.sql even when the
 * root's `*.sql` ignores it). A folder git ignores is never entered, so nothing below it comes back.
 */
function isIgnored(rel: string, isDir: boolean, layers: IgnoreLayer[], tracked: Tracked | null): boolean {
  const verdict = (layer: IgnoreLayer) => {
    const sub = layer.prefix !== undefined ? layer.prefix + rel : layer.base === "" ? rel : rel.slice(layer.base.length + 1);
    return layer.rules.test(isDir ? `${sub}/` : sub);
  };
  if (layers.some((l) => l.exclude && verdict(l).ignored)) return true;
  // What git tracks is never ignored (nor a folder holding it); only --exclude leaves it out.
  if (tracked && (isDir ? tracked.dirs : tracked.files).has(rel)) return false;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i].exclude) continue;
    const v = verdict(layers[i]);
    if (v.ignored) return true;
    if (v.unignored) return false;
  }
  return false;
}

function visit(
  root: string,
  dirAbs: string,
  dirRel: string,
  parentLayers: IgnoreLayer[],
  options: WalkOptions,
  result: WalkResult,
  leftOut: LeftOutReason | null,
  tracked: Tracked | null,
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dirAbs, { withFileTypes: true });
  } catch (err) {
    result.diagnostics.push({
      file: dirRel || ".",
      code: "unreadable",
      severity: "warning",
      message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    });
    return;
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));

  let layers = parentLayers;
  const gitignore = entries.find((e) => e.name === ".gitignore" && e.isFile());
  if (gitignore) {
    try {
      // A .gitignore of gigabytes is not read whole (the same limit as the ignore files above the scan).
      if (fs.statSync(path.join(dirAbs, ".gitignore")).size > MAX_IGNORE_FILE) throw Object.assign(new Error("too large"), { code: `larger than ${MAX_IGNORE_FILE / 1024 / 1024} MB` });
      const text = fs.readFileSync(path.join(dirAbs, ".gitignore"), "utf8");
      layers = [...parentLayers, { base: dirRel, rules: ignore().add(text) }];
    } catch (err) {
      result.diagnostics.push({
        file: dirRel ? `${dirRel}/.gitignore` : ".gitignore",
        code: "unreadable",
        severity: "warning",
        message: `cannot read .gitignore: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      });
    }
  }

  for (const entry of entries) {
    const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
    const abs = path.join(dirAbs, entry.name);

    if (entry.isSymbolicLink()) {
      reportSymlink(root, abs, rel, dirAbs, result);
      continue;
    }
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      if (isIgnored(rel, true, layers, tracked)) {
        result.excluded.ignored++;
        continue;
      }
      let childLeftOut = leftOut;
      if (!childLeftOut && !options.includeTests && isTestDir(entry.name)) childLeftOut = "tests";
      // A build/ or out/ folder inside the sources (src/core/build/: a product's Build feature) is source;
      // one beside them is build output. Every folder left out for its name is said (info).
      if (!childLeftOut && !options.includeGenerated && isGeneratedDir(entry.name) && !isSourceFolderNamedLikeOutput(rel)) {
        childLeftOut = "generated";
        result.diagnostics.push({ file: rel, code: "left-out-folder", severity: "info", message: `${entry.name}/ is left out as build output or generated code (--include-generated reads it)` });
      }
      visit(root, abs, rel, layers, options, result, childLeftOut, tracked);
      continue;
    }

    const kind = fileKind(entry.name);
    if (isDeclarationFile(entry.name)) result.knownCodeFiles.add(rel);
    if (/^tsconfig.*\.json$/.test(entry.name) && !isIgnored(rel, false, layers, tracked)) result.tsconfigs.push(rel);
    if (!kind) {
      if (options.otherFiles?.some((re) => re.test(entry.name)) && entry.isFile() && !leftOut && !isIgnored(rel, false, layers, tracked)) result.others.push({ path: rel, abs });
      continue;
    }
    if (isIgnored(rel, false, layers, tracked)) {
      result.excluded.ignored++;
      continue;
    }
    if (kind === "code") result.knownCodeFiles.add(rel);
    if (!entry.isFile()) {
      result.diagnostics.push({
        file: rel,
        code: "not-a-regular-file",
        severity: "warning",
        message: "not a regular file (pipe, socket or device): skipped",
      });
      continue;
    }
    const reason =
      leftOut ??
      (!options.includeTests && isTestFile(entry.name)
        ? "tests"
        : !options.includeGenerated && isGeneratedFile(entry.name)
          ? "generated"
          : null);
    if (reason) {
      result.excluded[reason]++;
      continue;
    }
    result.files.push({ path: rel, abs, kind });
  }
}

/** `build/` and `out/` under a `src/` folder hold source (a feature named Build), not build output. */
function isSourceFolderNamedLikeOutput(rel: string): boolean {
  const segs = rel.split("/");
  const name = segs[segs.length - 1];
  return (name === "build" || name === "out") && segs.slice(0, -1).some((s) => s === "src" || s === "source");
}

function reportSymlink(root: string, abs: string, rel: string, dirAbs: string, result: WalkResult): void {
  let target: string;
  try {
    target = fs.readlinkSync(abs);
  } catch {
    target = "?";
  }
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(abs);
    stat = fs.statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") {
      result.diagnostics.push({
        file: rel,
        code: "symlink-loop",
        severity: "warning",
        message: `symbolic link loop (-> ${target}): skipped`,
      });
    } else if (fileKind(rel) || code === "ENOENT") {
      result.diagnostics.push({
        file: rel,
        code: "broken-symlink",
        severity: "info",
        message: `symbolic link to a missing target (-> ${target}): skipped`,
      });
    }
    return;
  }
  if (stat.isDirectory()) {
    let here: string;
    try {
      here = fs.realpathSync(dirAbs);
    } catch {
      here = dirAbs;
    }
    const isAncestor = here === real || here.startsWith(real + path.sep);
    result.diagnostics.push(
      isAncestor
        ? {
            file: rel,
            code: "symlink-loop",
            severity: "warning",
            message: `symbolic link to its own ancestor folder (-> ${target}): not followed`,
          }
        : {
            file: rel,
            code: "symlink-not-followed",
            severity: "info",
            message: `symbolic link to a folder (-> ${describeTarget(root, real)}): not followed`,
          },
    );
    return;
  }
  if (fileKind(rel)) {
    result.diagnostics.push({
      file: rel,
      code: "symlink-not-followed",
      severity: "info",
      message: `symbolic link to a file (-> ${describeTarget(root, real)}): not followed`,
    });
  }
}

function describeTarget(root: string, real: string): string {
  let rootReal = root;
  try {
    rootReal = fs.realpathSync(root);
  } catch {
    /* keep root */
  }
  const rel = relativePosix(rootReal, real);
  return rel.startsWith("..") ? "outside the repository" : rel;
}
