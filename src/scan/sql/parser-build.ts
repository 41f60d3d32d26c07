import { createRequire } from "node:module";
import type { Dialect } from "./dialect.js";

/** What this project uses of a node-sql-parser Parser. */
export interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

/** node-sql-parser's build of one dialect: `node-sql-parser/build/<name>.js`. */
const BUILD: Record<Dialect, string> = { postgresql: "postgresql", mysql: "mysql", mariadb: "mariadb", sqlite: "sqlite" };

const require = createRequire(import.meta.url);
const loaded = new Map<Dialect, new () => SqlParser>();

/**
 * A parser for one dialect from node-sql-parser's per-dialect build, which loads only that dialect's
 * grammar (its default entry loads every dialect's). Loaded once per dialect, synchronously (the scan is
 * synchronous), on first use. The builds give the same ASTs as the default entry (test/libraries.test.ts).
 */
/**
 * The published package ships only the four builds it loads, copied into dist/vendor/ at build time
 * (scripts/vendor-sql-parser.mjs); from the sources (tests, a checkout) node-sql-parser itself is there.
 */
function loadBuild(name: string): unknown {
  try {
    return require(`../../vendor/node-sql-parser/${name}.cjs`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    return require(`node-sql-parser/build/${name}.js`);
  }
}

export function parserFor(dialect: Dialect): SqlParser {
  let P = loaded.get(dialect);
  if (!P) {
    P = (loadBuild(BUILD[dialect]) as { Parser: new () => SqlParser }).Parser;
    loaded.set(dialect, P);
  }
  return new P();
}
