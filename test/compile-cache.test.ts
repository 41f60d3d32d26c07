import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, runCli, tempDirs } from "./helpers/cli.js";

/*
 * V8's compiled code for the dependencies (src/util/compile-cache.ts) is kept in the user's cache folder,
 * never the repository's: it changes how fast a run starts, never what it says, and a damaged entry or a
 * folder others may write is no cache at all.
 */
const temp = tempDirs(afterAll);
const ARGS = ["assess", FIXTURE, "--json", "--no-git-history", "--no-cache"];

let reference: string;

/** Every file below `dir`, as paths relative to it. */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
}

function assessWith(cache: string) {
  const r = runCli(ARGS, { env: { STRANGLER_COMPILE_CACHE: cache } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  const r = runCli(ARGS, { env: { STRANGLER_COMPILE_CACHE: "0" } });
  expect(r.status, r.stderr).toBe(0);
  reference = r.stdout;
});

describe("the compile cache", () => {
  it("is written to the folder given, and a run that reads it says the same bytes", () => {
    const cache = path.join(temp(), "cache");
    expect(assessWith(cache)).toBe(reference);
    const entries = filesIn(cache);
    expect(entries.length).toBeGreaterThan(0);
    expect(assessWith(cache)).toBe(reference);
  });

  it("is never written into the repository", () => {
    const cache = path.join(temp(), "cache");
    assessWith(cache);
    // (the fact cache may be there from another run; V8's code never is)
    expect(filesIn(FIXTURE).filter((f) => f.endsWith(".bin") || f.split(path.sep).includes("v8"))).toEqual([]);
  });

  it("a damaged entry is no cache: the run says the same bytes", () => {
    const cache = path.join(temp(), "cache");
    assessWith(cache);
    const entries = filesIn(cache);
    for (const e of entries) fs.writeFileSync(path.join(cache, e), Buffer.from("not V8's code cache".repeat(64)));
    expect(assessWith(cache)).toBe(reference);
    expect(assessWith(cache)).toBe(reference);
  });

  it.runIf(process.platform !== "win32")("a folder others may write is not used", () => {
    const base = path.join(temp(), "shared");
    fs.mkdirSync(base, { recursive: true });
    // The folder strangler would make, made first by someone else and left open to everyone.
    const dir = path.join(base, "v8", `${process.version}-${process.arch}-${process.versions.v8}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o777);
    expect(assessWith(base)).toBe(reference);
    expect(filesIn(dir)).toEqual([]);
  });

  it.runIf(fs.existsSync("/proc/self"))("a folder that cannot be made (under /proc) is no cache, and no hang", () => {
    const r = runCli(ARGS, { env: { STRANGLER_COMPILE_CACHE: "/proc/strangler-none" }, timeoutMs: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(reference);
  });

  it("STRANGLER_COMPILE_CACHE=0 turns it off", () => {
    const home = temp();
    const r = runCli(ARGS, { env: { STRANGLER_COMPILE_CACHE: "0", HOME: home, XDG_CACHE_HOME: path.join(home, "xdg") } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(reference);
    expect(filesIn(home)).toEqual([]);
  });
});
