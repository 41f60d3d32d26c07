import picomatch from "picomatch";

/*
 * contexts.yaml module patterns compiled once, so that finding who owns a path costs the depth of the path
 * plus the few real globs, not every pattern: `src/a` (a literal) is one map entry, `src/a/**` (a literal
 * folder and everything below) another, looked up for each folder above the path; only patterns with
 * wildcards elsewhere (`src/*\/orders`, `{a,b}`) are tried one by one, compiled by picomatch. A path owned
 * through several patterns goes to the first owner in file order, as a scan of the list would give.
 */

const GLOB = /[*?[\]{}()!+@]/;

export class PatternIndex {
  /** Literal path → lowest owner index. */
  private readonly exact = new Map<string, number>();
  /** Literal folder of a `folder/**` → lowest owner index. */
  private readonly below = new Map<string, number>();
  /** Patterns with wildcards, in owner order. */
  private readonly globs: Array<{ owner: number; test: (p: string) => boolean }> = [];

  /** `patterns[i]` lists the patterns of owner i (a context, or infrastructure). */
  constructor(patterns: string[][]) {
    patterns.forEach((list, owner) => {
      for (const raw of list) {
        const p = raw.replace(/\/+$/, "");
        if (!GLOB.test(p)) setMin(this.exact, p, owner);
        else if (p.endsWith("/**") && !GLOB.test(p.slice(0, -3))) setMin(this.below, p.slice(0, -3), owner);
        else this.globs.push({ owner, test: picomatch(p, { dot: true }) });
      }
    });
  }

  /** The first owner (in the order given) with a pattern matching `path`, or -1. */
  ownerOf(path: string): number {
    let best = this.exact.get(path) ?? Infinity;
    if (this.below.size) {
      for (let d = path; ; ) {
        const o = this.below.get(d);
        if (o !== undefined && o < best) best = o;
        const i = d.lastIndexOf("/");
        if (i < 0) break;
        d = d.slice(0, i);
      }
    }
    for (const g of this.globs) {
      if (g.owner >= best) break;
      if (g.test(path)) best = g.owner;
    }
    return best === Infinity ? -1 : best;
  }

  matches(path: string): boolean {
    return this.ownerOf(path) >= 0;
  }
}

function setMin(map: Map<string, number>, key: string, owner: number): void {
  const prev = map.get(key);
  if (prev === undefined || owner < prev) map.set(key, owner);
}
