import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, copyReversed, runCli, tempDirs } from "./helpers/cli.js";

/*
 * The per-file fact cache (.strangler/cache/) and parsing on worker threads change how fast a run is, never
 * what it says: assess --json and the roadmap are the same bytes cold, warm, on one or two threads, after an
 * entry is damaged, and with --no-cache.
 */
const temp = tempDirs(afterAll);
const CACHE = ".strangler/cache";
const ASSESS = ["--json", "--no-git-history"];
const ROADMAP = ["--no-git-history", "--start", "2026-03-02"];

let repo: string;
let reference: { assess: string; roadmap: string };

function run(command: "assess" | "roadmap", extra: string[] = []) {
  const r = runCli([command, repo, ...(command === "assess" ? ASSESS : ROADMAP), ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return r;
}
const shards = () => fs.readdirSync(path.join(repo, CACHE)).filter((f) => f.startsWith("facts-")).sort();

beforeAll(() => {
  repo = copyReversed(FIXTURE, path.join(temp(), "allinone-commerce"));
  fs.rmSync(path.join(repo, ".strangler/cache"), { recursive: true, force: true });
  reference = { assess: run("assess", ["--no-cache"]).stdout, roadmap: run("roadmap", ["--no-cache"]).stdout };
});

describe("the fact cache", () => {
  it("--no-cache neither reads nor writes it", () => {
    expect(fs.existsSync(path.join(repo, CACHE))).toBe(false);
  });

  it("is written on the first run, git-ignored by a file of its own, and the output is the same", () => {
    expect(run("assess", ["--workers", "1"]).stdout).toBe(reference.assess);
    expect(fs.readFileSync(path.join(repo, CACHE, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(shards().length).toBeGreaterThan(0);
  });

  it("gives the same bytes warm, on one thread and on two, for assess and the roadmap", () => {
    expect(run("assess", ["--workers", "1"]).stdout).toBe(reference.assess);
    expect(run("assess", ["--workers", "2"]).stdout).toBe(reference.assess);
    expect(run("roadmap", ["--workers", "2"]).stdout).toBe(reference.roadmap);
    expect(run("roadmap", ["--workers", "1"]).stdout).toBe(reference.roadmap);
  });

  it("gives the same bytes cold on two threads", () => {
    fs.rmSync(path.join(repo, CACHE), { recursive: true });
    expect(run("assess", ["--workers", "2"]).stdout).toBe(reference.assess);
    fs.rmSync(path.join(repo, CACHE), { recursive: true });
    expect(run("roadmap", ["--workers", "2"]).stdout).toBe(reference.roadmap);
  });

  it("reads a file again when its entry is damaged, with an info line naming the file, and the output is the same", () => {
    const shard = path.join(repo, CACHE, shards()[0]);
    const lines = fs.readFileSync(shard, "utf8").split("\n");
    // The entry's JSON changed under its digest: a fact that says something else.
    lines[1] = lines[1].replace(/"loc":(\d+)/, (_m, n) => `"loc":${Number(n) + 7}`);
    expect(lines[1]).toMatch(/"loc":/);
    fs.writeFileSync(shard, lines.join("\n"));
    const r = run("assess");
    expect(r.stdout).toBe(reference.assess);
    expect(r.stderr).toMatch(/info: \.strangler\/cache: the entry for src\/\S+ is damaged or not strangler's: \S+ read again/);
    // Mended: the next run trusts the cache again, silently.
    const again = run("assess");
    expect(again.stdout).toBe(reference.assess);
    expect(again.stderr).not.toMatch(/damaged/);
  });

  it("takes no fact from a file that is not one of its shards (another tool's, or garbage)", () => {
    for (const s of shards()) fs.writeFileSync(path.join(repo, CACHE, s), "{\"not\": \"a cache\"}\n");
    const r = run("roadmap");
    expect(r.stdout).toBe(reference.roadmap);
    expect(r.stderr).toMatch(/not a strangler fact cache/);
  });

  it("never takes an entry written for other text: an edited file is read again", () => {
    const file = path.join(repo, "src/modules/order/order.service.ts");
    const before = fs.readFileSync(file, "utf8");
    run("assess");
    fs.writeFileSync(file, `${before}\nexport async function purge(db: any) {\n  await db.query("DELETE FROM payments WHERE id = $1", [1]);\n}\n`);
    try {
      const edited = run("assess", ["--no-cache"]).stdout;
      expect(edited).not.toBe(reference.assess);
      expect(run("assess").stdout).toBe(edited);
    } finally {
      fs.writeFileSync(file, before);
    }
    expect(run("assess").stdout).toBe(reference.assess);
  });

  it("writes nothing through a .strangler that leads out of the repository, says so with --verbose, and the output is the same", () => {
    const outside = temp();
    fs.rmSync(path.join(repo, ".strangler"), { recursive: true, force: true });
    fs.symlinkSync(outside, path.join(repo, ".strangler"));
    try {
      const r = run("assess", ["--verbose"]);
      // (the scan itself says it did not follow the link)
      expect(r.stdout).toBe(run("assess", ["--no-cache"]).stdout);
      expect(r.stderr).toMatch(/info: \.strangler\/cache: not written/);
      expect(fs.readdirSync(outside)).toEqual([]);
    } finally {
      fs.rmSync(path.join(repo, ".strangler"));
    }
  });

  it("neither uses nor rewrites a cache that git tracks (one committed with the code), and says so", () => {
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8" });
    run("assess");
    const shard = path.join(repo, CACHE, shards()[0]);
    const lines = fs.readFileSync(shard, "utf8").split("\n");
    lines[1] = lines[1].replace(/"loc":(\d+)/, (_m, n) => `"loc":${Number(n) + 7}`);
    fs.writeFileSync(shard, lines.join("\n"));
    expect(git("init", "-q").status).toBe(0);
    expect(git("add", "-f", CACHE).status).toBe(0);
    expect(git("commit", "-qm", "a planted cache").status).toBe(0);
    const planted = fs.readFileSync(shard, "utf8");
    const r = run("assess");
    expect(r.stdout).toBe(reference.assess);
    expect(r.stderr).toMatch(/git tracks files in it/);
    expect(r.stderr).not.toMatch(/damaged/);
    expect(fs.readFileSync(shard, "utf8")).toBe(planted);
    fs.rmSync(path.join(repo, ".git"), { recursive: true });
  });
});
