import path from "node:path";
import type { PathConfig } from "./tsconfig.js";
import { compareStrings } from "../../util/sort.js";

export type Resolution =
  | { kind: "file"; file: string }
  | { kind: "external" }
  /** A stylesheet, image, JSON, Markdown … file: a bundler's input, not code (never a warning). */
  | { kind: "asset" }
  | { kind: "unresolved"; reason: string };

const TS_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".jsx", ".mjs", ".cjs"];
/** Files a bundler or Node imports that are not TypeScript or JavaScript (`./app.scss`, `./logo.svg?react`, `./data.json`). */
const ASSET = /\.(css|scss|sass|less|styl|stylus|pcss|svg|png|jpe?g|gif|webp|avif|ico|bmp|tiff?|json5?|jsonc|mdx?|markdown|html?|txt|graphql|gql|ya?ml|toml|ini|xml|csv|wasm|woff2?|ttf|otf|eot|mp[34]|webm|wav|ogg|pdf|vue|svelte|astro|hbs|handlebars|ejs|pug|njk|sql|prisma|proto|node|glsl|wgsl|frag|vert)$/i;

/**
 * Resolves import specifiers to repo files the way TypeScript does without a type checker: relative paths,
 * tsconfig `paths` (exact, then longest prefix) and `baseUrl`, `.js` written for `.ts`, folder index files.
 * Anything else is a package (external).
 */
export class ImportResolver {
  constructor(
    private readonly knownFiles: Set<string>,
    private readonly configFor: (file: string) => PathConfig | null,
    /** The repo folder on disk: a path that leaves it and comes back (`../server/x` from `server/`) is inside. */
    private readonly rootAbs: string | null = null,
    /** A package of the repo's own workspaces → the repo-relative file it resolves to, or null. */
    private readonly workspace: ((specifier: string) => string | null) | null = null,
  ) {}

  private readonly memo = new Map<string, Resolution>();

  /** Resolutions depend on the importing file's folder only (its tsconfig is the folder's): memoised per folder. */
  resolve(fromFile: string, specifier: string): Resolution {
    const key = `${path.posix.dirname(fromFile)}\u0000${specifier}`;
    let r = this.memo.get(key);
    if (!r) this.memo.set(key, (r = this.compute(fromFile, specifier)));
    return r;
  }

  private compute(fromFile: string, written: string): Resolution {
    // A bundler's query or fragment (`?react`, `?raw`, `#x`) is not part of the file's name.
    const specifier = written.replace(/[?#].*$/, "");
    if (ASSET.test(specifier)) return { kind: "asset" };
    if (isRelative(specifier)) {
      const base = path.posix.join(path.posix.dirname(fromFile), specifier);
      const file = this.probe(base);
      if (file) return { kind: "file", file };
      // Outside the folder scanned (a sibling package of a monorepo): not part of what is read.
      return this.outside(base) ? { kind: "external" } : { kind: "unresolved", reason: `no file for "${written}"` };
    }
    if (specifier.startsWith("/") || /^[a-z]+:/i.test(specifier)) return { kind: "external" };

    const config = this.configFor(fromFile);
    if (config) {
      const matches = matchPaths(config.paths, specifier);
      for (const target of matches) {
        const file = this.probe(path.posix.join(config.pathsBase, target));
        if (file) return { kind: "file", file };
      }
      if (config.baseUrl) {
        const file = this.probe(path.posix.join(config.baseUrl, specifier));
        if (file) return { kind: "file", file };
      }
      if (matches.length && matches.every((t) => this.outside(path.posix.join(config.pathsBase, t)))) return { kind: "external" };
      if (matches.length) return { kind: "unresolved", reason: `tsconfig paths in ${config.configFile} match "${written}" but no file exists` };
    }
    const own = this.workspace?.(specifier);
    if (own && this.knownFiles.has(own)) return { kind: "file", file: own };
    return { kind: "external" };
  }

  /** True when a repo-relative path leads out of the folder scanned. */
  private outside(base: string): boolean {
    const norm = path.posix.normalize(base);
    if (!norm.startsWith("..")) return false;
    if (!this.rootAbs) return true;
    return path.relative(this.rootAbs, path.resolve(this.rootAbs, norm)).startsWith("..");
  }

  private probe(base: string): string | null {
    // `@app/common/types/` names the folder (its index file), as TypeScript and Node read it.
    let norm = path.posix.normalize(base).replace(/(.)\/+$/, "$1");
    if (norm.startsWith("..")) {
      if (!this.rootAbs) return null;
      norm = path.relative(this.rootAbs, path.resolve(this.rootAbs, norm)).split(path.sep).join("/");
      if (norm === "" || norm.startsWith("..")) return null;
    }
    if (this.knownFiles.has(norm)) return norm;
    const ext = path.posix.extname(norm);
    for (const alt of TS_FOR_JS[ext] ?? []) {
      const candidate = norm.slice(0, -ext.length) + alt;
      if (this.knownFiles.has(candidate)) return candidate;
    }
    for (const e of EXTENSIONS) if (this.knownFiles.has(norm + e)) return norm + e;
    for (const e of EXTENSIONS) if (this.knownFiles.has(`${norm}/index${e}`)) return `${norm}/index${e}`;
    return null;
  }
}

function isRelative(s: string): boolean {
  return s === "." || s === ".." || s.startsWith("./") || s.startsWith("../");
}

/** TypeScript's `paths` matching: an exact key wins, then the pattern with the longest prefix before `*`. */
const sortedKeys = new WeakMap<Record<string, string[]>, string[]>();

export function matchPaths(paths: Record<string, string[]>, specifier: string): string[] {
  if (Array.isArray(paths[specifier])) return paths[specifier];
  let best: { prefixLength: number; star: string; targets: string[] } | null = null;
  let keys = sortedKeys.get(paths);
  if (!keys) sortedKeys.set(paths, (keys = Object.keys(paths).sort(compareStrings)));
  for (const key of keys) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length) continue;
    if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.prefixLength >= prefix.length) continue;
    const captured = specifier.slice(prefix.length, specifier.length - suffix.length);
    best = { prefixLength: prefix.length, star: captured, targets: Array.isArray(paths[key]) ? paths[key] : [] };
  }
  return best ? best.targets.map((t) => t.replace("*", best!.star)) : [];
}
