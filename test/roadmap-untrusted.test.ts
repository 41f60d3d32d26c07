import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, runCli, tempDirs, type CliRun } from "./helpers/cli.js";

/*
 * What a repository says reaches the roadmap only as what it is: the team's answers in strangler.yaml as
 * plain text, never HTML or Markdown; a rule file it overrides named, with what it changed.
 */

const temp = tempDirs(afterAll);

describe("what the repository says, in the roadmap", () => {
  let r: CliRun;
  beforeAll(() => {
    const dir = path.join(temp(), "repo");
    fs.cpSync(FIXTURE, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "strangler.yaml"), 'business:\n  mostDamagingOutage: "payment <script>alert(1)</script> [x](javascript:alert(1))"\n');
    fs.mkdirSync(path.join(dir, ".strangler/rules"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".strangler/rules/scoring.yaml"), "difficulty:\n  crossJoin: 0\n  crossForeignKey: 0\n  crossTransaction: 4\n");
    r = runCli(["roadmap", dir, "--no-git-history"]);
  });

  it("raw HTML and Markdown in an answer are escaped wherever the answer is quoted", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("<script>");
    expect(r.stdout).not.toContain("[x](javascript:");
    expect(r.stdout).toContain("payment \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1))");
  });

  it("a rule file the repository overrides is named, with the values it changed", () => {
    expect(r.stderr).toContain(".strangler/rules/scoring.yaml  warning  rules-override  overrides the shipped rules/scoring.yaml: difficulty.crossForeignKey, difficulty.crossJoin");
  });
});
