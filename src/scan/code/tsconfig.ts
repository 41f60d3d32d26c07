import fs from "node:fs";
import path from "node:path";
import { ts } from "#ts";
import type { Diagnostic } from "../facts.js";
import { relativePosix } from "../../util/paths.js";
import { isInside, repoBoundary } from "../files/boundary.js";

/** What module resolution needs from a tsconfig chain: folders are repo-relative, posix. */
export interface PathConfig {
  configFile: string;
  baseUrl: string | null;
  /** Folder that `paths` targets are relative to (baseUrl, or the folder of the config declaring paths). */
  pathsBase: string;
  paths: Record<string, string[]>;
}

interface RawOptions {
  baseUrlAbs?: string;
  paths?: Record<string, string[]>;
  pathsBaseAbs?: string;
}

const MAX_EXTENDS_DEPTH = 20;
/** A tsconfig larger than this is not read (real ones are a few KiB). */
export const MAX_TSCONFIG_BYTES = 1024 * 1024;

/**
 * Reads a tsconfig and the chain it `extends` (relative files or packages in node_modules), as JSON with
 * comments: nothing is executed. Only files inside the repository (its node_modules included, symlinks
 * followed) and under MAX_TSCONFIG_BYTES are read. Problems become diagnostics and the readable part is
 * still used.
 */
export function loadPathConfig(rootAbs: string, configRel: string, diagnostics: Diagnostic[]): PathConfig {
  const abs = path.join(rootAbs, configRel);
  const raw = readChain({ rootAbs, boundary: repoBoundary(rootAbs), diagnostics }, abs, new Set(), 0);
  const configDir = path.dirname(abs);
  const baseUrl = raw.baseUrlAbs ? relativePosix(rootAbs, raw.baseUrlAbs) || "." : null;
  const pathsBaseAbs = raw.baseUrlAbs ?? raw.pathsBaseAbs ?? configDir;
  return {
    configFile: configRel,
    baseUrl,
    pathsBase: relativePosix(rootAbs, pathsBaseAbs) || ".",
    paths: raw.paths ?? {},
  };
}

interface ChainContext {
  rootAbs: string;
  boundary: string;
  diagnostics: Diagnostic[];
}

function readChain(ctx: ChainContext, abs: string, seen: Set<string>, depth: number): RawOptions {
  const { rootAbs, diagnostics } = ctx;
  const rel = relativePosix(rootAbs, abs);
  if (seen.has(abs) || depth > MAX_EXTENDS_DEPTH) {
    diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: "circular or too deep `extends` chain" });
    return {};
  }
  seen.add(abs);
  if (!isInside(ctx.boundary, abs)) {
    diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: "outside the repository: not read" });
    return {};
  }
  let text: string;
  try {
    const st = fs.statSync(abs);
    // a FIFO would block the read forever, a device never end it
    if (!st.isFile()) {
      diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: "not a regular file: not read" });
      return {};
    }
    const size = st.size;
    if (size > MAX_TSCONFIG_BYTES) {
      diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: `${size} bytes, more than a tsconfig's ${MAX_TSCONFIG_BYTES}: not read` });
      return {};
    }
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    diagnostics.push({
      file: rel,
      code: "tsconfig-error",
      severity: "warning",
      message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    });
    return {};
  }
  const parsed = ts.parseConfigFileTextToJson(abs, text);
  if (parsed.error) {
    const line = parsed.error.file && parsed.error.start !== undefined
      ? parsed.error.file.getLineAndCharacterOfPosition(parsed.error.start).line + 1
      : undefined;
    diagnostics.push({
      file: rel,
      line,
      code: "tsconfig-error",
      severity: "warning",
      message: ts.flattenDiagnosticMessageText(parsed.error.messageText, " "),
    });
  }
  const config = (parsed.config ?? {}) as { extends?: string | string[]; compilerOptions?: Record<string, unknown> };
  const dir = path.dirname(abs);

  let merged: RawOptions = {};
  const parents = typeof config.extends === "string" ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const parent of parents) {
    if (typeof parent !== "string") continue;
    const parentAbs = locateExtends(dir, parent, ctx.boundary);
    if (parentAbs && !isInside(ctx.boundary, parentAbs)) {
      diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: `extended config "${parent}" is outside the repository: not read` });
      continue;
    }
    if (!parentAbs) {
      diagnostics.push({ file: rel, code: "tsconfig-error", severity: "warning", message: `cannot find extended config "${parent}"` });
      continue;
    }
    merged = { ...merged, ...stripUndefined(readChain(ctx, parentAbs, seen, depth + 1)) };
  }

  const options = config.compilerOptions ?? {};
  if (typeof options.baseUrl === "string") merged.baseUrlAbs = path.resolve(dir, options.baseUrl);
  if (options.paths && typeof options.paths === "object") {
    merged.paths = options.paths as Record<string, string[]>;
    merged.pathsBaseAbs = dir;
  }
  return merged;
}

function stripUndefined(o: RawOptions): RawOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RawOptions;
}

/** TypeScript's own module resolution, as it resolves a package named in `extends` (package.json `exports`). */
const EXTENDS_RESOLUTION: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.NodeNext, module: ts.ModuleKind.NodeNext, resolveJsonModule: true };

function locateExtends(dir: string, spec: string, boundary: string): string | null {
  const withJson = (p: string) => (p.endsWith(".json") ? [p] : [p, `${p}.json`, path.join(p, "tsconfig.json")]);
  if (spec.startsWith(".") || path.isAbsolute(spec)) {
    return withJson(path.resolve(dir, spec)).find(isFile) ?? null;
  }
  // A package: TypeScript's resolver first, which follows the package's `exports` map
  // (`"extends": "@acme/tsconfig/base"` → `./configs/base.json`); it only reads package.json files.
  const resolved = ts.resolveModuleName(spec, path.join(dir, "tsconfig.json"), EXTENDS_RESOLUTION, ts.sys).resolvedModule;
  const inside = (f: string) => path.resolve(f).startsWith(path.resolve(boundary) + path.sep);
  if (resolved && resolved.resolvedFileName.endsWith(".json") && inside(resolved.resolvedFileName) && isFile(resolved.resolvedFileName)) return resolved.resolvedFileName;
  // Kept by hand: a package named alone (`"extends": "@tsconfig/node20"`) means its tsconfig.json, a rule of
  // TypeScript's config loader that its public module resolution does not apply.
  for (let d = dir; ; d = path.dirname(d)) {
    const found = withJson(path.join(d, "node_modules", spec)).find(isFile);
    if (found) return found;
    if (path.dirname(d) === d || path.resolve(d) === path.resolve(boundary)) return null;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
