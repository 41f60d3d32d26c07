import picomatch from "picomatch";

/*
 * contexts.yaml module patterns compiled once, so that finding who owns a path costs the depth of the path
 * plus the few real globs, not every pattern: `src/a` (a literal) is one map entry, `src/a/**` (a literal
 * folder and everything below) another, looked up for each folder above the path; only patterns with
 * wildcards elsewhere (`src/*\/orders`, `{a,b}`) are tried one by one, compiled by picomatch. A path owned
 * through several patterns goes to the first owner in file order, as a scan of the list would give.
 *
 * The same pattern written several times (in one owner or in several) is one entry listing its owners, so
 * asking for every owner of a path, or which patterns match no path at all, stays linear in paths + patterns
 * too.
 */

/** What picomatch reads as more than a plain path: wildcards, classes, braces, extglobs, alternation, escapes. */
const GLOB = /[*?[\]{}()!+@|\\]/;

/** One distinct pattern (trailing slashes dropped) and where it is written. */
interface Entry {
  /** Owners listing it, ascending, each once. */
  owners: number[];
  /** Every place it is written: [owner, position in that owner's list]. */
  places: Array<[number, number]>;
}

export interface PatternPlace {
  owner: number;
  /** Position of the pattern in its owner's list. */
  index: number;
  pattern: string;
}

export class PatternIndex {
  private readonly entries: Entry[] = [];
  private readonly byPattern = new Map<string, number>();
  /** Literal path → entry. */
  private readonly exact = new Map<string, number>();
  /** Literal folder of a `folder/**` → entry. */
  private readonly below = new Map<string, number>();
  /** Patterns with wildcards, each once, by their first owner. */
  private readonly globs: Array<{ entry: number; test: (p: string) => boolean }> = [];

  /** `patterns[i]` lists the patterns of owner i (a context, or infrastructure). */
  constructor(private readonly patterns: string[][]) {
    patterns.forEach((list, owner) => {
      list.forEach((raw, index) => {
        const p = raw.replace(/\/+$/, "");
        let id = this.byPattern.get(p);
        if (id === undefined) {
          id = this.entries.push({ owners: [], places: [] }) - 1;
          this.byPattern.set(p, id);
          if (isLiteral(p)) this.exact.set(p, id);
          else if (p.endsWith("/**") && isLiteral(p.slice(0, -3))) this.below.set(p.slice(0, -3), id);
          else this.globs.push({ entry: id, test: picomatch(p, { dot: true }) });
        }
        const e = this.entries[id];
        if (e.owners[e.owners.length - 1] !== owner) e.owners.push(owner);
        e.places.push([owner, index]);
      });
    });
  }

  /** The first owner (in the order given) with a pattern matching `path`, or -1. */
  ownerOf(path: string): number {
    let best = Infinity;
    this.visit(path, (id) => {
      const o = this.entries[id].owners[0];
      if (o < best) best = o;
    }, () => best);
    return best === Infinity ? -1 : best;
  }

  /** Every owner with a pattern matching `path`, ascending, each once. */
  ownersOf(path: string): number[] {
    const owners = new Set<number>();
    this.visit(path, (id) => {
      for (const o of this.entries[id].owners) owners.add(o);
    });
    return [...owners].sort((a, b) => a - b);
  }

  matches(path: string): boolean {
    return this.ownerOf(path) >= 0;
  }

  /** The patterns (as written, in owner then list order) that match none of `paths`. */
  unmatched(paths: Iterable<string>): PatternPlace[] {
    const hit = new Uint8Array(this.entries.length);
    for (const p of paths) this.visit(p, (id) => (hit[id] = 1));
    const out: PatternPlace[] = [];
    this.entries.forEach((e, id) => {
      if (!hit[id]) for (const [owner, index] of e.places) out.push({ owner, index, pattern: this.patterns[owner][index] });
    });
    return out.sort((a, b) => a.owner - b.owner || a.index - b.index);
  }

  /**
   * Calls `found` with each entry matching `path`: its literal, each folder above it written as `folder/**`,
   * then the globs; `bound` (when given) stops the globs at the first whose owner cannot beat it.
   */
  private visit(path: string, found: (id: number) => void, bound?: () => number): void {
    const e = this.exact.get(path);
    if (e !== undefined) found(e);
    if (this.below.size) {
      for (let d = path; ; ) {
        const b = this.below.get(d);
        if (b !== undefined) found(b);
        const i = d.lastIndexOf("/");
        if (i < 0) break;
        d = d.slice(0, i);
      }
    }
    for (const g of this.globs) {
      if (bound && this.entries[g.entry].owners[0] >= bound()) break;
      if (g.test(path)) found(g.entry);
    }
  }
}

/** A pattern picomatch reads as exactly this path (a leading `./` it would drop, so that is no literal). */
function isLiteral(p: string): boolean {
  return !GLOB.test(p) && !p.startsWith("./");
}
