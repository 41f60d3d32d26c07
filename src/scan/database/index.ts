import path from "node:path";
import { RuntimeInputError, type RuntimeInput } from "./input.js";
import { parseDatabaseUrl } from "./url.js";
import { readQueriesFile } from "./queries-file.js";

export { RuntimeInputError, type RuntimeInput } from "./input.js";

export interface RuntimeRequest {
  /** `--database <url>`: a URL; `--database` alone: true (database.url of strangler.yaml). */
  database?: string | boolean;
  /** `--queries <file>`. */
  queries?: string;
  /** The repository (where strangler.yaml is, and what a queries file's path is shown relative to). */
  repo: string;
  /** strangler.yaml's database.url, as written (may hold `${ENV_VAR}`). */
  configuredUrl?: string;
}

/**
 * Reads the live database or the queries file the flags name; nothing (undefined) when neither is given.
 * Every failure is a RuntimeInputError with one line that names what failed and never the password.
 */
export async function readRuntimeInput(req: RuntimeRequest): Promise<RuntimeInput | undefined> {
  if (req.database !== undefined && req.database !== false && req.queries !== undefined) {
    throw new RuntimeInputError("--database and --queries: give one (the live database, or an export of its statistics)");
  }
  if (req.queries !== undefined) return readQueriesFile(req.queries, shownPath(req.repo, req.queries));
  if (req.database === undefined || req.database === false) return undefined;
  const raw = req.database === true ? fromConfig(req.configuredUrl) : req.database;
  const url = parseDatabaseUrl(raw);
  if (url.dialect === "postgresql") {
    const { readPostgres } = await import("./postgres.js");
    return readPostgres(url);
  }
  const { readMysql } = await import("./mysql.js");
  return readMysql(url);
}

/** database.url of strangler.yaml, with `${VAR}` taken from the environment (where its password belongs). */
function fromConfig(configured: string | undefined): string {
  if (!configured) throw new RuntimeInputError("--database without a URL: strangler.yaml has no database.url (or give --database postgresql://user@host:5432/db)");
  return configured.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const value = process.env[name];
    if (value === undefined) throw new RuntimeInputError(`strangler.yaml: database.url uses \${${name}}, which is not set in the environment`);
    return encodeURIComponent(value);
  });
}

/** Repo-relative when inside the repo, else the file's name: output never holds an absolute path. */
function shownPath(repo: string, file: string): string {
  const rel = path.relative(path.resolve(repo), path.resolve(file));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : path.basename(file);
}
