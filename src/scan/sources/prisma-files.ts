import { posix } from "node:path";
import type { Diagnostic } from "../facts.js";
import { compareStrings } from "../../util/sort.js";

/*
 * Which `.prisma` files are the project's schema, the way the Prisma CLI finds it
 * (https://www.prisma.io/docs/orm/prisma-schema/overview/location): per package (each folder holding a
 * package.json, or an Nx project.json, and the repo's root), the first of
 *   1. `schema` in prisma.config.ts (when a string literal; the config is never run),
 *   2. `prisma.schema` in package.json, or a `--schema` flag in one of its scripts,
 *   3. `prisma/schema.prisma`, a `prisma/schema/` folder (multi-file schema), `schema.prisma`.
 * A path naming a folder means every `.prisma` file under it. Other `.prisma` files (samples, test data,
 * templates) are not the schema: each is named in an info diagnostic and not read.
 */

export interface PrismaFileChoice {
  files: string[];
  diagnostics: Diagnostic[];
}

/** Repo-relative paths; `read` returns a file's text or null. */
export function choosePrismaFiles(prismaFiles: string[], manifests: string[], configFiles: string[], read: (path: string) => string | null, projectFiles: string[] = []): PrismaFileChoice {
  const all = [...prismaFiles].sort(compareStrings);
  if (all.length === 0) return { files: [], diagnostics: [] };
  const under = (target: string) => {
    const t = target.replace(/\/+$/, "");
    return all.filter((f) => f === t || f.startsWith(`${t}/`));
  };
  const folders = new Set<string>([".", ...manifests.map((m) => posix.dirname(m)), ...projectFiles.map((p) => posix.dirname(p))]);
  const chosen = new Set<string>();
  const diagnostics: Diagnostic[] = [];

  for (const folder of [...folders].sort(compareStrings)) {
    const join = (p: string) => posix.normalize(folder === "." ? p : `${folder}/${p}`);
    const pointed: string[] = [];
    const config = configFiles.find((c) => posix.dirname(c) === folder);
    const configSchema = config ? schemaInConfig(read(config) ?? "") : null;
    if (configSchema) pointed.push(join(configSchema));
    const manifest = manifests.find((m) => posix.dirname(m) === folder);
    if (!pointed.length && manifest) pointed.push(...schemaInManifest(read(manifest) ?? "").map(join));
    let found = pointed.flatMap(under);
    if (pointed.length && !found.length) {
      diagnostics.push({ file: config && configSchema ? config : manifest!, line: 1, code: "prisma-schema-missing", severity: "warning", message: `Prisma schema ${pointed.join(", ")} is not in the repository` });
    }
    if (!found.length) {
      for (const candidate of ["prisma/schema.prisma", "prisma/schema", "schema.prisma"]) {
        found = under(join(candidate)).filter((f) => candidate !== "prisma/schema" || f.endsWith(".prisma"));
        if (found.length) break;
      }
    }
    found.forEach((f) => chosen.add(f));
  }

  if (chosen.size === 0) {
    // Nothing points anywhere: every .prisma file is the schema, as before.
    diagnostics.push({ file: all[0], line: 1, code: "prisma-schema-location", severity: "info", message: `no Prisma schema location found (package.json prisma.schema, prisma.config.ts, prisma/schema.prisma); read every .prisma file (${all.length})` });
    return { files: all, diagnostics };
  }
  for (const f of all) {
    if (!chosen.has(f)) diagnostics.push({ file: f, line: 1, code: "prisma-schema-skipped", severity: "info", message: "not a Prisma schema the project points to (package.json prisma.schema, prisma.config.ts, prisma/schema.prisma …): not read" });
  }
  return { files: all.filter((f) => chosen.has(f)), diagnostics };
}

/** `schema: "prisma/app.prisma"` in a prisma.config.ts (a string literal only). */
function schemaInConfig(text: string): string | null {
  const m = /\bschema\s*:\s*(["'`])([^"'`$]+)\1/.exec(text.replace(/\/\/[^\n]*/g, ""));
  return m ? stripDot(m[2]) : null;
}

/** `"prisma": {"schema": "…"}`, and `--schema <path>` / `--schema=<path>` in scripts. */
function schemaInManifest(text: string): string[] {
  let json: { prisma?: { schema?: unknown }; scripts?: Record<string, unknown> };
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof json.prisma?.schema === "string") return [stripDot(json.prisma.schema)];
  const out = new Set<string>();
  for (const script of Object.values(json.scripts ?? {})) {
    if (typeof script !== "string") continue;
    for (const m of script.matchAll(/--schema(?:=|\s+)(["']?)([^\s"']+)\1/g)) out.add(stripDot(m[2]));
  }
  return [...out].sort(compareStrings);
}

const stripDot = (p: string) => p.replace(/^\.\//, "");
