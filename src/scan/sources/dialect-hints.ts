import { ts } from "ts-morph";
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
    return { dialect: VALUES[v.text], file, line: lineOf(node), said: `${key}: "${v.text}"` };
  }
  if (key === "driver" && ts.isIdentifier(v) && Object.hasOwn(DRIVERS, v.text)) return { dialect: DRIVERS[v.text], file, line: lineOf(node), said: `driver: ${v.text}` };
  return null;
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

/** The dialect most configuration hints name (ties broken by the first in file order); null without hints. */
export function configuredDialect(hints: DialectHint[]): Dialect | null {
  const count = new Map<Dialect, number>();
  for (const h of hints) count.set(h.dialect, (count.get(h.dialect) ?? 0) + 1);
  let best: Dialect | null = null;
  for (const h of hints) if (best === null || count.get(h.dialect)! > count.get(best)!) best = h.dialect;
  return best;
}
