import { readManifestJson } from "../files/read-manifest.js";
import type { Diagnostic } from "../facts.js";
import type { Source } from "./source.js";
import { typeorm } from "./typeorm.js";
import { prisma } from "./prisma.js";
import { knex } from "./knex.js";
import { kysely } from "./kysely.js";
import { drizzle } from "./drizzle.js";
import { sequelize } from "./sequelize.js";
import { mikroOrm } from "./mikro-orm.js";
import { dbMigrate } from "./db-migrate.js";
import { objection } from "./objection.js";
import { bookshelf } from "./bookshelf.js";
import { medusa } from "./medusa.js";

/** Every source strangler knows, in a fixed order. */
export const SOURCES: Source[] = [typeorm, mikroOrm, prisma, drizzle, knex, kysely, sequelize, objection, bookshelf, medusa, dbMigrate];

/**
 * Sources a repo uses: those whose packages any of its package.json files lists (dependencies of any
 * kind), and those whose own schema files are present.
 */
export function enabledSources(manifests: Array<{ path: string; abs: string }>, otherFiles: string[], diagnostics: Diagnostic[]): { sources: Source[]; dependencies: string[]; packageNames: string[] } {
  const deps = new Set<string>();
  const names = new Set<string>();
  for (const m of manifests) {
    // Bounded, regular files only, inside the repository; an error never quotes the file (see files/read-manifest.ts).
    const read = readManifestJson(m.abs);
    if (!read.ok) {
      diagnostics.push({ file: m.path, code: "manifest-error", severity: "warning", message: `cannot read package.json: ${read.reason}` });
      continue;
    }
    const pkg = read.json;
    if (typeof pkg.name === "string") names.add(pkg.name);
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      const d = pkg[field];
      if (d && typeof d === "object") Object.keys(d).forEach((k) => deps.add(k));
    }
  }
  return {
    sources: SOURCES.filter((s) => s.enablers.some((e) => deps.has(e)) || (s.schemaFile && otherFiles.some((f) => s.schemaFile!.test(f)))),
    dependencies: [...deps].sort(),
    packageNames: [...names].sort(),
  };
}
