import { RuntimeInputError, type RuntimeDialect } from "./input.js";
import { emptyRecord } from "../../util/record.js";

/** A database URL taken apart; `shown` is what messages and output may print (never the password). */
export interface DatabaseUrl {
  dialect: RuntimeDialect;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `postgresql://user@host:port/db`: the URL without password or query string. */
  shown: string;
  /** Query parameters (`sslmode=require`, `ssl=true`), passed on to the client. */
  params: Record<string, string>;
}

const SCHEMES: Record<string, RuntimeDialect> = {
  postgres: "postgresql",
  postgresql: "postgresql",
  mysql: "mysql",
  mariadb: "mariadb",
};
const DEFAULT_PORT: Record<RuntimeDialect, number> = { postgresql: 5432, mysql: 3306, mariadb: 3306 };

/**
 * `postgresql://user:password@host:port/database?sslmode=require`, `mysql://…`, `mariadb://…`. An empty
 * password falls back to the client's own environment variable (PGPASSWORD, MYSQL_PWD), read by the caller.
 * Errors name the URL without its password.
 */
export function parseDatabaseUrl(raw: string): DatabaseUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  const dialect = scheme && Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme] : undefined;
  if (!dialect) {
    throw new RuntimeInputError(`--database: expected a URL such as postgresql://user@host:5432/db or mysql://user@host:3306/db, got "${redactUrl(raw)}"`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RuntimeInputError(`--database: not a valid URL: "${redactUrl(raw)}"`);
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new RuntimeInputError(`--database: the ${what} in the URL holds a % that starts no escape (write %25 for a %): "${redactUrl(raw)}"`);
    }
  };
  const database = decode(url.pathname.replace(/^\//, ""), "database name");
  const user = decode(url.username, "user");
  const port = url.port ? Number(url.port) : DEFAULT_PORT[dialect];
  const host = url.hostname.replace(/^\[|\]$/g, "") || "localhost";
  const shown = `${scheme}://${user ? `${url.username}@` : ""}${url.host || host}${url.pathname}`;
  if (!database) throw new RuntimeInputError(`--database: ${shown} names no database (…/<database> at its end)`);
  const params = emptyRecord<string>();
  for (const [k, v] of url.searchParams) params[k] = v;
  return { dialect, host, port, user, password: decode(url.password, "password"), database, shown, params };
}

/** The URL with any password replaced, for messages about a URL that could not be parsed. */
export function redactUrl(raw: string): string {
  return raw.replace(/(\/\/[^/@:]*):[^@/]*@/, "$1:***@");
}

/** A message with every secret (as written and URL-encoded) replaced by `***`. */
export function redact(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("***");
  }
  return out;
}
