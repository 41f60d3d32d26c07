import { RuntimeInputError } from "./input.js";

/**
 * A database client package (`pg`, `mysql2/promise`), imported only when a database is read, so no other
 * command pays for it. Missing: one line saying which package to install.
 */
export async function loadDriver<T>(pkg: string, shown: string): Promise<T> {
  try {
    const mod = (await import(pkg)) as { default?: T } & T;
    return (mod.default ?? mod) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new RuntimeInputError(`${shown}: reading this database needs the ${pkg.split("/")[0]} package (npm install ${pkg.split("/")[0]})`);
    }
    throw err;
  }
}

/** The first line of an error, with the server's or the socket's reason. */
export function messageOf(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: Array<{ message?: string }> };
  // A refused connection to a host with several addresses is an AggregateError with an empty message.
  const text = e?.message || e?.errors?.map((x) => x.message).filter(Boolean).join("; ") || e?.code || String(err);
  return text.split("\n")[0];
}

/** How long a reading of a live database may take, and whether a cleartext password may be sent. */
export interface DatabaseLimits {
  /** The whole reading (connect included) gives up after this; each statement too, at most. */
  timeoutMs: number;
  allowCleartext: boolean;
}

/**
 * Runs `read` with a total deadline: a server that accepts the connection and then stalls (or answers a
 * statement forever) ends the run with one line instead of hanging it. `abort` closes the connection.
 */
export async function withDeadline<T>(limits: DatabaseLimits, shown: string, abort: () => void, read: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new RuntimeInputError(`${shown}: no answer within ${Math.round(limits.timeoutMs / 1000)} s; gave up (--database-timeout sets the limit)`));
    }, limits.timeoutMs);
  });
  try {
    return await Promise.race([read(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message a server that asks for the password in cleartext gets, unless the user allowed it. */
export const CLEARTEXT_REFUSED = "the server asks for the password in cleartext; not sent (--allow-cleartext-password sends it)";
