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
  let dir: string;
  beforeAll(() => {
    dir = path.join(temp(), "repo");
    fs.cpSync(FIXTURE, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "strangler.yaml"), 'business:\n  mostDamagingOutage: "payment <script>alert(1)</script> [x](javascript:alert(1))"\n');
    fs.mkdirSync(path.join(dir, ".strangler/rules"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".strangler/rules/scoring.yaml"), "difficulty:\n  crossJoin: 0\n  crossForeignKey: 0\n  crossTransaction: 4\n");
    // An override with a key the shipped file has not, and a name holding a control character.
    fs.writeFileSync(path.join(dir, ".strangler/rules/saga.yaml"), '"x\\u001b]0;t\\u0007": 1\n');
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

  const OVERRIDES = [
    { file: ".strangler/rules/saga.yaml", shipped: "rules/saga.yaml", changed: [{ key: "x\u001b]0;t\u0007", value: 1 }] },
    {
      file: ".strangler/rules/scoring.yaml",
      shipped: "rules/scoring.yaml",
      changed: [
        { key: "difficulty.crossForeignKey", shipped: 2, value: 0 },
        { key: "difficulty.crossJoin", shipped: 4, value: 0 },
      ],
    },
  ];

  it("the roadmap names every overridden rule file at its top, with each value changed (Markdown in English and Korean, JSON)", () => {
    const top = r.stdout.split("\n").slice(0, 4).join("\n");
    expect(top).toContain(
      "> **Warning:** This plan rests on rules the repository overrides, not on the shipped ones alone: `.strangler/rules/saga.yaml` (over `rules/saga.yaml`): `x\\u001b]0;t\\u0007` (not in the shipped file) → `1`; `.strangler/rules/scoring.yaml` (over `rules/scoring.yaml`): `difficulty.crossForeignKey` `2` → `0`, `difficulty.crossJoin` `4` → `0`.",
    );
    const ko = runCli(["roadmap", dir, "--no-git-history", "--lang", "ko"]);
    expect(ko.stdout.split("\n").slice(0, 4).join("\n")).toContain("> **경고:** 이 계획은 저장소가 바꾼 규칙을 따릅니다. 배포된 규칙과 다른 값: `.strangler/rules/saga.yaml`(`rules/saga.yaml` 대신): `x\\u001b]0;t\\u0007` (배포된 규칙에 없음) → `1`; `.strangler/rules/scoring.yaml`(`rules/scoring.yaml` 대신): `difficulty.crossForeignKey` `2` → `0`");
    const json = runCli(["roadmap", dir, "--no-git-history", "--json"]);
    expect(JSON.parse(json.stdout).roadmap.ruleOverrides).toEqual(OVERRIDES);
  });

  it("assess names them first too, in its text and in a JSON field", () => {
    const text = runCli(["assess", dir, "--no-git-history"]).stdout.split("\n");
    expect(text.slice(1, 4)).toEqual([
      "warning: rules this repository overrides (the numbers below rest on them, not on the shipped rules alone):",
      "  .strangler/rules/saga.yaml over rules/saga.yaml: x\\u001b]0;t\\u0007 (not in the shipped file) → 1",
      "  .strangler/rules/scoring.yaml over rules/scoring.yaml: difficulty.crossForeignKey 2 → 0, difficulty.crossJoin 4 → 0",
    ]);
    expect(JSON.parse(runCli(["assess", dir, "--no-git-history", "--json"]).stdout).ruleOverrides).toEqual(OVERRIDES);
    // A repository that overrides nothing says nothing of it, and its JSON field is empty.
    expect(JSON.parse(runCli(["assess", FIXTURE, "--no-git-history", "--json"]).stdout).ruleOverrides).toEqual([]);
  });
});
