import { describe, expect, it } from "vitest";
import { FIXTURE, runCli } from "./helpers/cli.js";

/* The roadmap's mermaid context map draws only the heaviest edges, and says how many it left out. */

const edgeLines = (md: string) => {
  const map = /## (?:Context map|컨텍스트 맵)\n\n```mermaid\n([\s\S]*?)```/.exec(md)![1];
  return map.split("\n").filter((l) => /\|".*"\|/.test(l));
};
const count = (label: string) => [...label.matchAll(/(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);

describe("the roadmap's context map", { timeout: 180_000 }, () => {
  it("keeps the 20 heaviest edges, heaviest first and drawn thickest, and says how many it left out", () => {
    const md = runCli(["roadmap", FIXTURE, "--no-git-history"]).stdout;
    const plan = JSON.parse(runCli(["roadmap", FIXTURE, "--json", "--no-git-history"]).stdout).roadmap;
    const all = plan.contextMap.filter((e: { joins: number; foreignKeys: number; transactions: number; access: number }) => e.joins + e.foreignKeys + e.transactions + e.access > 0);
    expect(all.length).toBeGreaterThan(20);
    const lines = edgeLines(md);
    expect(lines).toHaveLength(20);
    const weights = lines.map((l) => count(/\|"(.*)"\|/.exec(l)![1]));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const lightestKept = weights[weights.length - 1];
    const left = all.map((e: { joins: number; foreignKeys: number; transactions: number; access: number }) => e.joins + e.foreignKeys + e.transactions + e.access).sort((a: number, b: number) => b - a).slice(20);
    expect(Math.max(...left)).toBeLessThanOrEqual(lightestKept);
    expect(lines[0]).toContain("===");
    expect(md).toContain(`Only the 20 heaviest edges are drawn; ${all.length - 20} lighter edge${all.length - 20 === 1 ? " is" : "s are"} left out`);
    const ko = runCli(["roadmap", FIXTURE, "--no-git-history", "--lang", "ko"]).stdout;
    expect(edgeLines(ko)).toHaveLength(20);
    expect(ko).toContain(`가벼운 연결 ${all.length - 20}개는 생략했습니다`);
  });
});
