import { ts } from "#ts";
import type { Dialect } from "../sql/dialect.js";

/*
 * What a project's own configuration says its database is, before any SQL is read: the ORM or query
 * builder options in code (TypeORM and MikroORM `type`, Knex `client`, Drizzle and Sequelize `dialect`,
 * MikroORM `driver: PostgreSqlDriver`), Prisma's datasource `provider`, and the driver packages in
 * package.json. The SQL token vote is only the last resort.
 */

export interface DialectHint {
  dialect: Dialect;
  file: string;
  line: number;
  /** What said so: `type: "postgres"`, `provider = "mysql"`. */
  said: string;
  /**
   * Where it applies: `production` (a knexfile's `production`, a `NODE_ENV === "production"` branch),
   * `development` (`development`, `test`, `local` … keys or branches), `deployment` (a compose service's
   * image); none for a configuration that names no environment.
   */
  env?: "production" | "development" | "deployment";
  /** In one branch of several (`case DatabaseType.POSTGRES:`, an `if`/`else` arm): one database the code supports. */
  alternative?: boolean;
}

const VALUES: Record<string, Dialect> = {
  postgres: "postgresql", postgresql: "postgresql", pg: "postgresql", cockroachdb: "postgresql", "pg-native": "postgresql", pglite: "postgresql",
  mysql: "mysql", mysql2: "mysql", aurora_mysql: "mysql", "aurora-mysql": "mysql", singlestore: "mysql",
  mariadb: "mariadb",
  sqlite: "sqlite", sqlite3: "sqlite", "better-sqlite3": "sqlite", "better-sqlite": "sqlite", libsql: "sqlite", turso: "sqlite", "expo-sqlite": "sqlite", capacitor: "sqlite",
};
const KEYS = new Set(["type", "client", "dialect", "provider"]);
const DRIVERS: Record<string, Dialect> = { PostgreSqlDriver: "postgresql", MySqlDriver: "mysql", MariaDbDriver: "mariadb", SqliteDriver: "sqlite", BetterSqliteDriver: "sqlite", LibSqlDriver: "sqlite" };

/** `type: "postgres"` / `client: "pg"` / `dialect: "mysql"` / `driver: PostgreSqlDriver` in an object literal. */
export function dialectHintAt(node: ts.Node, file: string, lineOf: (n: ts.Node) => number): DialectHint | null {
  if (!ts.isPropertyAssignment(node) || !(ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return null;
  const key = node.name.text;
  const v = node.initializer;
  if (KEYS.has(key) && (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) && Object.hasOwn(VALUES, v.text)) {
    // Only where the object also says how to connect or what to load: a database configuration.
    const siblings = ts.isObjectLiteralExpression(node.parent) ? node.parent.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : "")) : [];
    if (!siblings.some((s) => /^(host|port|url|database|dbName|connection|connectionString|entities|migrations|schema|out|dbCredentials|username|user|password|filename|storage|synchronize|useNullAsDefault|pool)$/.test(s))) return null;
    return placed({ dialect: VALUES[v.text], file, line: lineOf(node), said: `${key}: "${v.text}"` }, node);
  }
  if (key === "driver" && ts.isIdentifier(v) && Object.hasOwn(DRIVERS, v.text)) return placed({ dialect: DRIVERS[v.text], file, line: lineOf(node), said: `driver: ${v.text}` }, node);
  return null;
}

const PRODUCTION = /^(production|prod|staging|live)$/i;
const DEVELOPMENT = /^(development|dev|develop|test|testing|local|ci|e2e|debug|sandbox)$/i;
/** A property holding a library's fallback (`KnexStore.defaultsKnex = { client: "sqlite3", … }`). */
const DEFAULTS = /^(defaults?|fallback)/i;

/**
 * The hint with the environment it sits in (`production: { client: "pg" }`, `NODE_ENV === "production" ?
 * { … } : { … }`), or null when it is a default a helper falls back to (assigned to a `defaults…` property or a
 * parameter's default value): a library's default says nothing of the application's database.
 */
function placed(hint: DialectHint, node: ts.Node): DialectHint | null {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isParameter(n) && n.initializer === child) return null;
    // `Store.defaultsKnex = { … }`: a fallback set on a library's constructor or object.
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && DEFAULTS.test(n.left.name.text)) return null;
    const name = ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : "";
    if (!hint.env && ts.isPropertyAssignment(n)) {
      if (PRODUCTION.test(name)) hint.env = "production";
      else if (DEVELOPMENT.test(name)) hint.env = "development";
    }
    if (!hint.env && ts.isConditionalExpression(n) && child !== n.condition) {
      const env = branchEnv(n.condition.getText(), child === n.whenTrue);
      if (env) hint.env = env;
      else hint.alternative = true;
    }
    if (ts.isCaseClause(n) || ts.isDefaultClause(n) || (ts.isIfStatement(n) && child !== n.expression)) hint.alternative = true;
  }
  return hint;
}

/** The environment a branch of `NODE_ENV === "production" ? a : b` runs in. */
function branchEnv(condition: string, whenTrue: boolean): "production" | "development" | null {
  const m = /(===?|!==?)\s*["'`](\w+)["'`]|["'`](\w+)["'`]\s*(===?|!==?)/.exec(condition);
  if (!m) {
    // `isProduction ? a : b`, `!isDev ? a : b`
    const flag = /^\s*(!?)\s*[\w.]*?(prod(?:uction)?|dev(?:elopment)?|test)\w*\s*$/i.exec(condition);
    if (!flag) return null;
    const env = /^prod/i.test(flag[2]) ? "production" : "development";
    return (flag[1] === "") === whenTrue ? env : env === "production" ? "development" : "production";
  }
  const word = m[2] ?? m[3];
  const equal = (m[1] ?? m[4]).startsWith("=");
  const env = PRODUCTION.test(word) ? "production" : DEVELOPMENT.test(word) ? "development" : null;
  if (!env) return null;
  if (equal === whenTrue) return env;
  return env === "production" ? "development" : "production";
}

/** Prisma's `datasource db { provider = "postgresql" }`. */
export function prismaProvider(text: string, file: string): DialectHint | null {
  const m = /\bdatasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"([\w-]+)"/.exec(text);
  if (!m || !Object.hasOwn(VALUES, m[1])) return null;
  const line = text.slice(0, m.index + m[0].length).split("\n").length;
  return { dialect: VALUES[m[1]], file, line, said: `provider = "${m[1]}"` };
}

const PACKAGES: Record<string, Dialect> = {
  pg: "postgresql", postgres: "postgresql", "pg-promise": "postgresql", "@neondatabase/serverless": "postgresql", "@vercel/postgres": "postgresql", "@electric-sql/pglite": "postgresql", slonik: "postgresql",
  mysql: "mysql", mysql2: "mysql", "@planetscale/database": "mysql",
  mariadb: "mariadb",
  sqlite3: "sqlite", "better-sqlite3": "sqlite", "@libsql/client": "sqlite", "sql.js": "sqlite",
};

/** The database driver packages a repo depends on, when they all name one dialect. */
export function driverDialect(dependencies: string[]): { dialect: Dialect; packages: string[] } | null {
  const found = dependencies.filter((d) => Object.hasOwn(PACKAGES, d));
  const dialects = new Set(found.map((d) => PACKAGES[d]));
  return dialects.size === 1 ? { dialect: [...dialects][0], packages: found } : null;
}

/** Every database the driver packages name. */
export function driverDialects(dependencies: string[]): Set<Dialect> {
  return new Set(dependencies.filter((d) => Object.hasOwn(PACKAGES, d)).map((d) => PACKAGES[d]));
}

/** The dialect most configuration hints name (ties broken by the first in file order); null without hints. */
export function configuredDialect(hints: DialectHint[]): Dialect | null {
  const count = new Map<Dialect, number>();
  for (const h of hints) count.set(h.dialect, (count.get(h.dialect) ?? 0) + 1);
  let best: Dialect | null = null;
  for (const h of hints) if (best === null || count.get(h.dialect)! > count.get(best)!) best = h.dialect;
  return best;
}
