/*
 * Folder names that say what the code in them is for, shared by unit formation (src/scan/code/units.ts)
 * and roles (src/scan/roles.ts).
 */

/** Migrations and seeds: the schema's history, not a context. */
export const SCHEMA_SEGMENTS = new Set(["migrations", "migration", "migrate", "alterations", "seeds", "seed", "seeders", "seeding"]);

/** Scripts, dev servers, examples, end-to-end and test helpers, fakes, docs: tooling, not a context. */
export const TOOLING_SEGMENTS = new Set([
  "scripts", "script", "tools", "tooling", "dev-server", "devtools", "dev-tools", "examples", "example", "e2e", "docs", "doc",
  "benchmarks", "benchmark", "bench", "fixtures", "mocks", "__mocks__", "fakes", "fake", "stubs", "test-utils", "test-helpers",
  "testing", "storybook", "stories", "playground", "sandbox", "demo", "demos", "codegen", "generators", "cypress",
]);

/** A folder name as these lists spell it: lower case, a leading dot dropped (`.scripts/` is `scripts/`). */
export function segmentWord(segment: string): string {
  return segment.toLowerCase().replace(/^\.+/, "");
}

/** A schema folder, also one per database (`migrations-sqlite/`, `migrations_mysql/`, `seeds-dev/`). */
export function isSchemaSegment(word: string): boolean {
  return SCHEMA_SEGMENTS.has(word) || /^(migrations?|seeds?|seeders)[-_][a-z0-9]+$/.test(word);
}

/** True when a path lies under a schema or tooling folder. */
export function apartByPath(file: string): boolean {
  return file.split("/").slice(0, -1).some((s) => isSchemaSegment(segmentWord(s)) || TOOLING_SEGMENTS.has(segmentWord(s)));
}
