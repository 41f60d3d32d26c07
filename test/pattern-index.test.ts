import { describe, expect, it } from "vitest";
import { PatternIndex } from "../src/config/pattern-index.js";
import { modulePatternMatches } from "../src/config/contexts-yaml.js";

/*
 * contexts.yaml's module patterns, compiled once: the owner of a path is the first owner (in file order)
 * with a matching pattern, exactly as trying every pattern with picomatch says, at a cost that does not grow
 * with the number of literal and `folder/**` patterns.
 */

const OWNERS = [
  ["src/order/**", "src/shared/money.ts"],
  ["src/billing", "src/*/invoices/**", "src/{pay,refund}/**"],
  ["src/order/legacy/**", "**/*.worker.ts", "lib/[ab]/**/"],
  // What picomatch reads as more than a path: a leading ./ it drops, | (alternation), \ (an escape).
  ["./src/c", "src/d|src/e", "src/f\\g", "src/order/**"],
];
const PATHS = [
  "src/order", "src/order/a.ts", "src/order/legacy/x.ts", "src/shared/money.ts", "src/shared/other.ts", "src/billing",
  "src/billing/a.ts", "src/x/invoices/y.ts", "src/pay/p.ts", "src/refund", "src/paying/p.ts", "jobs/q.worker.ts",
  "src/order/q.worker.ts", "lib/a/z.ts", "lib/c/z.ts", "src/.hidden/invoices/a.ts", "other", "src/c", "src/d", "src/e",
  "src/d|src/e", "src/fg", "src/f\\g",
];

describe("PatternIndex", () => {
  it("gives the owner a scan of every pattern in order gives, for literals, folder/** and other globs", () => {
    const index = new PatternIndex(OWNERS);
    for (const p of PATHS) {
      const scanned = OWNERS.findIndex((list) => list.some((pattern) => modulePatternMatches(pattern, p)));
      expect(index.ownerOf(p), p).toBe(scanned);
    }
  });

  it("gives every owner of a path, and the patterns no path matches, as trying every pattern says", () => {
    const index = new PatternIndex(OWNERS);
    for (const p of PATHS) {
      const scanned = OWNERS.flatMap((list, owner) => (list.some((pattern) => modulePatternMatches(pattern, p)) ? [owner] : []));
      expect(index.ownersOf(p), p).toEqual(scanned);
    }
    const paths = PATHS.filter((p) => !p.startsWith("src/order"));
    const unmatched = OWNERS.flatMap((list, owner) => list.flatMap((pattern, i) => (paths.some((p) => modulePatternMatches(pattern, p)) ? [] : [{ owner, index: i, pattern }])));
    expect(index.unmatched(paths)).toEqual(unmatched);
    expect(unmatched.map((u) => u.pattern)).toEqual(["src/order/**", "src/order/legacy/**", "src/order/**"]);
  });

  it("finds each of 20,000 paths among 20,000 literal and folder patterns (speed: npm run bench)", () => {
    const patterns = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `src/f${i}/**` : `src/f${i}/m.ts`));
    const owners = Array.from({ length: 100 }, (_, c) => patterns.slice(c * 200, (c + 1) * 200));
    const index = new PatternIndex(owners);
    let found = 0;
    for (let i = 0; i < 20_000; i++) if (index.ownerOf(i % 2 ? `src/f${i}/deep/a.ts` : `src/f${i}/m.ts`) === Math.floor(i / 200)) found++;
    expect(found).toBe(20_000);
  });
});
