import { afterAll, describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { repoOf, tempDirs } from "./helpers/cli.js";

/*
 * Code files are parsed without their JSDoc (src/scan/code/parse-file.ts): nothing strangler reads is in it.
 * What it reads around JSDoc blocks, even ones that look like code or SQL, keeps its lines, its scope and
 * its tables.
 */
const temp = tempDirs(afterAll);
const repo = repoOf(temp);

describe("JSDoc is not read, what stands around it is", () => {
  it("keeps the lines and scopes of SQL and imports after JSDoc blocks, and reads no SQL written in one", () => {
    const dir = repo({
      "src/orders/orders.repo.ts": [
        'import { db } from "../db";',
        "/**",
        " * Lists the open orders.",
        ' * @example db.query("SELECT * FROM invoices")',
        " * @param {number} limit how many",
        " * @returns {Promise<Order[]>}",
        " */",
        "export async function listOpen(limit: number) {",
        "  /** the statement */",
        '  return db.query("SELECT * FROM orders WHERE status = \'open\' LIMIT 10");',
        "}",
        "",
      ].join("\n"),
      "src/db.ts": "/** @type {{ query(sql: string): Promise<unknown> }} */\nexport const db = { query: async (_sql: string) => [] };\n",
    });
    const scan = scanRepo(dir, {});
    const sites = scan.facts.sqlSites.map((s) => ({ file: s.file, line: s.line, scope: s.scope }));
    expect(sites).toEqual([{ file: "src/orders/orders.repo.ts", line: 10, scope: "src/orders/orders.repo.ts#listOpen:8" }]);
    expect(scan.facts.imports.map((i) => [i.from, i.to, i.line])).toEqual([["src/orders/orders.repo.ts", "src/db.ts", 1]]);
  });
});
