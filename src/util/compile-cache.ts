import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import Module from "node:module";
import { fileURLToPath } from "node:url";
import { isMainThread } from "node:worker_threads";
import { makeFolders } from "./write-file.js";

/*
 * V8's compiled code for strangler's own dependencies, kept between runs: TypeScript's compiler alone is 9 MB
 * of JavaScript that V8 would otherwise compile again on every run (and in every parsing thread), about
 * 0.15 s before the first file is read. On Node 22.1 and later, Node's own compile cache does it
 * (module.enableCompileCache); before that, CommonJS files under node_modules (and the SQL parser's builds
 * strangler ships in dist/vendor) are compiled from the code V8
 * produced on an earlier run. The cache is the user's, never the repository's: `$XDG_CACHE_HOME/strangler`
 * (or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%), a folder only its owner may write. An entry is looked up
 * by the file's path, size, inode and time of change and the Node build; V8 also refuses code made by
 * another version or for another source length. STRANGLER_COMPILE_CACHE=0 turns it off; a folder that cannot
 * be made or is not the user's own is no cache, silently: it only ever saves time.
 */

type CompileFn = (this: NodeJS.Module, content: string, filename: string) => unknown;

let installed = false;

/** The folder for this Node build's cache, or null when there is none to use safely. */
function cacheFolder(): string | null {
  const env = process.env.STRANGLER_COMPILE_CACHE;
  if (env === "0" || env === "false") return null;
  let base: string | undefined = env && path.isAbsolute(env) ? env : undefined;
  if (!base) {
    const home = os.homedir();
    if (process.platform === "win32") base = process.env.LOCALAPPDATA ? path.join(process.env.LOCALAPPDATA, "strangler") : undefined;
    else if (process.platform === "darwin") base = home ? path.join(home, "Library", "Caches", "strangler") : undefined;
    else {
      const xdg = process.env.XDG_CACHE_HOME;
      base = xdg && path.isAbsolute(xdg) ? path.join(xdg, "strangler") : home ? path.join(home, ".cache", "strangler") : undefined;
    }
  }
  if (!base) return null;
  const dir = path.join(base, "v8", `${process.version}-${process.arch}-${process.versions.v8}`);
  try {
    makeFolders(dir, 0o700);
    return ownedByMe(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** The folder is a real folder of this user's that nobody else may write (POSIX; Windows folders under LOCALAPPDATA are the user's). */
function ownedByMe(dir: string): boolean {
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) return false;
  if (process.platform === "win32" || typeof process.getuid !== "function") return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** Turns the cache on for what this process (or thread) loads from now on. Called once, first thing. */
export function enableCompileCache(): void {
  if (installed) return;
  installed = true;
  const dir = cacheFolder();
  if (!dir) return;
  const withNode = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof withNode === "function") {
    try {
      withNode(dir);
    } catch {
      // no cache
    }
    return;
  }
  hookCommonJs(dir);
}

/** Node before 22.1: CommonJS files under node_modules compiled with V8's cached data (see the top). */
function hookCommonJs(dir: string): void {
  const proto = Module.prototype as unknown as { _compile: CompileFn };
  const original = proto._compile;
  const toWrite: Array<{ file: string; script: vm.Script }> = [];
  const sep = path.sep;
  // strangler's own copy of the SQL parser's builds (scripts/vendor-sql-parser.mjs) is a dependency too.
  const vendored = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "vendor") + sep;
  proto._compile = function compileCached(this: NodeJS.Module, content: string, filename: string) {
    // Only large, stable files are worth it: the installed dependencies.
    if (content.length < 100_000 || !(filename.includes(`${sep}node_modules${sep}`) || filename.startsWith(vendored))) return original.call(this, content, filename);
    let entry: string;
    try {
      const st = fs.statSync(filename);
      entry = path.join(dir, `${hashOf(`${filename}\u0000${st.size}\u0000${st.ino}\u0000${st.mtimeMs}\u0000${st.ctimeMs}`)}.bin`);
    } catch {
      return original.call(this, content, filename);
    }
    let cached: Buffer | undefined;
    try {
      cached = fs.readFileSync(entry);
    } catch {
      cached = undefined;
    }
    const script = new vm.Script(Module.wrap(content.startsWith("#!") ? `//${content}` : content), { filename, cachedData: cached });
    if (!cached || script.cachedDataRejected) toWrite.push({ file: entry, script });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const mod = this as NodeJS.Module & { require: (id: string) => unknown };
    // The module's own require (its children, its parent), with resolve, cache and main as Node gives them.
    const base = createRequire(filename);
    const require = Object.assign((id: string) => mod.require(id), { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  if (!isMainThread) return;
  // Written at exit, once the run has compiled the functions it used: the next run finds them compiled.
  process.once("exit", () => {
    if (!toWrite.length) return;
    for (const { file, script } of toWrite) {
      try {
        const data = script.createCachedData();
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, data, { mode: 0o600 });
        fs.renameSync(tmp, file);
      } catch {
        // no cache this time
      }
    }
    prune(dir);
  });
}

/** Entries of installs since removed or upgraded are never read again: the oldest go past MAX_CACHE_BYTES. */
const MAX_CACHE_BYTES = 128 * 1024 * 1024;

function prune(dir: string): void {
  try {
    const entries = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".bin"))
      .map((f) => {
        const st = fs.statSync(path.join(dir, f));
        return { f, size: st.size, at: st.mtimeMs };
      })
      .sort((a, b) => b.at - a.at || (a.f < b.f ? -1 : 1));
    let total = 0;
    for (const e of entries) {
      total += e.size;
      if (total > MAX_CACHE_BYTES) fs.rmSync(path.join(dir, e.f), { force: true });
    }
  } catch {
    // left as it is
  }
}

function hashOf(s: string): string {
  // FNV-1a, 64 bits in two halves: a file name for an entry, not a secret.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}
