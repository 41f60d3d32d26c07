import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { makeFolderWithin, writeFileAtomic, WriteError } from "../../util/write-file.js";
import { runGit } from "../git/run-git.js";

/*
 * The per-file fact cache in `<repo>/.strangler/cache/`: what reading one file gave, keyed by the file's path
 * and text, strangler's version and every option that changes what a file yields (the sources enabled). Kept
 * in 16 shard files (by the key's first hex digit) so that a run after one edit rewrites one shard, each
 * written whole through writeFileAtomic (a temporary file renamed over it: a reader never sees half of one,
 * and nothing is written through a symlink leading out of the repository). One line per entry: the key, the
 * digest of the rest and the entry's parts as JSON separated by tabs (the facts, then what only the roadmap
 * reads, parsed only when asked for), so a damaged or foreign line costs that one file a new read (with
 * an info line), never a wrong fact. Disposable: deleting the folder costs one cold run.
 */

/** Bumped whenever what a cache entry holds changes shape. */
const FORMAT = "strangler-fact-cache 1";
const SHARDS = 16;
/**
 * Entries this run did not use are kept while their shard stays under this many bytes. The run's own entries
 * are always kept, up to MAX_SHARD_BYTES_OWN (a cache of what the repository is now: a large repository's
 * shard outgrew 16 MiB on ever-gauzy's core with the roadmap's calls, and the dropped files were parsed again
 * on every warm run).
 */
const MAX_SHARD_BYTES = 16 * 1024 * 1024;
const MAX_SHARD_BYTES_OWN = 256 * 1024 * 1024;
export const CACHE_FOLDER = ".strangler/cache";

export interface FactCacheOptions {
  /** strangler's version and what else changes what a file yields (sources enabled …). */
  salt: string;
  /** Called with a line for stderr: an entry not trusted; a cache that could not be written (`quiet`: --verbose shows it). */
  note?: (message: string, quiet?: boolean) => void;
}

interface Shard {
  /** Entries read from the file, their lines unparsed: key → "digest json". */
  stored: Map<string, string>;
  /** Entries used or written in this run, in order, as lines. */
  used: Map<string, string>;
  dirty: boolean;
}

export class FactCache {
  private readonly dir: string;
  private readonly shards = new Map<number, Shard>();
  private readonly salt: string;
  private readonly note: (m: string, quiet?: boolean) => void;
  hits = 0;
  misses = 0;

  constructor(
    private readonly root: string,
    options: FactCacheOptions,
  ) {
    this.dir = path.join(root, CACHE_FOLDER);
    this.salt = `${FORMAT}\u0000${options.salt}`;
    this.note = options.note ?? (() => {});
  }

  /** The key of a file's entry: its path and text, and the salt. */
  key(file: string, text: string): string {
    return createHash("sha256").update(this.salt).update("\u0000").update(file).update("\u0000").update(text).digest("hex");
  }

  /**
   * The parts stored under `key` (the first `want` of them, or fewer when fewer were stored, each checked by
   * its own test), or undefined (never read, damaged, or not this file's). Parts past `want` are not parsed.
   */
  get(key: string, file: string, tests: Array<(v: unknown) => boolean>, want = tests.length): unknown[] | undefined {
    const shard = this.shard(key);
    const line = shard.used.get(key) ?? shard.stored.get(key);
    if (line === undefined) {
      this.misses++;
      return undefined;
    }
    const space = line.indexOf(" ");
    const digest = line.slice(0, space);
    const body = line.slice(space + 1);
    const parts: unknown[] = [];
    let ok = space > 0 && digestOf(body) === digest;
    if (ok) {
      const texts = body.split("\t");
      try {
        for (let i = 0; i < Math.min(want, texts.length) && ok; i++) {
          parts.push(JSON.parse(texts[i]));
          ok = tests[i](parts[i]);
        }
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.note(`${CACHE_FOLDER}: the entry for ${file} is damaged or not strangler's: ${file} read again`);
      shard.stored.delete(key);
      shard.used.delete(key);
      shard.dirty = true;
      this.misses++;
      return undefined;
    }
    shard.used.set(key, line);
    this.hits++;
    return parts;
  }

  /** Stores `parts` under `key` (each as JSON, which never holds a raw tab: parts are split on it). */
  set(key: string, parts: unknown[]): void {
    this.setParts(key, parts.map((p) => JSON.stringify(p)));
  }

  /** Stores parts already written as JSON (by a parsing thread). */
  setParts(key: string, parts: string[]): void {
    const body = parts.join("\t");
    const shard = this.shard(key);
    shard.used.set(key, `${digestOf(body)} ${body}`);
    shard.dirty = true;
  }

  /**
   * Writes the shards this run changed: its own entries first, then (`keepOthers`: a run that read only some
   * files) older ones while the shard stays under its bound; a run that read every file keeps only its own. A cache that cannot be written (a read-only checkout, a `.strangler` leading out of the
   * repository) is one info line; the run's results do not depend on it.
   */
  save(options: { keepOthers?: boolean } = {}): void {
    const dirty = [...this.shards].filter(([, s]) => s.dirty).sort((a, b) => a[0] - b[0]);
    if (!dirty.length) return;
    try {
      makeFolderWithin(this.dir, this.root, CACHE_FOLDER);
      const ignore = path.join(this.dir, ".gitignore");
      if (!fs.existsSync(ignore)) writeFileAtomic(ignore, "# strangler's fact cache: disposable, never committed\n*\n", { within: this.root });
      for (const [n, shard] of dirty) {
        const lines = [FORMAT];
        let bytes = FORMAT.length + 1;
        let dropped = 0;
        const add = (k: string, line: string, bound: number) => {
          const size = k.length + line.length + 2;
          if (bytes + size > bound) return false;
          lines.push(`${k} ${line}`);
          bytes += size;
          return true;
        };
        for (const [k, line] of shard.used) if (!add(k, line, MAX_SHARD_BYTES_OWN)) dropped++;
        if (dropped) this.note(`${CACHE_FOLDER}: ${dropped} entries left out of ${path.basename(this.file(n))} (over ${MAX_SHARD_BYTES_OWN / 1024 / 1024} MiB): their files are read again next time`, true);
        if (options.keepOthers) for (const [k, line] of shard.stored) if (!shard.used.has(k) && !add(k, line, MAX_SHARD_BYTES)) break;
        writeFileAtomic(this.file(n), `${lines.join("\n")}\n`, { within: this.root });
        shard.dirty = false;
      }
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      this.note(`${CACHE_FOLDER}: not written (${err.message}); the next run reads every file again`, true);
    }
  }

  private file(n: number): string {
    return path.join(this.dir, `facts-${n.toString(16)}.txt`);
  }

  private shard(key: string): Shard {
    const n = parseInt(key[0], 16);
    let shard = this.shards.get(n);
    if (!shard) {
      shard = { stored: this.load(n), used: new Map(), dirty: false };
      this.shards.set(n, shard);
    }
    return shard;
  }

  /** A shard's entries; a file that is not a cache shard (or cannot be read) is none, with an info line. */
  private load(n: number): Map<string, string> {
    const out = new Map<string, string>();
    const file = this.file(n);
    let text: string;
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile()) {
        this.note(`${path.relative(this.root, file)}: not a regular file; the cache is not read from it`);
        return out;
      }
      text = fs.readFileSync(file, "utf8");
    } catch {
      return out;
    }
    const lines = text.split("\n");
    if (lines[0] !== FORMAT) {
      this.note(`${path.relative(this.root, file)}: not a strangler fact cache of this version; its files are read again`);
      return out;
    }
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const space = line.indexOf(" ");
      if (space !== 64) continue;
      out.set(line.slice(0, 64), line.slice(65));
    }
    return out;
  }
}

function digestOf(json: string): string {
  return createHash("sha1").update(json).digest("hex").slice(0, 16);
}

/**
 * True when git tracks a file in the repository's `.strangler/cache/`: a cache that came with the code (a
 * pull request can commit one) is the author's word on their own files, never used nor rewritten.
 */
export function committedCache(root: string): boolean {
  if (!fs.existsSync(path.join(root, CACHE_FOLDER))) return false;
  const r = runGit(root, ["ls-files", "-z", "--", CACHE_FOLDER]);
  return r.status === 0 && !r.error && r.stdout.length > 0;
}
