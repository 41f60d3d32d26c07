import fs from "node:fs";
import path from "node:path";

/*
 * Reading a file a repository holds, when the repository may be hostile: a regular file only (a FIFO would
 * block forever, /dev/zero never ends), no larger than the limit for its kind, and never through a symbolic
 * link that leads out of the folder it must stay in. A refusal says why in words and never quotes the file.
 */

/** Size limits per kind of file, in bytes. */
export const LIMITS = {
  /** strangler.yaml, contexts.yaml, .strangler/rules/*.yaml, pnpm-workspace.yaml, tsconfig. */
  config: 4 * 1024 * 1024,
  /** .strangler/baseline.json: one entry per known violation. */
  baseline: 64 * 1024 * 1024,
  /** package.json and other manifests. */
  manifest: 4 * 1024 * 1024,
} as const;

/** Why a file was not read: `missing` (no such file, or a dangling link) or `refused` (the message says why). */
export class ReadRefusedError extends Error {
  constructor(
    message: string,
    readonly missing: boolean,
  ) {
    super(message);
  }
}

export interface BoundedRead {
  /** Bytes at most; a larger file is refused. */
  maxBytes: number;
  /** The folder the file must stay in once every symlink is followed (the repository); none: anywhere. */
  within?: string;
  /** How the file is named in messages. */
  shown: string;
  /** What kind of file, for the size message ("a config file", "a package.json"). */
  what: string;
}

/** The file's bytes, or a ReadRefusedError (missing, or refused with the reason). */
export function readBounded(file: string, o: BoundedRead): Buffer {
  const abs = path.resolve(file);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ReadRefusedError(`${o.shown}: no such file`, true);
    throw new ReadRefusedError(`${o.shown}: cannot read (${reason(err)})`, false);
  }
  if (o.within !== undefined && !isWithin(o.within, real)) {
    throw new ReadRefusedError(`${o.shown}: a symbolic link to a file outside ${describe(o.within)}; not read`, false);
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch (err) {
    throw new ReadRefusedError(`${o.shown}: cannot read (${reason(err)})`, (err as NodeJS.ErrnoException).code === "ENOENT");
  }
  if (!st.isFile()) throw new ReadRefusedError(`${o.shown}: ${fileKind(st)}, not a regular file; not read`, false);
  if (st.size > o.maxBytes) throw new ReadRefusedError(tooLarge(o, st.size), false);
  let fd: number;
  try {
    // O_NONBLOCK: a file swapped for a FIFO after the check above does not block the open;
    // O_NOFOLLOW: nor does a symlink put in place of the real path.
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    throw new ReadRefusedError(`${o.shown}: cannot read (${reason(err)})`, false);
  }
  try {
    const again = fs.fstatSync(fd);
    if (!again.isFile()) throw new ReadRefusedError(`${o.shown}: ${fileKind(again)}, not a regular file; not read`, false);
    const buf = Buffer.allocUnsafe(Math.min(o.maxBytes + 1, Math.max(again.size + 1, 64 * 1024)));
    let size = 0;
    for (;;) {
      if (size === buf.length) {
        if (size > o.maxBytes) throw new ReadRefusedError(tooLarge(o, size), false);
        break;
      }
      const n = fs.readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
    }
    if (size > o.maxBytes) throw new ReadRefusedError(tooLarge(o, size), false);
    return buf.subarray(0, size);
  } catch (err) {
    if (err instanceof ReadRefusedError) throw err;
    throw new ReadRefusedError(`${o.shown}: cannot read (${reason(err)})`, false);
  } finally {
    fs.closeSync(fd);
  }
}

/** readBounded as UTF-8 text. */
export function readBoundedText(file: string, o: BoundedRead): string {
  return readBounded(file, o).toString("utf8");
}

/** Whether `real` (already resolved) lies in `folder` (resolved here). */
export function isWithin(folder: string, real: string): boolean {
  let top: string;
  try {
    top = fs.realpathSync(folder);
  } catch {
    top = path.resolve(folder);
  }
  const rel = path.relative(top, real);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

function describe(folder: string): string {
  return `the repository (${folder})`;
}

function tooLarge(o: BoundedRead, size: number): string {
  return `${o.shown}: ${size > o.maxBytes ? "more than" : ""} ${mb(o.maxBytes)}, the limit for ${o.what}; not read`.replace(":  ", ": ");
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "a folder, not a file";
  if (code === "ELOOP") return "too many levels of symbolic links";
  if (code === "ENOTDIR") return "a path element is not a folder";
  return code ?? "error";
}
