import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, tempDirs } from "./helpers/cli.js";
import { offlineNpmEnv, packRepo, placeDependencies } from "./helpers/pack.js";

/**
 * The composite action in action.yml, run here step by step as the runner would: each `run:` step through
 * `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`), its `env:` with the `${{ }}` expressions
 * the action uses filled in, GITHUB_OUTPUT and GITHUB_PATH honoured. The install step really installs
 * strangler-fig, from this repo's packed tarball (the `version` input takes any npm spec) with npm kept
 * offline (test/helpers/pack.ts). What cannot run here is the one `uses:` step, the upload to code
 * scanning: the test checks what it is given instead (a SARIF log that points into the repository).
 */
interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const temp = tempDirs(afterAll);
const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;
const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

let tarball: string;
beforeAll(() => {
  ({ tarball } = packRepo(temp()));
}, 120_000);

interface ActionRun {
  steps: { id: string; status: number | null; stdout: string; stderr: string }[];
  outputs: Record<string, Record<string, string>>;
  upload: Step & { sarif: unknown };
  failed: boolean;
  /** Folders steps added to PATH (GITHUB_PATH). */
  path: string[];
}

/** Runs the action in `workspace` with `given` inputs, as a job step would, until a step fails. */
function runAction(workspace: string, given: Record<string, string>): ActionRun {
  const runnerTemp = temp();
  const inputs: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? "")]));
  Object.assign(inputs, given);
  const outputs: Record<string, Record<string, string>> = {};
  const extraPath: string[] = [];
  const fill = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (whole, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) return inputs[m[1]] ?? "";
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return outputs[m[1]]?.[m[2]] ?? "";
      if (expr === "github.action_path") return ROOT;
      if (expr === "runner.temp") return runnerTemp;
      throw new Error(`action.yml uses an expression this test does not know: ${whole}`);
    });

  const result: ActionRun = { steps: [], outputs, upload: { sarif: undefined }, failed: false, path: extraPath };
  // The install step's npm finds the dependencies in place and stays offline (see test/helpers/pack.ts).
  placeDependencies(path.join(runnerTemp, "strangler-fig"));
  fs.writeFileSync(path.join(runnerTemp, "strangler-fig/package.json"), "{}\n");
  for (const [i, step] of action.runs.steps.entries()) {
    const id = step.id ?? `step${i}`;
    if (step.uses) {
      result.upload = { ...step, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(String(v))])), sarif: undefined };
      const file = result.upload.with!.sarif_file;
      result.upload.sarif = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
      continue;
    }
    const outFile = path.join(runnerTemp, `${id}.out`);
    const pathFile = path.join(runnerTemp, `${id}.path`);
    fs.writeFileSync(outFile, "");
    fs.writeFileSync(pathFile, "");
    const script = path.join(runnerTemp, `${id}.sh`);
    fs.writeFileSync(script, fill(step.run!));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...offlineNpmEnv(path.join(runnerTemp, "npm-cache")),
      NO_COLOR: "1",
      GITHUB_OUTPUT: outFile,
      GITHUB_PATH: pathFile,
      GITHUB_WORKSPACE: workspace,
      PATH: [...extraPath, process.env.PATH].join(path.delimiter),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(String(v))])),
    };
    expect(step.shell).toBe("bash");
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd: workspace, env, encoding: "utf8" });
    result.steps.push({ id, status: r.status, stdout: r.stdout, stderr: r.stderr });
    outputs[id] = Object.fromEntries(
      fs.readFileSync(outFile, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    extraPath.unshift(...fs.readFileSync(pathFile, "utf8").split("\n").filter(Boolean).reverse());
    if (r.status !== 0) {
      result.failed = true;
      break;
    }
  }
  return result;
}

const NEW_JOIN = `
export async function recipientsWithEmail(ids: number[]) {
  return query<{ id: number; email: string }>(
    "SELECT n.recipient_id AS id, u.email FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.id = ANY($1)",
    [ids],
  );
}
`;

/** A git repository with the example monolith in apps/shop, its agreed contexts and a baseline of today. */
function monorepo(): { workspace: string; shop: string } {
  const workspace = temp();
  const shop = path.join(workspace, "apps/shop");
  fs.cpSync(FIXTURE, shop, { recursive: true });
  fs.copyFileSync(path.join(FIXTURE, "expected.yaml"), path.join(shop, "contexts.yaml"));
  git(workspace, "init", "-q", "-b", "main");
  const made = spawnSync(process.execPath, [path.join(ROOT, "bin/strangler.js"), "check", shop, "--update-baseline"], { encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
  git(workspace, "add", "-A");
  git(workspace, "commit", "-qm", "baseline");
  return { workspace, shop };
}

describe("action.yml", () => {
  it("is a composite action with the inputs a workflow sets, and uploads SARIF with code scanning's own action", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["path", "contexts-file", "baseline", "changed-since", "fail-on"]));
    const uploads = action.runs.steps.filter((s) => s.uses);
    expect(uploads.map((s) => s.uses)).toEqual(["github/codeql-action/upload-sarif@v3"]);
    // inputs reach the shell through env only: a ref named `$(rm -rf ~)` stays a string
    for (const s of action.runs.steps.filter((s) => s.run)) expect(s.run).not.toMatch(/\$\{\{/);
  });

  it("passes on the example with its baseline, installing the packed strangler-fig and writing a SARIF log", () => {
    const { workspace } = monorepo();
    const r = runAction(workspace, { path: "apps/shop", version: `file:${tarball}` });
    expect(r.steps.map((s) => [s.id, s.status]), r.steps.map((s) => s.stderr).join("\n")).toEqual([
      ["install", 0],
      ["check", 0],
      ["verdict", 0],
    ]);
    // the check ran the strangler the install step put on PATH
    expect(r.path).toHaveLength(1);
    expect(fs.realpathSync(path.join(r.path[0], "strangler"))).toBe(fs.realpathSync(path.join(r.path[0], "../strangler-fig/bin/strangler.js")));
    expect(r.steps[1].stdout).toMatch(/^strangler check: 0 new, \d+ known, 0 stale$/m);
    expect(r.outputs.check["exit-code"]).toBe("0");
    const sarif = r.upload.sarif as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toEqual([]);
    expect(r.upload.with).toMatchObject({ category: "strangler" });
  });

  it("fails the job on a new cross-context join, annotated and in SARIF at its path from the repository root", () => {
    const { workspace, shop } = monorepo();
    const file = "src/modules/notification/notification.repository.ts";
    fs.appendFileSync(path.join(shop, file), NEW_JOIN);
    const line = fs.readFileSync(path.join(shop, file), "utf8").split("\n").findIndex((l) => l.includes("return query<{ id: number; email: string }>(")) + 1;
    const r = runAction(workspace, { path: "apps/shop", "changed-since": "HEAD", version: `file:${tarball}` });
    expect(r.failed).toBe(true);
    expect(r.steps.map((s) => [s.id, s.status])).toEqual([
      ["install", 0],
      ["check", 0],
      ["verdict", 1],
    ]);
    expect(r.steps[1].stdout).toContain(`::error file=apps/shop/${file},line=${line},title=strangler cross-context-join::joins notifications (notification) with users (identity)`);
    const sarif = r.upload.sarif as { runs: { results: { locations: { physicalLocation: unknown }[] }[] }[] };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `apps/shop/${file}`, uriBaseId: "%SRCROOT%" },
      region: { startLine: line },
    });
    expect(r.steps[2].stdout).toContain("new violations");
  });

  it("with fail-on never reports the violation and passes; a missing contexts file fails with exit 2", () => {
    const { workspace, shop } = monorepo();
    fs.appendFileSync(path.join(shop, "src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const lenient = runAction(workspace, { path: "apps/shop", "fail-on": "never", version: `file:${tarball}` });
    expect(lenient.failed).toBe(false);
    expect(lenient.outputs.check["exit-code"]).toBe("0");
    expect(lenient.steps[1].stdout).toContain("::error file=apps/shop/");

    const broken = runAction(workspace, { path: "apps/shop", "contexts-file": "apps/shop/nope.yaml", version: `file:${tarball}` });
    expect(broken.failed).toBe(true);
    expect(broken.outputs.check["exit-code"]).toBe("2");
    expect(broken.steps.at(-1)!.status).toBe(2);
    expect(broken.upload.with!.sarif_file).toBe("");
  });
});
