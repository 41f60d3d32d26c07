import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoOf, runCli, tempDirs } from "./helpers/cli.js";

/*
 * Names a repository chose reach terminals and CI logs: a file named with a newline and `::error …::` or
 * `::stop-commands::` must not forge or silence a GitHub workflow command, and an ANSI or OSC sequence must
 * not act on a terminal, in any format or in the diagnostics on stderr.
 */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const PEEK = 'export const peek = (db: { query(s: string): void }) => db.query("SELECT * FROM invoices");\n';
const BASE = {
  "src/order/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n',
  "src/billing/index.ts": 'export const bill = (db: { query(s: string): void }) => db.query("SELECT * FROM invoices");\n',
  "schema.sql": "CREATE TABLE orders (id int);\nCREATE TABLE invoices (id int);\n",
  "contexts.yaml": "contexts:\n  order:\n    modules: [src/order/**]\n    tables: [orders]\n  billing:\n    modules: [src/billing/**]\n    tables: [invoices]\n",
};
const FORGED = "x\n::error file=README.md,line=1::forged\n::stop-commands::tok\u001b]0;pwned\u0007\u001b[2J.ts";
const BROKEN = "y\n::warning::forged too.ts";

/** No line starts with `::`, and no control character but newline (and colour codes, none here) is left. */
function safe(text: string) {
  expect(text).not.toMatch(/^\s*::/m);
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe("control characters in names are escaped in every output", () => {
  it("check's text, JSON and SARIF, and the diagnostics on stderr", () => {
    const dir = repo(BASE);
    fs.writeFileSync(path.join(dir, "src/order", FORGED), PEEK);
    fs.writeFileSync(path.join(dir, "src/order", BROKEN), "export const = ;\n");
    const text = runCli(["check", dir]);
    expect(text.status).toBe(1);
    safe(text.stdout);
    safe(text.stderr);
    expect(text.stdout).toContain("src/order/x\\n::error file=README.md,line=1::forged\\n::stop-commands::tok\\u001b]0;pwned\\u0007\\u001b[2J.ts:1  error  foreign-table-access");
    expect(text.stderr).toContain("src/order/y\\n::warning::forged too.ts");
    const json = runCli(["check", dir, "--json"]);
    safe(json.stdout);
    expect(JSON.parse(json.stdout).violations.map((v: { file: string }) => v.file)).toEqual([`src/order/${FORGED}`]);
    const sarif = runCli(["check", dir, "--format", "sarif"]);
    safe(sarif.stdout);
    expect(JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(encodeURI(`src/order/${FORGED}`));
    const github = runCli(["check", dir, "--format", "github"]).stdout;
    expect(github.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(1);
  });

  it("scan's and assess's text, and a usage error naming the folder", () => {
    const dir = repo(BASE);
    fs.writeFileSync(path.join(dir, "src/order", FORGED), PEEK);
    fs.writeFileSync(path.join(dir, "src/order", BROKEN), "export const = ;\n");
    for (const args of [["scan", dir, "--verbose"], ["assess", dir, "--verbose"]]) {
      const r = runCli(args);
      expect(r.status).toBe(0);
      safe(r.stdout);
      safe(r.stderr);
    }
    const missing = runCli(["check", path.join(temp(), "no\n::error::such\u001b[2J")]);
    expect(missing.status).toBe(2);
    safe(missing.stderr);
  });
});
