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
export function parserFor(dialect: Dialect): SqlParser {
  let P = loaded.get(dialect);
  if (!P) {
    P = (require(`node-sql-parser/build/${BUILD[dialect]}.js`) as { Parser: new () => SqlParser }).Parser;
    loaded.set(dialect, P);
  }
  return new P();
}
