import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./cli.js";

/** npm with no colour, in a folder. */
export const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });

/** `npm pack` of this repo into `dir` (scripts off: the suite has built dist/): the tarball and its files. */
export function packRepo(dir: string): { tarball: string; files: string[] } {
  const packed = npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
}

/**
 * npm settings that keep an install off the network: `--offline`, an empty cache of its own, and a registry
 * address nothing listens on. Anything npm would have to download fails the install.
 */
export function offlineNpmEnv(cacheDir: string): NodeJS.ProcessEnv {
  return { npm_config_offline: "true", npm_config_cache: cacheDir, npm_config_registry: "http://127.0.0.1:9/", npm_config_audit: "false", npm_config_fund: "false" };
}

/**
 * Puts each package this repo's lock file installs for users (not dev-only) under `into`/node_modules, as it
 * sits in this repo's node_modules (hard links, or copies), with its bins, as an earlier `npm install` of
 * the same lock would have left them. npm then only adds the tarball, and fails (offline) if the tarball's
 * package.json asks for anything these do not satisfy.
 */
export function placeDependencies(into: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; bin?: Record<string, string> }>;
  };
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where || entry.dev) continue;
    const from = path.join(ROOT, where);
    if (!fs.existsSync(from)) continue; // an optional dependency this platform skipped
    const to = path.join(into, where);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (spawnSync("cp", ["-al", from, to]).status !== 0) fs.cpSync(from, to, { recursive: true });
    // bins as npm links them (a missing link makes npm extract the package again, from the network)
    for (const [name, target] of Object.entries(entry.bin ?? {})) {
      const binDir = path.join(path.dirname(to), ".bin");
      fs.mkdirSync(binDir, { recursive: true });
      fs.symlinkSync(path.relative(binDir, path.join(to, target)), path.join(binDir, name));
    }
  }
}
