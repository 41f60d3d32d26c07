import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { expect } from "vitest";
import { ROOT } from "./cli.js";
import { offlineNpmEnv, placeDependencies } from "./pack.js";

/**
 * Runs the composite action in action.yml step by step as the runner would: each `run:` step through
 * `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`), its `env:` with the `${{ }}` expressions
 * the action uses filled in, GITHUB_OUTPUT and GITHUB_PATH honoured. The install step really installs
 * strangler-fig, from the spec given as the `version` input (the packed tarball in tests) with npm kept
 * offline (test/helpers/pack.ts). What cannot run here is the one `uses:` step, the upload to code
 * scanning: the run returns what it would be given instead.
 */
export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
export interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;

export interface ActionRun {
  steps: { id: string; status: number | null; stdout: string; stderr: string }[];
  outputs: Record<string, Record<string, string>>;
  /** The upload step as it would run: its inputs, the SARIF log it is given, and whether its `if:` holds. */
  upload: Step & { sarif: unknown; runs: boolean };
  /** What the steps appended to the job summary ($GITHUB_STEP_SUMMARY). */
  summary: string;
  failed: boolean;
  /** Folders steps added to PATH (GITHUB_PATH). */
  path: string[];
}

/** Runs the action in `workspace` with `given` inputs, as a job step would, until a step fails. */
export function runAction(workspace: string, given: Record<string, string>, temp: () => string, github: Record<string, string> = {}): ActionRun {
  const runnerTemp = temp();
  // A push to the repository by a person, unless the test says otherwise (a pull request, from a fork).
  github = { event_name: "push", repository: "owner/shop", actor: "someone", "event.pull_request.head.repo.full_name": "", ...github };
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
      if ((m = /^github\.([\w.]+)$/.exec(expr)) && m[1] in github) return github[m[1]];
      throw new Error(`action.yml uses an expression this test does not know: ${whole}`);
    });

  const summaryFile = path.join(runnerTemp, "step-summary.md");
  fs.writeFileSync(summaryFile, "");
  const result: ActionRun = { steps: [], outputs, upload: { sarif: undefined, runs: false }, summary: "", failed: false, path: extraPath };
  // The install step's npm finds the dependencies in place and stays offline (see test/helpers/pack.ts).
  // (once per runner: two runs of the action in one job share its temp folder, as on GitHub)
  if (!fs.existsSync(path.join(runnerTemp, "strangler-fig/package.json"))) {
    placeDependencies(path.join(runnerTemp, "strangler-fig"));
    fs.writeFileSync(path.join(runnerTemp, "strangler-fig/package.json"), "{}\n");
  }
  for (const [i, step] of action.runs.steps.entries()) {
    const id = step.id ?? `step${i}`;
    if (step.uses) {
      result.upload = { ...step, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(String(v))])), sarif: undefined, runs: condition(step.if ?? "", outputs) };
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
      GITHUB_STEP_SUMMARY: summaryFile,
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
  result.summary = fs.readFileSync(summaryFile, "utf8");
  return result;
}

/**
 * The one form of `if:` the upload step uses, `${{ always() && steps.<id>.outputs.<name> == 'true' }}`,
 * evaluated on the outputs so far (the steps before it have run, or failed: `always()`). Any other form is
 * this test's to learn first.
 */
function condition(expr: string, outputs: Record<string, Record<string, string>>): boolean {
  const m = /^\$\{\{\s*always\(\)\s*&&\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*==\s*'([^']*)'\s*\}\}$/.exec(expr.trim());
  if (!m) throw new Error(`action.yml's upload step has an if: this test does not know: ${expr}`);
  return (outputs[m[1]]?.[m[2]] ?? "") === m[3];
}

