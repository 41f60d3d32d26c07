import fs from "node:fs";

/** The text of a file a user keeps; a file that cannot be read is a ConfigReadError naming it and why. */
export function readConfigText(file: string, shown: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "EACCES" || e.code === "EPERM" ? "permission denied" : e.code === "EISDIR" ? "a folder, not a file" : e.code === "ENOENT" ? "no such file" : (e.code ?? e.message);
    throw new ConfigReadError(`${shown}: cannot read (${why})`);
  }
}

export class ConfigReadError extends Error {}
