import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, ROOT, tempDirs } from "./helpers/cli.js";
import { packRepo } from "./helpers/pack.js";
import { action, runAction } from "./helpers/action.js";

/**
 * The composite action in action.yml, run here step by step as the runner would (test/helpers/action.ts),
 * strangler-fig installed from this repo's packed tarball, offline. The upload to code scanning cannot run
 * here: the test checks what it is given instead (a SARIF log that points into the repository).
 */
const temp = tempDirs(afterAll);
const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });

let tarball: string;
beforeAll(() => {
  ({ tarball } = packRepo(temp()));
}, 120_000);

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
    const r = runAction(workspace, { path: "apps/shop", version: `file:${tarball}` }, temp);
    expect(r.steps.map((s) => [s.id, s.status]), r.steps.map((s) => s.stderr).join("\n")).toEqual([
      ["install", 0],
      ["check", 0],
      ["verdict", 0],
    ]);
    // the check ran the strangler the install step put on PATH
    expect(r.path).toHaveLength(1);
    expect(fs.realpathSync(path.join(r.path[0], "strangler"))).toBe(fs.realpathSync(path.join(r.path[0], "../strangler-fig/bin/strangler.js")));
    expect(r.steps[1].stdout).toMatch(/^strangler check: 0 new, \d+ known, 0 stale(; left out, not judged: \d+ tests, \d+ generated, \d+ ignored)?$/m);
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
    const r = runAction(workspace, { path: "apps/shop", "changed-since": "HEAD", version: `file:${tarball}` }, temp);
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
    const lenient = runAction(workspace, { path: "apps/shop", "fail-on": "never", version: `file:${tarball}` }, temp);
    expect(lenient.failed).toBe(false);
    expect(lenient.outputs.check["exit-code"]).toBe("0");
    expect(lenient.steps[1].stdout).toContain("::error file=apps/shop/");

    const broken = runAction(workspace, { path: "apps/shop", "contexts-file": "apps/shop/nope.yaml", version: `file:${tarball}` }, temp);
    expect(broken.failed).toBe(true);
    expect(broken.outputs.check["exit-code"]).toBe("2");
    expect(broken.steps.at(-1)!.status).toBe(2);
    expect(broken.upload.with!.sarif_file).toBe("");
  });
});
