import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, runCli, tempDirs } from "./helpers/cli.js";
import { npm, offlineNpmEnv, packRepo, placeDependencies } from "./helpers/pack.js";

/**
 * The package as a user gets it: `npm pack` of this repo, installed into an empty folder and run through
 * its bin. Offline and honest about it: npm gets `--offline`, an empty cache of its own and a registry
 * address nothing listens on, so nothing can come from the network. The dependencies are the ones this
 * repo's lock file pins, put in place first as they sit in this repo's node_modules (hard links, or
 * copies), as a previous `npm install` would have left them; npm then only has to add the tarball, and
 * fails if the tarball's package.json asks for anything those do not satisfy (test/helpers/pack.ts).
 */
const temp = tempDirs(afterAll);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; license: string; bin: Record<string, string> };

let tarball: string;
let app: string;
let files: string[];

beforeAll(() => {
  const dir = temp();
  ({ tarball, files } = packRepo(dir));
  app = path.join(dir, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), `${JSON.stringify({ name: "empty-app", private: true })}\n`);
  placeDependencies(app);
  const installed = npm(["install", tarball], app, offlineNpmEnv(path.join(dir, "npm-cache")));
  expect(installed.status, installed.stderr).toBe(0);
}, 120_000);

describe("the packed package", () => {
  it("is named strangler-fig, free of the unrelated `strangler` on the registry, and installs the strangler command", () => {
    expect(pkg.name).toBe("strangler-fig");
    expect(Object.keys(pkg.bin)).toEqual(["strangler"]);
    expect(path.basename(tarball)).toBe(`strangler-fig-${pkg.version}.tgz`);
  });

  it("ships the MIT LICENSE package.json names, the built CLI, rules and templates, and no sources or fixtures", () => {
    expect(pkg.license).toBe("MIT");
    expect(files).toContain("LICENSE");
    expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    for (const f of ["package.json", "README.md", "bin/strangler.js", "dist/cli/index.js", "rules/weights.yaml", "templates/roadmap.en.md"]) expect(files).toContain(f);
    expect(files.filter((f) => /^(src|test|fixtures|bench)\//.test(f))).toEqual([]);
  });

  it("installed offline into an empty folder, runs `strangler --help`", () => {
    const bin = path.join(app, "node_modules/.bin/strangler");
    expect(fs.existsSync(bin)).toBe(true);
    const help = spawnSync(bin, ["--help"], { cwd: app, encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: strangler \[options\] \[command\]/);
    const version = spawnSync(bin, ["--version"], { cwd: app, encoding: "utf8" });
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it("installed offline, assesses the bundled example exactly as the repo's own build does", () => {
    const bin = path.join(app, "node_modules/.bin/strangler");
    const installed = spawnSync(bin, ["assess", FIXTURE], { cwd: app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/context/i);
    expect(installed.stdout).toBe(runCli(["assess", FIXTURE], { env: { NO_COLOR: "1" } }).stdout);
    // and every other command and format, byte for byte
    const contexts = path.join(FIXTURE, "expected.yaml");
    for (const args of [
      ["scan", FIXTURE, "--json"],
      ["roadmap", FIXTURE, "--lang", "ko"],
      ["check", FIXTURE, "--contexts-file", contexts, "--format", "sarif"],
      ["check", FIXTURE, "--contexts-file", contexts, "--format", "junit"],
    ]) {
      const mine = spawnSync(bin, args, { cwd: app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      const repo = runCli(args, { env: { NO_COLOR: "1" } });
      expect(mine.status, args.join(" ")).toBe(repo.status);
      expect(mine.stdout, args.join(" ")).toBe(repo.stdout);
    }
  });

  it("is a typed ES module: assessRepo, planRoadmap and checkRepo import from the installed package and type-check in a consumer", () => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", `import("strangler-fig").then((m) => { const a = m.assessRepo(${JSON.stringify(FIXTURE)}, { gitHistory: false }); const p = m.planRoadmap(${JSON.stringify(FIXTURE)}, { gitHistory: false }); process.stdout.write(JSON.stringify({ contexts: a.clustering.contexts.length, pilot: p.order[0].name, api: Object.keys(m).sort() })); })`], { cwd: app, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.contexts).toBeGreaterThan(5);
    expect(out.api).toEqual(expect.arrayContaining(["ApiError", "assessRepo", "checkRepo", "planRoadmap"]));
    // A consumer written in TypeScript, checked against the package's own declarations.
    fs.writeFileSync(
      path.join(app, "consumer.ts"),
      [
        `import { assessRepo, planRoadmap, checkRepo, type Assessment, type ContextScore, type CheckRepoResult } from "strangler-fig";`,
        `const a: Assessment = assessRepo(".");`,
        `const names: string[] = a.clustering.contexts.map((c) => c.name);`,
        `const first: ContextScore | undefined = planRoadmap(".", { lang: "ko" }).order[0];`,
        `const gate: CheckRepoResult = checkRepo(".", { contextsFile: "contexts.yaml" });`,
        `const fresh: number = gate.fresh.length;`,
        `// @ts-expect-error: the language is en or ko`,
        `planRoadmap(".", { lang: "fr" });`,
        `export { names, first, fresh };`,
        ``,
      ].join("\n"),
    );
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ["consumer.ts"] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });

  it("is lean: the four SQL dialect builds it loads are vendored, node-sql-parser itself is not installed, and the install is under 45 MB", () => {
    for (const d of ["postgresql", "mysql", "mariadb", "sqlite"]) expect(files).toContain(`dist/vendor/node-sql-parser/${d}.cjs`);
    expect(files).toContain("dist/vendor/node-sql-parser/LICENSE");
    expect(fs.existsSync(path.join(app, "node_modules/node-sql-parser"))).toBe(false);
    const size = (p: string): number => {
      const st = fs.lstatSync(p);
      if (!st.isDirectory()) return st.isFile() ? st.size : 0;
      return fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0);
    };
    expect(size(path.join(app, "node_modules")) / 1024 / 1024).toBeLessThan(45);
  });
});
