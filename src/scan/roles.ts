import { readManifestJson } from "./files/read-manifest.js";
import path from "node:path";
import type { AccessFact, CodeFile } from "./facts.js";
import type { UnitForm } from "./code/units.js";
import { compareStrings } from "../util/sort.js";
import { TOOLING_SEGMENTS, isSchemaSegment, segmentWord } from "./layout-words.js";
import { pushTo } from "../util/push-to.js";

/*
 * What each code unit is for, so that only backend code forms contexts: `schema` (migrations, seeds),
 * `tooling` (scripts, dev servers, examples, e2e and test helpers, fakes, docs, command-line tools),
 * `client` (a React, Angular, Vue, Svelte, Next or Nuxt front end reaching no table), `library` (a package
 * of the repo's own that reaches no table), and `backend` (the rest: the code that reaches tables and the
 * code around it). A unit that reads or writes tables is never a client or a library.
 */

export type UnitRole = "backend" | "client" | "library" | "tooling" | "schema";

export interface UnitInfo extends UnitForm {
  role: UnitRole;
  /** Why, in a few words: `imports react`, `under scripts/`, `reads and writes tables`. */
  roleReason: string;
  /** The package folder the unit belongs to ("." for the folder scanned). */
  package: string;
}

export interface Manifest {
  /** Folder of the package.json, relative to the folder scanned. */
  dir: string;
  name: string | null;
  dependencies: string[];
  bin: boolean;
}

const UI_PACKAGES = [/^react$/, /^react-dom$/, /^@angular\/core$/, /^vue$/, /^svelte$/, /^next$/, /^nuxt$/, /^solid-js$/, /^preact$/, /^@remix-run\/react$/, /^react-native$/, /^@sveltejs\/kit$/, /^lit$/, /^@ionic\//];
const isUi = (pkg: string) => UI_PACKAGES.some((re) => re.test(pkg));
/** Package names that say tooling: `cli`, `@acme/dev-server`, `e2e`, `create-app`, `eslint-config`. */
const TOOLING_PACKAGE = /(^|-)(cli|dev-server|devkit|testing|e2e|docs|scripts|eslint-config|tsconfig)$|^create-/;

/** Below this share of units reaching a table, a package with a UI framework is a front end. */
const FRONT_END_SHARE = 0.2;

/** package.json files of the repo, read for their name, dependencies and `bin`. */
export function readManifests(list: Array<{ path: string; abs: string }>): Manifest[] {
  const out: Manifest[] = [];
  for (const m of list) {
    if (m.path.startsWith("../")) continue;
    try {
      const read = readManifestJson(m.abs);
      if (!read.ok) continue;
      const pkg = read.json;
      const deps = new Set<string>();
      for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        const d = pkg[field];
        if (d && typeof d === "object") Object.keys(d).forEach((k) => deps.add(k));
      }
      out.push({ dir: path.posix.dirname(m.path), name: typeof pkg.name === "string" ? pkg.name : null, dependencies: [...deps].sort(compareStrings), bin: !!pkg.bin });
    } catch {
      // a broken package.json is reported where sources are enabled
    }
  }
  return out.sort((a, b) => compareStrings(a.dir, b.dir));
}

/** Folder names of test doubles: tooling, unless the code in them reads or writes tables. */
const MOCK_SEGMENTS = new Set(["mocks", "__mocks__", "fakes", "fake", "stubs"]);

export function assignRoles(units: UnitForm[], files: CodeFile[], packagesOf: Record<string, string[]>, accesses: AccessFact[], manifests: Manifest[]): UnitInfo[] {
  const roots = manifests.map((m) => m.dir).sort((a, b) => b.length - a.length || compareStrings(a, b));
  const packageOf = (p: string) => roots.find((r) => r === "." || p === r || p.startsWith(`${r}/`)) ?? ".";
  const manifestOf = new Map(manifests.map((m) => [m.dir, m]));
  const filesOf = new Map<string, CodeFile[]>();
  for (const f of files) pushTo(filesOf, f.unit, f);
  const unitOfFile = new Map(files.map((f) => [f.path, f.unit]));
  const touching = new Set<string>();
  // Units that read or write a table, not only declare its entity (a CLI's scaffolding templates do that).
  const using = new Set<string>();
  for (const a of accesses) {
    const u = unitOfFile.get(a.file);
    if (u === undefined) continue;
    touching.add(u);
    if (!a.declares) using.add(u);
  }
  // A package whose units reach no table at all is a client, a tool or a library as a whole.
  const packageTouches = new Set<string>();
  const packageUses = new Set<string>();
  for (const u of units) if (using.has(u.path)) packageUses.add(packageOf(u.path));
  const counts = new Map<string, { all: number; touching: number }>();
  for (const u of units) {
    const pkg = packageOf(u.path);
    const c = counts.get(pkg) ?? { all: 0, touching: 0 };
    c.all++;
    if (touching.has(u.path)) {
      packageTouches.add(pkg);
      c.touching++;
    }
    counts.set(pkg, c);
  }
  const touchShare = new Map([...counts].map(([pkg, c]) => [pkg, c.touching / c.all]));

  const first = units.map((u) => {
    const pkg = packageOf(u.path);
    const manifest = manifestOf.get(pkg);
    const members = filesOf.get(u.path) ?? [];
    const paths = members.length ? members.map((f) => f.path) : [u.path];
    const role = (r: UnitRole, why: string): UnitInfo => ({ ...u, role: r, roleReason: why, package: pkg });

    const segmentHit = (hit: (word: string) => boolean) => paths.every((p) => p.split("/").slice(0, -1).some((s) => hit(segmentWord(s))));
    if (segmentHit(isSchemaSegment)) return role("schema", "migrations or seeds");
    // A mock or fake folder (`mock-server/`, `fakes/`) is a test helper, unless its code writes or reads the
    // application's tables: then it is a feature of the product (a mock server users run), and backend.
    const mockByName = segmentHit((w) => MOCK_SEGMENTS.has(w) || /^(fake|mock)[-_.]/.test(w)) || paths.every((p) => /(^|\/)(fake|mock)[-_.]|\.(mock|fake)\.[cm]?[jt]sx?$/i.test(p));
    if (mockByName && using.has(u.path)) return role("backend", "reads or writes tables (a mock or fake feature of the product)");
    if (segmentHit((w) => TOOLING_SEGMENTS.has(w)) || mockByName || paths.every((p) => /\.stories\.[cm]?[jt]sx?$/i.test(p))) return role("tooling", "scripts, examples, test helpers or docs");
    // A package named for tooling is tooling whatever it touches (a CLI's entity templates, e2e seeds); a
    // package with a `bin` is, unless it reads or writes tables (a server started by its own command).
    const pkgName = (manifest?.name ?? path.posix.basename(pkg)).replace(/^@[^/]+\//, "");
    if (pkg !== "." && TOOLING_PACKAGE.test(pkgName)) return role("tooling", manifest?.bin ? "a command-line package" : `the ${pkgName} package`);
    if (pkg !== "." && manifest?.bin && !packageUses.has(pkg)) return role("tooling", "a command-line package");
    if (touching.has(u.path)) return role("backend", "reads or writes tables");
    const imported = new Set(paths.flatMap((p) => packagesOf[p] ?? []));
    const ui = [...imported].find(isUi);
    if (ui) return role("client", `imports ${ui}`);
    if (paths.every((p) => /\.[jt]sx$/.test(p))) return role("client", "JSX components");
    // A front-end package (a UI framework among its dependencies) where hardly anything reaches a table.
    const uiDep = manifest?.dependencies.find(isUi);
    if (uiDep && (touchShare.get(pkg) ?? 0) < FRONT_END_SHARE) return role("client", `in a ${uiDep} package`);
    if (pkg !== "." && !packageTouches.has(pkg)) return role("library", `the ${pkgName} package reaches no table`);
    return role("backend", "code of the backend");
  });

  // Code beside a front end (`app/utils/` next to `app/components/`) is the front end's: a top folder of a
  // package whose units are mostly clients makes its other table-less units clients too.
  const topOf = (u: UnitInfo) => {
    const rel = u.package === "." ? u.path : u.path.slice(u.package.length + 1);
    return `${u.package}\u0000${rel.split("/")[0]}`;
  };
  const tally = new Map<string, { client: number; backend: number }>();
  for (const u of first) {
    const t = tally.get(topOf(u)) ?? { client: 0, backend: 0 };
    if (u.role === "client") t.client++;
    if (u.role === "backend") t.backend++;
    tally.set(topOf(u), t);
  }
  return first.map((u) => {
    if (u.role !== "backend" || touching.has(u.path)) return u;
    const t = tally.get(topOf(u))!;
    return t.client > t.backend ? { ...u, role: "client" as const, roleReason: "beside a front end" } : u;
  });
}
