import naturalCompare from "natural-compare";
import { compareStrings } from "../../util/sort.js";

/*
 * The order in which migration tools apply their files, so the schema is built as the database was:
 * - Flyway (https://documentation.red-gate.com/fd/migrations-184127470.html): `V<version>__desc.sql` by
 *   version, the parts of `1.2.10` or `1_2` compared as numbers; repeatable `R__desc.sql` after every
 *   versioned one, by description; undo `U<version>__` never runs forward.
 * - Timestamp or counter prefixes (TypeORM `1700000000000-Name.ts`, Knex/Prisma `20240101120000_name`,
 *   golang-migrate `000002_name.up.sql`, `2_x.sql`): the leading number, compared as a number (`2_x`
 *   before `10_x`).
 * - Prisma (https://www.prisma.io/docs/orm/prisma-migrate): `migrations/<timestamp>_name/migration.sql`, and
 *   diesel-like `<timestamp>_name/up.sql`: by the folder's name.
 * - Names with no number come after numbered ones, in natural order (natural-compare: `add_2_x` before
 *   `add_10_x`, as people number them); so do names within one version. Byte order of the whole path breaks
 *   every tie, so the order never depends on the file system.
 * The version comparison stays hand-written: it is Flyway's rule (parts split at `.` or `_`, compared as
 * numbers of any length, so 13- and 14-digit timestamps never lose precision; a shorter version first), which
 * no natural-sort library states.
 */

/** A folder that holds migrations: `migrations/`, Flyway's `db/migration/`, Rails-style `migrate/`, a set per database (`migrations-sqlite/`). */
export const MIGRATION_DIR = /(^|\/)(migrations?|migrate)([-_][A-Za-z0-9]+)?\//i;
/** SQL files only: drizzle-kit's output folder. */
const SQL_MIGRATION_DIR = /(^|\/)drizzle\//i;
/** A file named like a migration wherever it sits: a timestamp (`1700000000000-Init.ts`, `20240101120000_x.sql`) or Flyway's `V1__`. */
const MIGRATION_NAME = /^(\d{8,}[-_.]|V\d+(?:[._]\d+)*__)[^/]*$/;

/** Liquibase's SQL-formatted changelog: its first line. */
const LIQUIBASE = /^\s*--\s*liquibase\s+formatted\s+sql\b/i;

/** File names that say nothing of their own: the folder holding them names the migration. */
const GENERIC = /^(migration|up|down|changes?|schema)\.sql$/i;

/**
 * A migration: under a migrations folder, or named like one; for a SQL file (its text given) also under
 * drizzle-kit's folder, or a Liquibase formatted SQL changelog wherever it sits.
 */
export function isMigrationPath(path: string, sqlText?: string): boolean {
  if (MIGRATION_DIR.test(path) || MIGRATION_NAME.test(path.slice(path.lastIndexOf("/") + 1))) return true;
  return sqlText !== undefined && (SQL_MIGRATION_DIR.test(path) || LIQUIBASE.test(sqlText));
}

/** The name that orders a migration: the file's, or its folder's for `migration.sql`, `up.sql` … */
export function migrationName(path: string): string {
  const parts = path.split("/");
  const base = parts[parts.length - 1];
  return GENERIC.test(base) && parts.length > 1 ? parts[parts.length - 2] : base;
}

/** A migration that undoes another: `down.sql`, `*.down.sql`, Flyway's `U1__…`. Never applied forward. */
export function isUndoMigration(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return /^down\.sql$/i.test(base) || /[._-]down\.sql$/i.test(base) || /^U\d+(?:[._]\d+)*__/.test(base);
}

interface Key {
  /** 0 versioned, 1 no version, 2 repeatable (Flyway R__). */
  rank: number;
  version: string[];
  name: string;
}

function keyOf(path: string): Key {
  const name = migrationName(path);
  const flyway = /^([VvRr])(\d+(?:[._]\d+)*)?__/.exec(name);
  if (flyway) {
    if (/^[Rr]$/.test(flyway[1])) return { rank: 2, version: [], name };
    if (flyway[2]) return { rank: 0, version: flyway[2].split(/[._]/), name };
  }
  const numbered = /^(\d+(?:[._-]\d+)*)/.exec(name);
  if (numbered) return { rank: 0, version: numbered[1].split(/[._-]/), name };
  return { rank: 1, version: [], name };
}

/** Digit strings compared as numbers of any length. */
function compareNumbers(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  return x.length - y.length || compareStrings(x, y);
}

function compareVersions(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareNumbers(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

/** Two migration paths in the order their tool applies them. */
export function compareMigrations(a: string, b: string): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka.rank - kb.rank || compareVersions(ka.version, kb.version) || naturalCompare(ka.name, kb.name) || compareStrings(a, b);
}

/**
 * Order in which SQL files build the schema: plain files (schema dumps) by path, then migrations (see
 * isMigrationPath) in their tool's order.
 */
export function applyOrder(paths: string[], isMigration: (path: string) => boolean = (p) => MIGRATION_DIR.test(p)): string[] {
  const plain = paths.filter((p) => !isMigration(p)).sort(compareStrings);
  const migrations = paths.filter((p) => isMigration(p)).sort(compareMigrations);
  return [...plain, ...migrations];
}
