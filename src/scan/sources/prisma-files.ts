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
 * A path naming a folder means every `.prisma` file under it. The schema of a workspace package the scanned
 * one depends on (prisma-workspace.ts) is chosen too. Other `.prisma` files (samples, test data, templates)
 * are not the schema: each is named in an info diagnostic and not read, and a warning names the schema read
 * and those left out. When nothing points anywhere, files under a sample, example, fixture, test, template,
 * mock or demo folder are left out the same way if any other is left; with none left, every file is read.
 */

const SAMPLE_FOLDER = /^(_*)(samples?|examples?|fixtures?|tests?|__tests__|spec|templates?|mocks?|__mocks__|demos?)$/i;

/** A file under a folder of samples, examples, test data … */
export function isSamplePath(file: string): boolean {
  return file.split("/").slice(0, -1).some((seg) => SAMPLE_FOLDER.test(seg));
}

export interface PrismaFileChoice {
  files: string[];
  diagnostics: Diagnostic[];
}

/** Repo-relative paths; `read` returns a file's text or null. */
export function choosePrismaFiles(prismaFiles: string[], manifests: string[], configFiles: string[], read: (path: string) => string | null, projectFiles: string[] = [], external: string[] = []): PrismaFileChoice {
  const all = [...new Set([...prismaFiles, ...external])].sort(compareStrings);
  if (all.length === 0) return { files: [], diagnostics: [] };
  const under = (target: string) => {
    const t = target.replace(/\/+$/, "");
    return all.filter((f) => f === t || f.startsWith(`${t}/`));
  };
  const folders = new Set<string>([".", ...manifests.map((m) => posix.dirname(m)), ...projectFiles.map((p) => posix.dirname(p))]);
  const chosen = new Set<string>(external);
  const diagnostics: Diagnostic[] = [];

  for (const folder of [...folders].sort(compareStrings)) {
    const join = (p: string) => posix.normalize(folder === "." ? p : `${folder}/${p}`);
    const pointed: string[] = [];
    const config = configFiles.find((c) => posix.dirname(c) === folder);
    const configSchema = config ? schemaInConfig(read(config) ?? "") : null;
    if (configSchema) pointed.push(join(configSchema));
    const manifest = manifests.find((m) => posix.dirname(m) === folder);
    if (!pointed.length && manifest) pointed.push(...schemaInManifest(read(manifest) ?? "").map(join));
    // An Nx project's command (`prisma generate --schema ./prisma/billing.prisma`), run in its folder.
    const project = projectFiles.find((p) => posix.dirname(p) === folder);
    if (!pointed.length && project) pointed.push(...schemaFlags(read(project) ?? "").map(join));
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
    const kept = all.filter((f) => !isSamplePath(f));
    if (kept.length && kept.length < all.length) {
      // Nothing points anywhere; samples and test data are set apart from the rest, which is read.
      for (const f of all.filter(isSamplePath)) diagnostics.push({ file: f, line: 1, code: "prisma-schema-skipped", severity: "info", message: "a sample or test schema, while another is in the repository: not read" });
      diagnostics.push(choiceWarning(kept, all.filter(isSamplePath), "under a sample, example, fixture or test folder"));
      return { files: kept, diagnostics };
    }
    // Nothing points anywhere: every .prisma file is the schema, as before.
    diagnostics.push({ file: all[0], line: 1, code: "prisma-schema-location", severity: "info", message: `no Prisma schema location found (package.json prisma.schema, prisma.config.ts, prisma/schema.prisma); read every .prisma file (${all.length})` });
    return { files: all, diagnostics };
  }
  const skipped = all.filter((f) => !chosen.has(f));
  for (const f of skipped) {
    diagnostics.push({ file: f, line: 1, code: "prisma-schema-skipped", severity: "info", message: "not a Prisma schema the project points to (package.json prisma.schema, prisma.config.ts, prisma/schema.prisma …): not read" });
  }
  if (skipped.length) diagnostics.push(choiceWarning(all.filter((f) => chosen.has(f)), skipped, "that no configuration points to"));
  return { files: all.filter((f) => chosen.has(f)), diagnostics };
}

/** One warning naming the schema read and the files left out (at most three named, the rest counted). */
function choiceWarning(read: string[], left: string[], why: string): Diagnostic {
  const list = (xs: string[]) => xs.slice(0, 3).join(", ") + (xs.length > 3 ? ` and ${xs.length - 3} more` : "");
  return { file: read[0], line: 1, code: "prisma-schema-choice", severity: "warning", message: `several Prisma schemas: read ${list(read)}; not ${list(left)} (${why})` };
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
  return schemaFlags(Object.values(json.scripts ?? {}).filter((x): x is string => typeof x === "string").join("\n"));
}

/** `--schema <path>` / `--schema=<path>` flags in command text. */
function schemaFlags(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/--schema(?:=|\s+)(["']?)([^\s"'\\]+)\1/g)) out.add(stripDot(m[2]));
  return [...out].sort(compareStrings);
}

const stripDot = (p: string) => p.replace(/^\.\//, "");
