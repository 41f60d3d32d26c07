import fs from "node:fs";
import path from "node:path";
import { repoBoundary } from "./boundary.js";
import { readManifestJson, readManifestText } from "./read-manifest.js";
import YAML from "yaml";
import { compareStrings } from "../../util/sort.js";

/*
 * Workspaces of the monorepo the scanned folder belongs to: npm and yarn (`workspaces` in package.json,
 * an array or `{ packages }`), pnpm (`pnpm-workspace.yaml`) and lerna (`lerna.json` `packages`). Each
 * package's name maps to its folder, and an import of the package (`@acme/db`, `@acme/db/tables`) to a
 * source file: the `source`, `exports`, `module`, `main` or `types` entry, or where a built entry in
 * `dist/`, `build/`, `lib/` or `out/` comes from in `src/`. Only package.json, pnpm-workspace.yaml and
 * lerna.json are read to build the map; nothing is run.
 */

export interface Workspaces {
  /** Folder holding the workspace configuration. */
  root: string;
  /** Package name → absolute folder. */
  packages: Map<string, string>;
}

const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const MAX_UP = 12;

/** The workspaces of the folder `scanRoot` is in (itself or a folder above it, up to the git top; none above without git), or null. */
export function findWorkspaces(scanRoot: string): Workspaces | null {
  // Never above the repository: without git, only the folder scanned itself (see boundary.ts).
  const top = repoBoundary(scanRoot);
  let dir = scanRoot;
  for (let i = 0; i < MAX_UP; i++) {
    const patterns = workspacePatterns(dir);
    if (patterns) return { root: dir, packages: packageFolders(dir, patterns) };
    if (path.resolve(dir) === top || fs.existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return null;
    dir = path.dirname(dir);
  }
  return null;
}

function workspacePatterns(dir: string): string[] | null {
  const pkg = readJson(path.join(dir, "package.json"));
  const ws = pkg?.workspaces;
  if (Array.isArray(ws)) return ws.filter((p): p is string => typeof p === "string");
  if (ws && typeof ws === "object" && Array.isArray((ws as { packages?: unknown }).packages)) {
    return ((ws as { packages: unknown[] }).packages).filter((p): p is string => typeof p === "string");
  }
  const pnpm = readText(path.join(dir, "pnpm-workspace.yaml"));
  if (pnpm !== null) {
    try {
      const doc = YAML.parse(pnpm) as { packages?: unknown } | null;
      if (doc && Array.isArray(doc.packages)) return doc.packages.filter((p): p is string => typeof p === "string");
    } catch {
      return null;
    }
  }
  const lerna = readJson(path.join(dir, "lerna.json"));
  if (lerna && Array.isArray(lerna.packages)) return lerna.packages.filter((p): p is string => typeof p === "string");
  return null;
}

/** `packages/*`, `apps/**`, `tools/cli`: folders with a package.json, by the name it declares. */
function packageFolders(root: string, patterns: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const excluded = patterns.filter((p) => p.startsWith("!")).map((p) => path.join(root, p.slice(1).replace(/\/\*\*?$/, "")));
  const folders: string[] = [];
  for (const pattern of patterns.filter((p) => !p.startsWith("!"))) {
    const parts = pattern.replace(/\/+$/, "").split("/");
    expand(root, parts, folders, 0);
  }
  for (const folder of [...new Set(folders)].sort(compareStrings)) {
    if (excluded.some((e) => folder === e || folder.startsWith(e + path.sep))) continue;
    const name = readJson(path.join(folder, "package.json"))?.name;
    if (typeof name === "string" && !out.has(name)) out.set(name, folder);
  }
  return out;
}

function expand(dir: string, parts: string[], out: string[], depth: number): void {
  if (parts.length === 0) {
    if (fs.existsSync(path.join(dir, "package.json"))) out.push(dir);
    return;
  }
  const [head, ...rest] = parts;
  if (head === "**") {
    if (depth > 4) return;
    expand(dir, rest, out, depth + 1);
    for (const sub of subfolders(dir)) expand(sub, parts, out, depth + 1);
    return;
  }
  if (head.includes("*")) {
    const re = new RegExp(`^${head.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
    for (const sub of subfolders(dir)) if (re.test(path.basename(sub))) expand(sub, rest, out, depth + 1);
    return;
  }
  expand(path.join(dir, head), rest, out, depth + 1);
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith("."))
      .map((e) => path.join(dir, e.name))
      .sort(compareStrings);
  } catch {
    return [];
  }
}

/** The source file an import of a workspace package reaches, as an absolute path, or null. */
export function resolveWorkspaceImport(ws: Workspaces, specifier: string): string | null {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const folder = ws.packages.get(name);
  if (!folder) return null;
  const sub = specifier.slice(name.length + 1);
  if (sub) return probe(path.join(folder, sub)) ?? probe(path.join(folder, "src", sub)) ?? fromBuilt(folder, sub);
  const pkg = readJson(path.join(folder, "package.json")) ?? {};
  const entries: string[] = [];
  for (const field of ["source", "exports", "module", "main", "types", "typings"]) collectEntries(pkg[field], entries);
  for (const e of entries) {
    const found = probe(path.join(folder, e)) ?? fromBuilt(folder, e);
    if (found) return found;
  }
  return probe(path.join(folder, "src", "index")) ?? probe(path.join(folder, "index"));
}

/** Strings of an entry field: `"./dist/index.js"`, or `exports` conditions for `.` (any order, first found wins). */
function collectEntries(v: unknown, out: string[]): void {
  if (typeof v === "string") out.push(v);
  else if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const dot = o["."];
    if (dot !== undefined) return collectEntries(dot, out);
    for (const k of ["source", "development", "import", "require", "node", "default", "types"]) collectEntries(o[k], out);
  }
}

/** `dist/cjs/index.js` → `src/index.ts`: where a built entry comes from. */
function fromBuilt(folder: string, entry: string): string | null {
  const rel = entry.replace(/^\.\//, "").replace(/\.d\.ts$/, "").replace(/\.(c|m)?js$/, "");
  const m = /^(dist|build|lib|out)\/(?:(?:cjs|esm|es|mjs|types)\/)?(.*)$/.exec(rel);
  return m ? probe(path.join(folder, "src", m[2])) : null;
}

/** A code file on disk for an import path: as written, with a code extension, `.js` written for `.ts`, or a folder index. */
export function probe(base: string): string | null {
  const ext = path.extname(base);
  const stem = /\.(c|m)?jsx?$/.test(ext) ? base.slice(0, -ext.length) : base;
  if (isFile(base) && CODE_EXTENSIONS.includes(ext)) return base;
  for (const e of CODE_EXTENSIONS) if (isFile(stem + e)) return stem + e;
  for (const e of CODE_EXTENSIONS) if (isFile(path.join(base, `index${e}`))) return path.join(base, `index${e}`);
  return null;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readText(p: string): string | null {
  const r = readManifestText(p);
  return r.ok ? r.text : null;
}

function readJson(p: string): Record<string, unknown> | null {
  const r = readManifestJson(p);
  return r.ok ? r.json : null;
}
