import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, repoOf, runCli, tempDirs } from "./helpers/cli.js";

/* The smaller findings of the untrusted-repository probe, each as it was met. */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const CODE = {
  "src/order/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n',
  "src/billing/index.ts": 'export const bill = (db: { query(s: string): void }) => db.query("SELECT * FROM invoices");\n',
  "schema.sql": "CREATE TABLE orders (id int);\nCREATE TABLE invoices (id int);\n",
};

describe("small findings", () => {
  it("-o does not replace a read-only file", () => {
    const dir = repo(CODE);
    const out = path.join(temp(), "graph.json");
    fs.writeFileSync(out, "kept\n");
    fs.chmodSync(out, 0o444);
    const r = runCli(["scan", dir, "--json", "-o", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${out}: read-only (no write permission); not replaced`);
    expect(fs.readFileSync(out, "utf8")).toBe("kept\n");
  });

  it("a root folder named javascript: stays a relative SARIF URI", () => {
    const dir = repo({
      "javascript:/peek.ts": 'export const peek = (db: { query(s: string): void }) => db.query("SELECT * FROM invoices");\n',
      ...CODE,
      "contexts.yaml": "contexts:\n  order:\n    modules: [src/order/**, 'javascript:/**']\n    tables: [orders]\n  billing:\n    modules: [src/billing/**]\n    tables: [invoices]\n",
    });
    const r = runCli(["check", dir, "--format", "sarif"]);
    expect(r.status, r.stderr).toBe(1);
    const uris = JSON.parse(r.stdout).runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(["javascript%3A/peek.ts"]);
  });

  it("a raw % in a database password is a clear input error, without the password", () => {
    const r = runCli(["scan", repo(CODE), "--database", "postgresql://app:50%off-S3cret@127.0.0.1:1/shop"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the password in the URL holds a % that starts no escape (write %25 for a %)");
    expect(r.stderr).not.toContain("S3cret");
    expect(r.stderr).not.toContain("internal error");
  });

  it("--queries takes only whole call counts", () => {
    const dir = repo(CODE);
    const stats = path.join(temp(), "stats.csv");
    fs.writeFileSync(stats, 'query,calls\n"SELECT * FROM orders",1.5\n"SELECT * FROM invoices",1e23\n"SELECT * FROM orders WHERE id = $1",7\n');
    const r = runCli(["scan", dir, "--queries", stats, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.runtime.tables.map((t: { name: string; calls: number }) => [t.name, t.calls])).toEqual([["public.orders", 7]]);
    expect(json.diagnostics.filter((d: { code: string }) => d.code === "runtime-row").map((d: { line: number }) => d.line)).toEqual([2, 3]);
  });
});

describe("standard output that cannot be written", () => {
  it("a full disk is one line and exit 2, not a stack trace", () => {
    const full = fs.openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, "scan", repo(CODE), "--json"], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("strangler: cannot write the result to standard output (no space left on the device)\n");
    } finally {
      fs.closeSync(full);
    }
  });
});

describe("init", () => {
  it("never writes a strangler.yaml check would refuse", () => {
    const dir = repo({ ...CODE, "strangler.yaml": "team:\n  size: 4\n  sise: 5\n" });
    const r = runCli(["init", dir, "--dau", "1000"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strangler\.yaml:3: .*sise.*; not rewritten \(check would refuse the file: fix this first\)/);
    expect(fs.readFileSync(path.join(dir, "strangler.yaml"), "utf8")).toBe("team:\n  size: 4\n  sise: 5\n");
    fs.writeFileSync(path.join(dir, "strangler.yaml"), "team:\n  size: 4\n");
    expect(runCli(["init", dir, "--dau", "1000"]).status).toBe(0);
  });
});
