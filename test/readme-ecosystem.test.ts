import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, tempDirs } from "./helpers/cli.js";
import { npm, offlineNpmEnv, packRepo, placeDependencies } from "./helpers/pack.js";
import { action, runAction } from "./helpers/action.js";

/**
 * Every example in the README's Install, GitHub Action and Output convention sections, run as written: the
 * shell lines in a folder where the packed strangler-fig is installed (offline, test/helpers/pack.ts), so
 * `npx strangler-fig` is npm's own npx finding it there and `strangler` its bin; `./shop` is a copy of the
 * example monolith. The workflow's action step runs through test/helpers/action.ts.
 */
const temp = tempDirs(afterAll);
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

/** The text of one `## ` section. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The fenced blocks of a language in a section. */
function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

let tarball: string;
let app: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const dir = temp();
  ({ tarball } = packRepo(dir));
  app = path.join(dir, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), `${JSON.stringify({ name: "my-tools", private: true })}\n`);
  placeDependencies(app);
  env = { ...offlineNpmEnv(path.join(dir, "npm-cache")), NO_COLOR: "1" };
  const installed = npm(["install", tarball], app, env);
  expect(installed.status, installed.stderr).toBe(0);
  fs.cpSync(FIXTURE, path.join(app, "shop"), { recursive: true });
}, 120_000);

/** Runs each line of a shell block in the app folder, as a user would type it; returns each run. */
function runLines(block: string): { line: string; status: number | null; stdout: string; stderr: string }[] {
  const lines = block.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    const r = spawnSync("bash", ["-c", line], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, ...env, PATH: [path.join(app, "node_modules/.bin"), process.env.PATH].join(path.delimiter) },
    });
    return { line, status: r.status, stdout: r.stdout, stderr: r.stderr };
  });
}

describe("README examples (Install, GitHub Action, Output convention)", () => {
  it("Install: the npx lines work as written, offline, from a folder where strangler-fig is installed", () => {
    const [block] = blocks(section("Install"), "sh");
    const runs = runLines(block);
    for (const r of runs) expect(r.status, `${r.line}\n${r.stderr}`).toBe(0);
    expect(runs[0].stdout).toMatch(/context/i);
    expect(fs.existsSync(path.join(app, "shop/contexts.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(app, "shop/.strangler/baseline.json"))).toBe(true);
    expect(fs.readFileSync(path.join(app, "roadmap.md"), "utf8")).toMatch(/^# Strangler Fig roadmap: shop\n/);
  });

  it("Output convention: the strangler.yaml example is read without complaint, and every command line works", () => {
    const text = section("Output convention");
    const [yamlBlock] = blocks(text, "yaml");
    expect(yamlBlock.split("\n")[0]).toBe("# strangler.yaml");
    fs.writeFileSync(path.join(app, "shop/strangler.yaml"), yamlBlock);
    // the contexts and baseline the Install lines wrote, made again here so this test stands alone
    expect(runLines("strangler assess ./shop --write-contexts\nstrangler check ./shop --update-baseline").map((r) => r.status)).toEqual([0, 0]);

    const [block] = blocks(text, "sh");
    const runs = runLines(block);
    for (const r of runs) expect(r.status, `${r.line}\n${r.stderr}`).toBe(0);
    for (const r of runs) expect(r.stderr, r.line).not.toContain("strangler.yaml");
    const sarif = JSON.parse(fs.readFileSync(path.join(app, "strangler.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(JSON.parse(runs[1].stdout).summary).toMatchObject({ new: 0, stale: 0 });
    expect(JSON.parse(fs.readFileSync(path.join(app, "assessment.json"), "utf8")).schemaVersion).toBe(1);
    expect(runs[3].stdout).toMatch(/^# /);
    expect(runs[4].stdout).toMatch(/^strangler check: 0 new, \d+ known, 0 stale(; left out, not judged: \d+ tests, \d+ generated, \d+ ignored)?$/m);

    // the format table says what each command has: the others are refused, the first is the default
    const table = [...text.matchAll(/^\| `(scan|assess|roadmap|check)` \| (.*) \|$/gm)].map((m) => [m[1], [...m[2].matchAll(/`(\w+)`/g)].map((f) => f[1])] as const);
    expect(table.map(([c]) => c)).toEqual(["scan", "assess", "roadmap", "check"]);
    for (const [command, formats] of table) {
      const help = runLines(`strangler ${command} --help`)[0].stdout.replace(/\s+/g, " ");
      expect(help).toContain(`(default ${formats[0]};`);
      for (const f of ["text", "json", "markdown", "sarif", "github", "codeclimate", "junit"].filter((f) => !formats.includes(f))) {
        const r = runLines(`strangler ${command} ./shop --format ${f}`)[0];
        expect(r.status, `${command} --format ${f}`).toBe(2);
        expect(r.stderr).toContain(`${command} has no --format ${f}; it writes ${formats.filter((x) => x !== "graph").join(", ")}`);
      }
    }
  });

  it("GitHub Action: actions pinned by commit, the workflow's inputs are the action's, the tables list them all, and the job runs green on push and pull_request", () => {
    const text = section("GitHub Action");
    const [yamlBlock] = blocks(text, "yaml");
    const workflow = parse(yamlBlock) as { on: Record<string, unknown>; jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    const job = Object.values(workflow.jobs)[0];
    expect(job.permissions).toEqual({ contents: "read", "security-events": "write", actions: "read" });
    const steps = job.steps;
    const uses = steps.map((s) => s.uses).filter(Boolean) as string[];
    expect(uses.map((u) => u.replace(/@.*/, ""))).toEqual(["actions/checkout", "actions/setup-node", "OWNER/strangler"]);
    // third-party actions by commit (the tag in a comment), as action.yml's own upload step
    for (const u of uses.slice(0, 2)) expect(u).toMatch(/@[0-9a-f]{40}$/);
    const given = steps.find((s) => s.uses === "OWNER/strangler@v0")!.with!;
    for (const input of Object.keys(given)) expect(Object.keys(action.inputs)).toContain(input);
    const inputsTable = text.slice(0, text.indexOf("| output |"));
    const outputsTable = text.slice(text.indexOf("| output |"));
    expect([...inputsTable.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1])).toEqual(Object.keys(action.inputs));
    expect([...outputsTable.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1])).toEqual(Object.keys(action.outputs));

    // the example at the repository root with its contexts and baseline, main at origin
    const workspace = temp();
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    fs.copyFileSync(path.join(FIXTURE, "expected.yaml"), path.join(workspace, "contexts.yaml"));
    git(workspace, "init", "-q", "-b", "main");
    expect(runLines(`strangler check ${workspace} --update-baseline`)[0].status).toBe(0);
    git(workspace, "add", "-A");
    git(workspace, "commit", "-qm", "base");
    git(workspace, "update-ref", "refs/remotes/origin/main", "HEAD");
    for (const [event, baseRef, changedSince] of [["pull_request", "main", "origin/main"], ["push", "", ""]]) {
      const inputs: Record<string, string> = { ...given, version: `file:${tarball}` }; // the published version in real use
      inputs["changed-since"] = workflowExpression(inputs["changed-since"], { event_name: event, base_ref: baseRef });
      expect(inputs["changed-since"], event).toBe(changedSince);
      const r = runAction(workspace, inputs, temp, { event_name: event });
      expect(r.steps.map((s) => [s.id, s.status]), r.steps.map((s) => s.stderr).join("\n")).toEqual([
        ["install", 0],
        ["check", 0],
        ["verdict", 0],
      ]);
      expect(r.steps[1].stdout).toContain("strangler check: 0 new");
      expect(r.outputs.check.new).toBe("0");
    }
  });
});

/**
 * The one expression the README's workflow passes, `${{ github.event_name == '<event>' && format('<f>',
 * github.base_ref) || '' }}`, evaluated as GitHub would; any other form fails the test until it learns it.
 */
function workflowExpression(value: string, github: { event_name: string; base_ref: string }): string {
  if (!value.includes("${{")) return value;
  const m = /^\$\{\{\s*github\.event_name == '(\w+)' && format\('([^']*)', github\.base_ref\) \|\| ''\s*\}\}$/.exec(value.trim());
  if (!m) throw new Error(`the README's workflow has an expression this test does not know: ${value}`);
  return github.event_name === m[1] ? m[2].replace("{0}", github.base_ref) : "";
}
