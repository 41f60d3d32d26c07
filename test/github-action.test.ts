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
    // pinned by commit: v4.36.2 of github/codeql-action (its v4 tag), never a tag that can move
    expect(uploads.map((s) => s.uses)).toEqual(["github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e"]);
    for (const s of uploads) expect(s.uses).toMatch(/@[0-9a-f]{40}$/);
    expect(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")).toContain("upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2");
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(["violations", "new", "sarif-file", "exit-code"]));
    // one scan writes every output
    const check = action.runs.steps.find((s) => s.id === "check")!;
    expect(check.run!.match(/strangler check /g)).toHaveLength(1);
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
    expect(r.upload.with).toMatchObject({ category: "strangler/apps/shop" });
    expect(r.upload.runs).toBe(true);
    expect(r.outputs.check).toMatchObject({ new: "0", upload: "true" });
    expect(Number(r.outputs.check.violations)).toBeGreaterThan(10);
    expect(r.summary).toContain("## strangler check\n");
    expect(r.summary).toContain("No new violation of the agreed bounded contexts.");
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
    expect(r.outputs.check.new).toBe("2");
    expect(r.summary).toContain(`| \`apps/shop/${file}:${line}\` | error | [cross-context-join](`);
  });

  it("on a pull request from a fork: annotations and a job summary, no upload (the token is read-only)", () => {
    const { workspace, shop } = monorepo();
    fs.appendFileSync(path.join(shop, "src/modules/notification/notification.repository.ts"), NEW_JOIN);
    const github = { event_name: "pull_request", repository: "owner/shop", "event.pull_request.head.repo.full_name": "someone/shop", actor: "someone" };
    const r = runAction(workspace, { path: "apps/shop", "changed-since": "HEAD", version: `file:${tarball}` }, temp, github);
    expect(r.steps.map((s) => [s.id, s.status])).toEqual([
      ["install", 0],
      ["check", 0],
      ["verdict", 1],
    ]);
    expect(r.steps[1].stdout).toContain("::error file=apps/shop/src/modules/notification/notification.repository.ts,");
    expect(r.steps[1].stdout).toContain("the SARIF log is not uploaded");
    expect(r.outputs.check.upload).toBe("false");
    expect(r.upload.runs).toBe(false);
    expect(r.summary).toContain("2 new violations: 2 errors, 0 warnings.");
    expect(r.outputs.check).toMatchObject({ new: "2", "exit-code": "1" });

    // the same pull request from a branch of the repository itself uploads; so does Dependabot's not
    const own = runAction(workspace, { path: "apps/shop", "changed-since": "HEAD", version: `file:${tarball}` }, temp, { ...github, "event.pull_request.head.repo.full_name": "owner/shop" });
    expect(own.upload.runs).toBe(true);
    const bot = runAction(workspace, { path: "apps/shop", "changed-since": "HEAD", version: `file:${tarball}` }, temp, { ...github, "event.pull_request.head.repo.full_name": "owner/shop", actor: "dependabot[bot]" });
    expect(bot.upload.runs).toBe(false);
  });

  it("two paths in one job: each its own category and its own SARIF log; a path that cannot be checked uploads nothing stale", () => {
    const { workspace, shop } = monorepo();
    // a second monolith beside the first, with a violation of its own and no baseline
    const admin = path.join(workspace, "apps/admin");
    fs.cpSync(shop, admin, { recursive: true });
    fs.rmSync(path.join(admin, ".strangler"), { recursive: true });
    git(workspace, "add", "-A");
    git(workspace, "commit", "-qm", "admin");
    const temps: string[] = [];
    const sameRunner = () => {
      // both steps of one job share the runner's temp folder
      if (!temps.length) temps.push(temp());
      return temps[0];
    };
    const first = runAction(workspace, { path: "apps/shop", version: `file:${tarball}` }, sameRunner);
    const second = runAction(workspace, { path: "./apps/admin/", version: `file:${tarball}` }, sameRunner);
    expect(first.upload.with!.category).toBe("strangler/apps/shop");
    expect(second.upload.with!.category).toBe("strangler/apps/admin");
    expect(first.upload.with!.sarif_file).not.toBe(second.upload.with!.sarif_file);
    const uris = (run: typeof first) => new Set((run.upload.sarif as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri.split("/").slice(0, 2).join("/")));
    expect([...uris(first)]).toEqual([]);
    expect([...uris(second)]).toEqual(["apps/admin"]);
    expect(second.outputs.check.new).toBe(second.outputs.check.violations);
    // the root: category strangler
    const root = runAction(workspace, { path: ".", "fail-on": "never", version: `file:${tarball}`, "contexts-file": "apps/shop/contexts.yaml" }, sameRunner);
    expect(root.upload.with!.category).toBe("strangler");
    // a third run that cannot check (no contexts file) in the same runner: no SARIF, no upload of the others'
    const broken = runAction(workspace, { path: "apps/shop", "contexts-file": "apps/shop/nope.yaml", version: `file:${tarball}` }, sameRunner);
    expect(broken.outputs.check["exit-code"]).toBe("2");
    expect(broken.upload.runs).toBe(false);
    expect(broken.upload.with!.sarif_file).toBe("");
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
