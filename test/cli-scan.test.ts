import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, copyReversed, runCli, tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);

const ANSI = /\u001b\[/;

describe("strangler scan, run as a user would", () => {
  it("gives byte-identical JSON and graph on two runs, and on a copy whose files were created in another order", () => {
    const dir = temp();
    const copy = copyReversed(FIXTURE, path.join(dir, "copy"));
    // The fixture sits in strangler's own repository, the copy in none: history off for all three.
    const a = runCli(["scan", FIXTURE, "--json", "--no-git-history", "--out", path.join(dir, "a.json")]);
    const b = runCli(["scan", FIXTURE, "--json", "--no-git-history", "--out", path.join(dir, "b.json")]);
    const c = runCli(["scan", copy, "--json", "--no-git-history", "--out", path.join(dir, "c.json")]);
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
    const graphA = fs.readFileSync(path.join(dir, "a.json"), "utf8");
    expect(fs.readFileSync(path.join(dir, "b.json"), "utf8")).toBe(graphA);
    expect(fs.readFileSync(path.join(dir, "c.json"), "utf8")).toBe(graphA);
  });

  it("writes the graph in graphology's serialized form, every edge with its evidence", () => {
    const out = path.join(temp(), "graph.json");
    expect(runCli(["scan", FIXTURE, "--out", out]).status).toBe(0);
    const g = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(g.options).toEqual({ type: "directed", multi: true, allowSelfLoops: false });
    expect(g.nodes.length).toBe(22 + 44);
    for (const e of g.edges) {
      expect(e.attributes.evidence.length).toBe(e.attributes.weight);
      expect(e.attributes.evidence.length).toBeGreaterThan(0);
    }
  });

  it("prints a summary table without colour when piped", () => {
    const r = runCli(["scan", FIXTURE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/code files\s*│\s*73/);
    expect(r.stdout).toMatch(/import edges\s*│\s*76/);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).not.toMatch(ANSI);
  });

  it("reports a syntax error, a binary file, a FIFO and symlink loops by file, and goes on (exit 0)", () => {
    const dir = copyReversed(FIXTURE, path.join(temp(), "repo"));
    fs.writeFileSync(path.join(dir, "src/modules/cart/broken.ts"), "export function oops( {\n  return query('SELECT * FROM carts');\n");
    fs.writeFileSync(path.join(dir, "src/modules/cart/blob.ts"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]));
    fs.symlinkSync("..", path.join(dir, "src/modules/loop"));
    fs.symlinkSync("self.ts", path.join(dir, "src/self.ts"));
    expect(spawnSync("mkfifo", [path.join(dir, "src/modules/cart/pipe.ts")]).status).toBe(0);
    const r = runCli(["scan", dir, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const find = (file: string, code: string) => out.diagnostics.find((d: { file: string; code: string }) => d.file === file && d.code === code);
    expect(find("src/modules/cart/broken.ts", "syntax-error")?.line).toBeGreaterThan(0);
    expect(find("src/modules/cart/blob.ts", "binary-file")).toBeDefined();
    expect(find("src/modules/loop", "symlink-loop")).toBeDefined();
    expect(find("src/self.ts", "symlink-loop")).toBeDefined();
    expect(find("src/modules/cart/pipe.ts", "not-a-regular-file")).toBeDefined();
    // the rest of the repo is still scanned: the good files plus the broken one
    expect(out.summary.files).toBe(74);
    expect(out.summary.units).toBe(22);
  });

  it("reports an unreadable file by name and goes on", () => {
    const dir = copyReversed(FIXTURE, path.join(temp(), "repo"));
    const secret = path.join(dir, "src/modules/order/secret.ts");
    fs.writeFileSync(secret, "export const x = 1;\n");
    fs.chmodSync(secret, 0o000);
    // root reads anything: run the scan as an unprivileged user so the permission really applies
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    if (asUser !== undefined) fs.chmodSync(path.dirname(dir), 0o755); // mkdtemp made it 0700
    const r = runCli(["scan", dir, "--json"], { asUser });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics).toContainEqual({ file: "src/modules/order/secret.ts", code: "unreadable", severity: "warning", message: "cannot read file: EACCES" });
    expect(out.summary.files).toBe(73);
  });

  it("says in one line that a missing repo path is missing, exit 2", () => {
    const r = runCli(["scan", "no/such/repo"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("strangler: no/such/repo: no such folder\n");
  });

  it("exits 2 on a bad flag value or an unknown option", () => {
    expect(runCli(["scan", FIXTURE, "--granularity", "class"]).status).toBe(2);
    expect(runCli(["scan", FIXTURE, "--frobnicate"]).status).toBe(2);
    expect(runCli(["nope"]).status).toBe(2);
  });

  it("loads neither ts-morph nor node-sql-parser for --help, but does for scan", () => {
    const dir = temp();
    const record = (args: string[], file: string) => {
      const r = runCli(args, { nodeArgs: ["--import", path.join(ROOT, "test/helpers/record-imports.mjs")], env: { RECORD_IMPORTS_FILE: file } });
      expect(r.status).toBe(0);
      return fs.readFileSync(file, "utf8");
    };
    const help = record(["--help"], path.join(dir, "help.txt"));
    expect(help).toContain("commander");
    expect(help).not.toContain("/ts-morph/");
    expect(help).not.toContain("/node-sql-parser/");
    const scan = record(["scan", FIXTURE], path.join(dir, "scan.txt"));
    expect(scan).toContain("/ts-morph/");
    expect(scan).toContain("/node-sql-parser/");
  });
});
