import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURE, runCli, tempDirs } from "./helpers/cli.js";
import { teamPlan } from "../src/plan/team.js";
import { loadCost } from "../src/rules/cost.js";

/*
 * Answers that each pass but contradict one another, or say nothing, never make a plan that contradicts
 * itself: a platform team as large as the team (the plan had Phase 1 done by more people than the team
 * has), a budget of 0 (read as "pays for nothing" and as "no budget" in the same plan).
 */

const temp = tempDirs(afterAll);

describe("the team's answers, taken together", () => {
  it("strangler.yaml: a platform team not smaller than the team, and a budget of 0, are errors at their lines; the plan uses the fallbacks", () => {
    const dir = path.join(temp(), "repo");
    fs.cpSync(FIXTURE, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "strangler.yaml"), "team:\n  size: 3\n  infraSize: 5\nmoney:\n  budget: 0\n");
    const r = runCli(["roadmap", dir, "--no-git-history"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("strangler.yaml:3  error  config-error  team.infraSize (5) must be less than team.size (3): the platform team is part of the team, and someone must build and move the product; ignored");
    expect(r.stderr).toContain("strangler.yaml:5  error  config-error  money.budget must be between 1 and 10,000,000,000,000, not 0; ignored");
    expect(r.stdout).toMatch(/\| 1\. Foundation \| [^|]+ \| [^|]+ \| 2 \(platform 1 and one squad\) \|/);
    expect(r.stdout).toContain("| budget for the move | not answered |");
    expect(r.stdout).not.toContain("Budget $0");
  });

  it("init refuses them before writing anything, naming the flag", () => {
    const dir = path.join(temp(), "init");
    fs.mkdirSync(dir);
    const infra = runCli(["init", dir, "--team-size", "4", "--infra-team-size", "4"]);
    expect(infra.status).toBe(2);
    expect(infra.stderr).toBe("strangler: --infra-team-size: team.infraSize (4) must be less than team.size (4): the platform team is part of the team, and someone must build and move the product; nothing written\n");
    // Against the size already in the file, or the size assumed when none is.
    fs.writeFileSync(path.join(dir, "strangler.yaml"), "team:\n  size: 3\n");
    expect(runCli(["init", dir, "--infra-team-size", "3"]).status).toBe(2);
    const none = path.join(temp(), "none");
    fs.mkdirSync(none);
    expect(runCli(["init", none, "--infra-team-size", "8"]).stderr).toContain("team.infraSize (8) must be less than team.size (8, assumed: not answered)");
    expect(fs.readFileSync(path.join(dir, "strangler.yaml"), "utf8")).toBe("team:\n  size: 3\n");
    const budget = runCli(["init", dir, "--budget", "0"]);
    expect(budget.status).toBe(2);
    expect(budget.stderr).toBe('strangler: --budget: must be between 1 and 10,000,000,000,000, got "0"\n');
  });

  it("the plan's team never has more people in Phase 1 than the team, whatever it is given", () => {
    const { cost } = loadCost(null);
    for (const [size, infra] of [[1, 1], [3, 5], [2, 1], [8, 8], [40, 39]]) {
      const t = teamPlan({ "team.size": size, "team.infraSize": infra }, cost);
      expect(t.infra + t.product, `${size}/${infra}`).toBe(size);
      expect(t.product, `${size}/${infra}`).toBeGreaterThanOrEqual(1);
      expect(t.foundationPeople, `${size}/${infra}`).toBeLessThanOrEqual(size);
    }
  });
});
