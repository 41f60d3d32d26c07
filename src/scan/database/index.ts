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
  /** strangler.yaml's database.url, as written (may hold `${ENV_VAR}` as its password). */
  configuredUrl?: string;
  /** The user consented to strangler.yaml's database.url (--database-from-config, or a --config they named). */
  fromConfig?: boolean;
  /** The deadline of the whole reading, and of each statement (default DEFAULT_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
  /** Send the password to a server that asks for it in cleartext. */
  allowCleartext?: boolean;
}

/** The whole reading of a live database gives up after this (and each statement after the same at most). */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * The environment variables database.url may name, and only in the password position
 * (`postgresql://app:${DB_PASSWORD}@db/shop`): a repository cannot have any other variable sent anywhere.
 */
export const PASSWORD_VARIABLES = ["DB_PASSWORD", "DATABASE_PASSWORD", "PGPASSWORD", "MYSQL_PWD", "MYSQL_PASSWORD", "STRANGLER_DB_PASSWORD"];

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
  const raw = req.database === true ? (req.fromConfig ? fromConfig(req.configuredUrl) : fromEnvironment()) : req.database;
  const url = parseDatabaseUrl(raw);
  const limits = { timeoutMs: (req.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000, allowCleartext: req.allowCleartext === true };
  if (url.dialect === "postgresql") {
    const { readPostgres } = await import("./postgres.js");
    return readPostgres(url, limits);
  }
  const { readMysql } = await import("./mysql.js");
  return readMysql(url, limits);
}

/** `--database` alone: the URL in the user's environment, never one the repository wrote. */
function fromEnvironment(): string {
  const url = process.env.STRANGLER_DATABASE_URL;
  if (!url) {
    throw new RuntimeInputError(
      "--database without a URL: set STRANGLER_DATABASE_URL, give --database postgresql://user@host:5432/db, or --database-from-config to connect where strangler.yaml's database.url says",
    );
  }
  return url;
}

/**
 * database.url of strangler.yaml (the user consented to its host), with a `${VAR}` in the password position
 * taken from the environment when VAR is one of PASSWORD_VARIABLES; `${…}` anywhere else, or naming another
 * variable, is refused: the repository would choose what of the user's environment is sent where.
 */
function fromConfig(configured: string | undefined): string {
  if (!configured) throw new RuntimeInputError("--database-from-config: strangler.yaml has no database.url (or give --database postgresql://user@host:5432/db)");
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)\$\{([A-Za-z_][A-Za-z0-9_]*)\}(@.*)$/is.exec(configured);
  const rest = m ? `${m[1]}${m[3]}` : configured;
  if (/\$\{/.test(rest)) {
    throw new RuntimeInputError("strangler.yaml: database.url may use ${VARIABLE} only as its password (postgresql://app:${DB_PASSWORD}@host/db); refused");
  }
  if (!m) return configured;
  const name = m[2];
  if (!PASSWORD_VARIABLES.includes(name)) {
    throw new RuntimeInputError(`strangler.yaml: database.url's password may name only ${PASSWORD_VARIABLES.map((v) => `\${${v}}`).join(", ")}; refused`);
  }
  const value = process.env[name];
  if (value === undefined) throw new RuntimeInputError(`strangler.yaml: database.url uses \${${name}}, which is not set in the environment`);
  return `${m[1]}${encodeURIComponent(value)}${m[3]}`;
}

/** Repo-relative when inside the repo, else the file's name: output never holds an absolute path. */
function shownPath(repo: string, file: string): string {
  const rel = path.relative(path.resolve(repo), path.resolve(file));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : path.basename(file);
}
