import { LIMITS, readBoundedText, ReadRefusedError } from "../util/read-bounded.js";

/**
 * The text of a file a user keeps: a regular file of at most `maxBytes` (a FIFO, a device or a larger file
 * is refused), and when `within` is given (the repository, for a file found there rather than named by the
 * user) never read through a symlink that leaves it. A file that cannot be read is a ConfigReadError naming
 * it and why, never quoting it; `missing` tells a file that is not there.
 */
export function readConfigText(file: string, shown: string, within?: string, maxBytes: number = LIMITS.config): string {
  try {
    return readBoundedText(file, { shown, within, maxBytes, what: maxBytes === LIMITS.baseline ? "a baseline" : "a config file" });
  } catch (err) {
    if (err instanceof ReadRefusedError) throw new ConfigReadError(err.message, err.missing);
    throw err;
  }
}

export class ConfigReadError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}
