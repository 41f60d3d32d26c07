import fs from "node:fs";
import path from "node:path";
import { findWorkspaces } from "../files/workspaces.js";
import { isInside, repoBoundary } from "../files/boundary.js";
import { compareStrings } from "../../util/sort.js";

/*
 * The Prisma schema of a package the scanned one depends on, in the same repository: scanning only the
 * server (`packages/server`) still finds the schema its workspace package (`packages/db`) holds. A package
 * depended on is a workspace package named in the scanned package.json (npm, yarn, pnpm, lerna), or an Nx
 * project named in its project.json `implicitDependencies`. In that package, the schema is found as Prisma
 * finds it (https://www.prisma.io/docs/orm/prisma-schema/overview/location): `prisma.schema` or a
 * `--schema` flag in package.json (or a project.json command), `schema` in prisma.config.ts, then
 * `prisma/schema.prisma`, the `prisma/schema/` folder, `schema.prisma`. Only those files are read.
 */

export interface OutsideFile {
  /** Relative to the folder scanned (`../db/prisma/schema.prisma`), with `/`. */
  path: string;
  abs: string;
}

const MAX_NX_DEPTH = 4;

export function workspacePrismaSchemas(root: string): OutsideFile[] {
  const abs = path.resolve(root);
  const top = repoBoundary(abs);
  if (top === abs) return [];
  const folders = new Set<string>();
  const manifest = readJson(path.join(abs, "package.json"));
  const ws = findWorkspaces(abs);
  if (manifest && ws) {
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      const deps = manifest[field];
      if (!deps || typeof deps !== "object") continue;
      for (const name of Object.keys(deps)) {
        const folder = ws.packages.get(name);
        if (folder) folders.add(folder);
      }
    }
  }
  const implicit = readJson(path.join(abs, "project.json"))?.implicitDependencies;
  if (Array.isArray(implicit) && implicit.length) {
    const projects = nxProjects(top);
    for (const name of implicit) if (typeof name === "string" && projects.has(name)) folders.add(projects.get(name)!);
  }
  const out: OutsideFile[] = [];
  for (const folder of [...folders].sort(compareStrings)) {
    if (folder === abs || isInside(abs, folder) || !isInside(top, folder)) continue;
    for (const file of schemaOf(folder)) out.push({ path: path.relative(abs, file).split(path.sep).join("/"), abs: file });
  }
  return out;
}

/** A package's schema files, as Prisma finds them. */
function schemaOf(folder: string): string[] {
  const pointed: string[] = [];
  const config = ["prisma.config.ts", "prisma.config.mts", "prisma.config.js"].map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
  const configSchema = config ? /\bschema\s*:\s*(["'`])([^"'`$]+)\1/.exec(readText(config)?.replace(/\/\/[^\n]*/g, "") ?? "")?.[2] : undefined;
  if (configSchema) pointed.push(configSchema);
  const pkg = readJson(path.join(folder, "package.json"));
  const prismaSchema = (pkg?.prisma as { schema?: unknown } | undefined)?.schema;
  if (!pointed.length && typeof prismaSchema === "string") pointed.push(prismaSchema);
  if (!pointed.length) {
    // `--schema <path>` in a script or an Nx command run in the package's folder.
    const texts = [JSON.stringify(pkg?.scripts ?? {}), readText(path.join(folder, "project.json")) ?? ""];
    for (const t of texts) for (const m of t.matchAll(/--schema(?:=|\s+)(["']?)([^\s"'\\]+)\1/g)) pointed.push(m[2]);
  }
  for (const p of [...pointed, "prisma/schema.prisma", "prisma/schema", "schema.prisma"]) {
    const target = path.resolve(folder, p);
    if (!isInside(folder, target)) continue;
    const files = prismaFilesAt(target);
    if (files.length) return files;
  }
  return [];
}

function prismaFilesAt(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return [];
  }
  if (stat.isFile()) return target.endsWith(".prisma") ? [target] : [];
  if (!stat.isDirectory()) return [];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 3) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith(".prisma")) out.push(p);
    }
  };
  walk(target, 0);
  return out;
}

/** Nx projects of the repository by name: each project.json's `name`, a few folders deep. */
function nxProjects(top: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_NX_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === "project.json")) {
      const name = readJson(path.join(dir, "project.json"))?.name;
      if (typeof name === "string" && !out.has(name)) out.set(name, dir);
    }
    for (const e of entries) if (e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith(".") && e.name !== "dist") walk(path.join(dir, e.name), depth + 1);
  };
  walk(top, 0);
  return out;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function readJson(file: string): Record<string, unknown> | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
