import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE = path.join(ROOT, "fixtures/allinone-commerce");
export const BIN = path.join(ROOT, "bin/strangler.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, stdout and stderr piped (so: no TTY, no colour). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; asUser?: number; timeoutMs?: number } = {}): CliRun {
  const command = options.asUser !== undefined ? "setpriv" : process.execPath;
  const nodeArgs = [...(options.nodeArgs ?? []), BIN, ...args];
  const argv =
    options.asUser !== undefined
      ? [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, "--clear-groups", process.execPath, ...nodeArgs]
      : nodeArgs;
  const r = spawnSync(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: "SIGKILL" as const } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "strangler-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Copies a folder creating its entries in reverse name order (so the file system's own order differs from
 * the original), returning the copy's path.
 */
export function copyReversed(src: string, dest: string): string {
  fs.mkdirSync(dest, { recursive: true });
  const entries = fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1));
  for (const e of entries) {
    const from = path.join(src, e.name);
    const to = path.join(dest, e.name);
    if (e.isDirectory()) copyReversed(from, to);
    else fs.copyFileSync(from, to);
  }
  return dest;
}

/** Temporary folders for one test file, removed after it: `const temp = tempDirs(afterAll)`. */
export function tempDirs(afterAll: (fn: () => void) => void): () => string {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const d = tempDir();
    made.push(d);
    return d;
  };
}

/** A repository written into a new temporary folder: `repoOf(temp)({ "src/a.ts": "…" })`. */
export function repoOf(temp: () => string): (files: Record<string, string>) => string {
  return (files) => {
    const dir = temp();
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };
}
