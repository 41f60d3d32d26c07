import path from "node:path";

/** Repo-relative path with forward slashes, whatever the platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function relativePosix(root: string, abs: string): string {
  return toPosix(path.relative(root, abs));
}

/** Folder part of a repo-relative posix path; `.` for files at the root. */
export function dirnamePosix(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : p.slice(0, i);
}
