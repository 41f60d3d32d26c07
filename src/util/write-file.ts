import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileKind } from "./read-bounded.js";

/** A file strangler will not or cannot write, with the reason in words (the message names the file). */
export class WriteError extends Error {}

const MAX_LINKS = 40;

/**
 * Writes `content` to `file` so that a reader never sees half of it and nothing but a regular file is
 * replaced: a symlink is followed to its target (the link stays a link) when that stays in `within` (see
 * refuseOutside; default: the folder `file` names), a device, FIFO, socket or folder
 * is refused, the file keeps its mode (and owner, when allowed), the data is fsynced before the rename,
 * and the temporary file beside it is removed on any failure and on SIGINT/SIGTERM/SIGHUP (which wait for
 * the write to finish, then take effect). A process killed outright (SIGKILL, power loss) cannot clean up:
 * the temporary files it left beside `file` are removed by the next write to `file`, once the process
 * that made each one is gone. Errors are WriteError naming `file`, never the temporary file.
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: { within?: string } = {}): void {
  const target = resolveLinks(file);
  const within = options.within ?? path.dirname(path.resolve(file));
  refuseOutside(file, target, within);
  let existing: fs.Stats | null = null;
  try {
    existing = fs.statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new WriteError(`${file}: cannot write (${reason(err)})`);
  }
  if (existing && !existing.isFile()) throw new WriteError(`${file}: ${fileKind(existing)}, not a regular file; strangler writes regular files only (- writes to stdout)`);
  // A file made read-only was made so on purpose (even root, who may replace it, does not).
  if (existing && (existing.mode & 0o222) === 0) throw new WriteError(`${file}: read-only (no write permission); not replaced`);
  const dir = path.dirname(target);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new WriteError(`${file}: ${dir} is not a folder`);
  } catch (err) {
    if (err instanceof WriteError) throw err;
    throw new WriteError(`${file}: cannot write (folder ${dir}: ${reason(err)})`);
  }

  removeStaleTemporaries(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const release = deferSignals(() => fs.rmSync(tmp, { force: true }));
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    const mode = existing ? existing.mode & 0o7777 : 0o666 & ~currentUmask();
    fs.fchmodSync(fd, mode);
    if (existing && (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.())) {
      try {
        fs.fchownSync(fd, existing.uid, existing.gid);
      } catch {
        // only root may give a file away: the owner becomes whoever runs strangler
      }
    }
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, target);
    syncFolder(dir);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err instanceof WriteError ? err : new WriteError(`${file}: cannot write (${reason(err)}${(err as NodeJS.ErrnoException).path === tmp ? ` in folder ${dir}` : ""})`);
  } finally {
    release();
  }
}

/**
 * A write stays in the folder it was aimed at (`within`: the repository for a file strangler keeps there, the
 * folder a path names for an output file the user named): a target that a symlink, or a symlinked folder on
 * its way, leads out of it is refused before anything is written.
 */
function refuseOutside(file: string, target: string, within: string): void {
  const top = realFolder(within);
  const dir = nearestExisting(path.dirname(target));
  const rel = path.relative(top, path.join(dir.real, dir.rest));
  if (rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel))) return;
  const linked = path.resolve(file) !== target ? "a symbolic link" : "a path through a symbolic link";
  throw new WriteError(`${file}: ${linked} leading outside ${top}; strangler writes nothing outside the folder it was given (not written)`);
}

/** `folder` with every symlink followed (as given, when it does not exist). */
function realFolder(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** The real path of the nearest folder of `dir` that exists, and the part below it still to be made. */
function nearestExisting(dir: string): { real: string; rest: string } {
  let d = path.resolve(dir);
  const rest: string[] = [];
  for (;;) {
    try {
      return { real: fs.realpathSync(d), rest: rest.join(path.sep) };
    } catch {
      if (path.dirname(d) === d) return { real: d, rest: rest.join(path.sep) };
      rest.unshift(path.basename(d));
      d = path.dirname(d);
    }
  }
}

/**
 * Makes `dir` and the folders above it that are missing, one level at a time (mode for the new ones):
 * Node's `mkdirSync(…, { recursive: true })` loops for ever where a level cannot be made (under /proc).
 * A level that cannot be made throws its error.
 */
export function makeFolders(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); ) {
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

/**
 * Makes the folder `dir` (and those missing above it) only when it stays in `within` once every symlink on
 * the way is followed: a planted `.strangler -> ../elsewhere` (even dangling) is refused, never followed.
 */
export function makeFolderWithin(dir: string, within: string, shown: string): void {
  const top = realFolder(within);
  const abs = path.resolve(dir);
  const parts = path.relative(path.resolve(within), abs).split(path.sep).filter(Boolean);
  if (parts[0] === "..") throw new WriteError(`${shown}: outside ${top}; not written`);
  let d = path.resolve(within);
  for (const part of parts) {
    d = path.join(d, part);
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(d);
    } catch {
      // missing: made below
    }
    if (st?.isSymbolicLink()) {
      const real = (() => {
        try {
          return fs.realpathSync(d);
        } catch {
          return null;
        }
      })();
      const rel = real === null ? ".." : path.relative(top, real);
      if (rel.startsWith("..") || path.isAbsolute(rel)) throw new WriteError(`${shown}: ${path.relative(path.resolve(within), d)} is a symbolic link leading outside ${top}; not written`);
      continue;
    }
    if (st && !st.isDirectory()) throw new WriteError(`${shown}: ${path.relative(path.resolve(within), d)} is not a folder; not written`);
    if (!st) {
      try {
        fs.mkdirSync(d);
      } catch (err) {
        throw new WriteError(`${shown}: cannot make folder ${path.relative(path.resolve(within), d)} (${reason(err)})`);
      }
    }
  }
}

/**
 * Removes `.<name>.<pid>.<8 hex>.tmp` files in `dir` (what writeFileAtomic makes) whose process is no longer
 * running: a write killed before it could clean up. Another process's write in progress is left alone.
 */
function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || isRunning(Number(m[1]))) continue;
    try {
      if (fs.lstatSync(path.join(dir, entry)).isFile()) fs.rmSync(path.join(dir, entry), { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The final path a chain of symlinks leads to (which may not exist yet: a dangling link is written through). */
function resolveLinks(file: string): string {
  let p = path.resolve(file);
  for (let i = 0; i < MAX_LINKS; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw new WriteError(`${file}: too many levels of symbolic links`);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such folder";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EISDIR") return "a folder";
  if (code === "ENOTDIR") return "a path element is not a folder";
  return code ?? (err as Error).message;
}

function currentUmask(): number {
  // process.umask() without an argument is deprecated for its race in worker threads; the CLI has none.
  const m = process.umask(0o022);
  process.umask(m);
  return m;
}

function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a folder; the data itself is synced
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Writes in progress (or just finished, their signal check still due) and the signal caught meanwhile. */
let held = 0;
let caught: NodeJS.Signals | null = null;
const cleanups = new Set<() => void>();
const onSignal = (sig: NodeJS.Signals) => {
  caught ??= sig;
};

/**
 * While a write runs, a termination signal is held (a listener keeps Node from dying mid-write); once the
 * write is over, the temporary file is gone and the signal is raised again with its default effect. Writes
 * made one after another (the fact cache's shards) share one listener per signal.
 */
function deferSignals(cleanup: () => void): () => void {
  if (held++ === 0) for (const s of SIGNALS) process.on(s, onSignal);
  cleanups.add(cleanup);
  return () => {
    // A signal that arrived during the synchronous write is dispatched when the event loop next polls:
    // a short timer (not setImmediate, which runs before that poll) makes sure it has.
    setTimeout(() => {
      if (--held > 0) {
        if (!caught) cleanups.delete(cleanup);
        return;
      }
      for (const s of SIGNALS) process.off(s, onSignal);
      const sig = caught;
      caught = null;
      const pending = [...cleanups];
      cleanups.clear();
      if (sig) {
        for (const c of pending) c();
        process.kill(process.pid, sig);
      }
    }, 5);
  };
}
