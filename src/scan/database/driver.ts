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
