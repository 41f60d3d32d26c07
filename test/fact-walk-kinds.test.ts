import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ts } from "#ts";
import { extractFileFacts } from "../src/scan/code/file-facts.js";
import { SYNTAX_ONLY } from "../src/scan/code/parse-file.js";
import { SOURCES } from "../src/scan/sources/index.js";
import { ROOT } from "./helpers/cli.js";

/*
 * The fact walk visits only the node kinds the readers act on (VISITED_KINDS in src/scan/code/file-facts.ts)
 * and no tokens. Every code file of every fixture, read with every ORM source on, gives the very same facts
 * as a walk that visits every node: a reader that starts acting on another kind of node fails here until the
 * kind is added to the list.
 */
const CODE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...codeFiles(p));
    else if (CODE.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

describe("the fact walk's kinds of node", () => {
  const files = codeFiles(path.join(ROOT, "fixtures"));

  it("covers the fixtures' code", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("gives every fixture file the same facts as a walk over every node, with every source on", () => {
    const differing: string[] = [];
    for (const file of files) {
      const rel = path.relative(ROOT, file).split(path.sep).join("/");
      const text = fs.readFileSync(file, "utf8");
      const read = (everyNode: boolean) => {
        const sf = ts.createSourceFile(`/${rel}`, text, SYNTAX_ONLY, true);
        return JSON.stringify(extractFileFacts({ compilerNode: sf }, rel, SOURCES, { everyNode }));
      };
      if (read(false) !== read(true)) differing.push(rel);
    }
    expect(differing).toEqual([]);
  });
});
