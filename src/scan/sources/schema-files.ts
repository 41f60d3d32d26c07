import path from "node:path";
import type { Diagnostic } from "../facts.js";
import { readSource } from "../files/read.js";
import type { OrmRecord, Source } from "./source.js";
import { choosePrismaFiles } from "./prisma-files.js";
import { parsePrismaSchema } from "./prisma-schema.js";
import { prismaRecords } from "./prisma.js";

export interface SchemaFileInput {
  root: string;
  /** Files the walk listed by name (package.json, *.prisma …), repo-relative. */
  others: Array<{ path: string; abs: string }>;
  /** Every code file seen (prisma.config.ts is one). */
  codeFiles: Iterable<string>;
  /** Schema files of workspace packages the scanned one depends on, outside the folder scanned. */
  outside?: Array<{ path: string; abs: string }>;
}

const PRISMA_CONFIG = /(^|\/)prisma\.config\.[cm]?[jt]s$/;

/**
 * A source's own schema files (not TypeScript), read into ORM records. Prisma reads only the schema the
 * project points to, all its files at once (a relation's two sides may sit in different files); other
 * sources read every file their `schemaFile` pattern matches.
 */
export function readSchemaFiles(src: Source, input: SchemaFileInput, emit: (r: OrmRecord) => void, diagnostics: Diagnostic[]): void {
  if (!src.schemaFile || !src.readSchemaFile) return;
  const matching = input.others.filter((f) => src.schemaFile!.test(f.path.slice(f.path.lastIndexOf("/") + 1)));
  const readText = (f: { path: string; abs: string }): string | null => {
    const read = readSource(f.abs, f.path);
    if (read.ok) return read.text;
    diagnostics.push(read.diagnostic);
    return null;
  };
  if (src.id !== "prisma") {
    for (const f of matching) {
      const text = readText(f);
      if (text !== null) src.readSchemaFile(f.path, text, emit);
    }
    return;
  }
  const { files: chosen, read } = prismaSchema(input, diagnostics);
  const files: Array<{ path: string; blocks: ReturnType<typeof parsePrismaSchema> }> = [];
  for (const p of chosen) {
    const text = read(p);
    if (text !== null) files.push({ path: p, blocks: parsePrismaSchema(text) });
  }
  prismaRecords(files).forEach(emit);
}

/** The Prisma schema files the project points to (see prisma-files.ts), and a reader for them. */
export function prismaSchema(input: SchemaFileInput, diagnostics: Diagnostic[]): { files: string[]; read: (p: string) => string | null } {
  const readText = (f: { path: string; abs: string }): string | null => {
    const read = readSource(f.abs, f.path);
    if (read.ok) return read.text;
    diagnostics.push(read.diagnostic);
    return null;
  };
  const matching = input.others.filter((f) => f.path.endsWith(".prisma"));
  const manifests = input.others.filter((o) => o.path === "package.json" || o.path.endsWith("/package.json")).map((o) => o.path);
  const configs = [...input.codeFiles].filter((f) => PRISMA_CONFIG.test(f));
  const byPath = new Map([...input.others, ...(input.outside ?? [])].map((o) => [o.path, o]));
  const read = (p: string) => readText(byPath.get(p) ?? { path: p, abs: path.join(input.root, p) });
  // Nx packages have a project.json and no package.json: their folders are package roots too.
  const projects = input.others.filter((o) => o.path === "project.json" || o.path.endsWith("/project.json")).map((o) => o.path);
  const choice = choosePrismaFiles(matching.map((f) => f.path), manifests, configs, read, projects, (input.outside ?? []).map((f) => f.path));
  diagnostics.push(...choice.diagnostics);
  return { files: choice.files, read };
}
