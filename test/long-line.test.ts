import { afterAll, describe, expect, it } from "vitest";
import { repoOf, tempDirs } from "./helpers/cli.js";
import { scanRepo } from "../src/scan/index.js";

/*
 * A file of one very long line of code, padded with short lines so that it is not taken for a bundle, is
 * parsed in time linear in the line: every call on it is found, at line 2. (The parse used to re-read the
 * line once per statement: a 1 MB line took about half a minute, 2 MB nearly two. Speed: npm run bench.)
 */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);

describe("a long line of code", () => {
  it("gives every query on it, at its line, within a budget that only a quadratic parse overruns", () => {
    const calls = Array.from({ length: 22_000 }, (_, i) => `const v${i} = db.query("SELECT * FROM t${i % 5}"); `);
    const pad = Array.from({ length: 1200 }, (_, k) => `// ${k}`).join("\n");
    const dir = repo({
      "src/big.ts": `declare const db: { query(s: string): void };\n${calls.join("")}\n${pad}\n`,
      "schema.sql": Array.from({ length: 5 }, (_, i) => `CREATE TABLE t${i} (id int);`).join("\n"),
    });
    const scan = scanRepo(dir, { gitHistory: false });
    const sites = scan.facts.sqlSites.filter((s) => s.file === "src/big.ts");
    expect(sites).toHaveLength(22_000);
    expect(new Set(sites.map((s) => s.line))).toEqual(new Set([2]));
  }, 40_000);
});
