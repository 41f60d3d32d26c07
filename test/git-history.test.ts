import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { buildGraph } from "../src/graph/build.js";
import { tempDirs } from "./helpers/cli.js";

const temp = tempDirs(afterAll);

/** A repository with dated commits: files written, then committed at the given date. */
function repoWithCommits(commits: Array<{ date: string; files: string[] }>): string {
  const dir = temp();
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync("git", ["-c", "user.email=dev@example.com", "-c", "user.name=Dev", "-c", "commit.gpgsign=false", ...args], { cwd: dir, env: { ...process.env, ...env } });
  git(["init", "-q", "-b", "main"]);
  commits.forEach((c, i) => {
    for (const f of c.files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), `export const v${i} = ${i};\n`);
    }
    git(["add", "-A"]);
    git(["commit", "-qm", `change ${i}`], { GIT_AUTHOR_DATE: c.date, GIT_COMMITTER_DATE: c.date });
  });
  return dir;
}

describe("git history: churn and co-change per unit", () => {
  const repo = repoWithCommits([
    { date: "2024-01-10T10:00:00Z", files: ["src/order/a.ts", "src/payment/p.ts", "src/notify/n.ts"] },
    { date: "2025-03-01T10:00:00Z", files: ["src/order/a.ts", "src/payment/p.ts"] },
    { date: "2025-09-01T10:00:00Z", files: ["src/order/b.ts", "src/payment/p.ts"] },
    { date: "2025-10-01T10:00:00Z", files: ["src/notify/n.ts"] },
    { date: "2025-11-01T10:00:00Z", files: ["src/order/a.ts", "README.md"] },
  ]);
  const scan = scanRepo(repo);

  it("counts commits per unit, in all and in the 6 and 12 months before the newest commit", () => {
    expect(scan.facts.history?.commits).toBe(5);
    expect(scan.facts.history?.units).toEqual({
      "src/notify": { commits: 2, commits6m: 1, commits12m: 1 },
      "src/order": { commits: 4, commits6m: 2, commits12m: 3 },
      "src/payment": { commits: 3, commits6m: 1, commits12m: 2 },
    });
  });

  it("links units changed together at least twice, newest commits as evidence", () => {
    const pairs = scan.facts.history!.cochange.map((c) => `${c.units.join(" + ")} ×${c.count}`);
    expect(pairs).toEqual(["src/order + src/payment ×3"]);
    const graph = buildGraph(scan.facts);
    const edge = graph.getEdgeAttributes("cochange:module:src/order->module:src/payment");
    expect(edge.weight).toBe(3);
    expect(edge.evidence).toHaveLength(3);
    expect(edge.evidence.every((e) => /^[0-9a-f]{40}$/.test(e.commit ?? ""))).toBe(true);
    expect((graph.getNodeAttributes("module:src/order") as { churn: number }).churn).toBe(4);
  });

  it("works without git history, and says so", () => {
    const dir = temp();
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src/a.ts"), "export const a = 1;\n");
    const s = scanRepo(dir);
    expect(s.facts.history).toBeNull();
    expect(s.facts.diagnostics).toContainEqual(expect.objectContaining({ code: "no-git-history", severity: "info" }));
  });
});

describe("git history of a subfolder (strangler assess server/)", () => {
  const repo = repoWithCommits([
    { date: "2025-01-10T10:00:00Z", files: ["server/src/order/a.ts", "server/src/payment/p.ts", "web/src/app.ts"] },
    { date: "2025-02-10T10:00:00Z", files: ["server/src/order/a.ts", "server/src/payment/p.ts"] },
    { date: "2025-03-10T10:00:00Z", files: ["web/src/app.ts"] },
    { date: "2025-04-10T10:00:00Z", files: ["server/src/order/b.ts", "web/src/app.ts"] },
  ]);

  it("reads the commits that touched the subfolder, its paths relative to it", () => {
    const s = scanRepo(path.join(repo, "server"));
    expect(s.facts.history?.commits).toBe(3);
    expect(s.facts.history?.units).toEqual({
      "src/order": { commits: 3, commits6m: 3, commits12m: 3 },
      "src/payment": { commits: 2, commits6m: 2, commits12m: 2 },
    });
    expect(s.facts.history?.cochange.map((c) => c.units.join(" + "))).toEqual(["src/order + src/payment"]);
    expect(s.facts.diagnostics.map((d) => d.code)).not.toContain("no-git-history");
  });

  it("is not read with --no-git-history (gitHistory: false)", () => {
    expect(scanRepo(path.join(repo, "server"), { gitHistory: false }).facts.history).toBeNull();
  });
});

