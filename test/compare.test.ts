import { describe, expect, it } from "vitest";
import { adjustedRandIndex, mojoFM } from "../src/score/compare.js";

const part = (groups: Record<string, string[]>) => new Map(Object.entries(groups).flatMap(([g, xs]) => xs.map((x) => [x, g] as [string, string])));

describe("comparing decompositions", () => {
  it("MoJoFM is 100% for identical decompositions, whatever the labels", () => {
    expect(mojoFM(part({ x: ["a", "b"], y: ["c"] }), part({ p: ["a", "b"], q: ["c"] })).value).toBe(100);
  });

  it("MoJoFM counts moves and joins against the largest possible distance", () => {
    // one move (c): mno 1; max mno = n − g = 5 − 2 = 3 → 1 − 1/3
    const r = mojoFM(part({ A1: ["a", "b", "c"], A2: ["d", "e"] }), part({ B1: ["a", "b"], B2: ["c", "d", "e"] }));
    expect(r.mno).toBe(1);
    expect(r.value).toBe(66.67);
    // one join: two proposed clusters that are one expected cluster
    const j = mojoFM(part({ A1: ["a", "b"], A2: ["c", "d"] }), part({ B1: ["a", "b", "c", "d"] }));
    expect(j.mno).toBe(1);
  });

  it("MoJoFM uses a maximum matching to count the groups", () => {
    // A1 ties between B1 and B2; matching gives A1→B1, A2→B2: no join needed
    const r = mojoFM(part({ A1: ["a", "c"], A2: ["d"] }), part({ B1: ["a"], B2: ["c", "d"] }));
    expect(r.mno).toBe(1);
  });

  it("compares only the objects both decompositions place", () => {
    expect(mojoFM(part({ x: ["a", "b", "z"] }), part({ p: ["a", "b"] })).objects).toBe(2);
  });

  it("adjusted Rand index matches the textbook values", () => {
    expect(adjustedRandIndex(part({ x: ["a", "b"], y: ["c", "d"] }), part({ p: ["a", "b"], q: ["c", "d"] }))).toBe(1);
    // sklearn: adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714
    expect(adjustedRandIndex(part({ x: ["a", "b"], y: ["c", "d"] }), part({ p: ["a", "b"], q: ["c"], r: ["d"] }))).toBe(0.5714);
  });
});
