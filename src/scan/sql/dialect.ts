export type Dialect = "postgresql" | "mysql" | "mariadb" | "sqlite";
export const DIALECTS: Dialect[] = ["postgresql", "mysql", "mariadb", "sqlite"];

/** node-sql-parser's name for each dialect. */
export const PARSER_DATABASE: Record<Dialect, string> = {
  postgresql: "PostgresQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  sqlite: "Sqlite",
};

/** Schema a table lives in when its name is not qualified. */
export const DEFAULT_SCHEMA: Record<Dialect, string> = {
  postgresql: "public",
  mysql: "default",
  mariadb: "default",
  sqlite: "main",
};

/** How strongly a SQL text speaks MySQL or PostgreSQL (see detectDialect); signals of several texts add up. */
export interface DialectSignals {
  mysql: number;
  pg: number;
}

export function dialectSignals(raw: string, into: DialectSignals = { mysql: 0, pg: 0 }): DialectSignals {
  // Comments say nothing of the dialect (Prisma's warnings quote names in `backticks`); MySQL's
  // versioned comments /*!… */ are SQL and stay.
  const t = raw.replace(/--[^\n]*/g, "").replace(/\/\*(?!!)[\s\S]*?\*\//g, "");
  into.mysql += count(t, /`\w+`/g) + 5 * count(t, /\bENGINE\s*=/gi) + 5 * count(t, /\bAUTO_INCREMENT\b/gi);
  into.pg += 5 * count(t, /\$\$/g) + count(t, /::\w/g) + 5 * count(t, /\b(BIG)?SERIAL\b/gi) + 5 * count(t, /\bpg_catalog\b/g);
  return into;
}

export function dialectOf(signals: DialectSignals): Dialect {
  return signals.mysql > signals.pg ? "mysql" : "postgresql";
}

/** Guesses the dialect from SQL text (comments left out): MySQL's backticks and ENGINE=, PostgreSQL's `$$`, `::` and SERIAL. */
export function detectDialect(texts: string[], signals: DialectSignals = { mysql: 0, pg: 0 }): Dialect {
  for (const raw of texts) dialectSignals(raw, signals);
  return dialectOf(signals);
}

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/** `public.orders` → `orders`: the name as people write it when the schema is a dialect's default. */
export function shortTable(table: string): string {
  return table.replace(/^(public|default|main)\./, "");
}

/** `schema.name`, lower-cased and unquoted, with the dialect's default schema when none is written. */
export function normaliseTable(name: string, schema: string | null | undefined, dialect: Dialect): string {
  const clean = (s: string) => s.replace(/^["`[]|["`\]]$/g, "").toLowerCase();
  return `${schema ? clean(schema) : DEFAULT_SCHEMA[dialect]}.${clean(name)}`;
}
