import { shortTable } from "../scan/sql/dialect.js";
import type { PatternPlace } from "./pattern-index.js";

/**
 * contexts.yaml table entries compiled once, with the meaning of tableEntryMatches (config/contexts-yaml.ts):
 * `orders` names `public.orders` (any default schema), `billing.invoices` names exactly that table. Finding
 * who lists a table is two map look-ups, whatever the number of entries.
 */
export class TableEntries {
  /** Lower-cased entry → places it is written, in owner then list order. */
  private readonly qualified = new Map<string, Array<[number, number]>>();
  private readonly bare = new Map<string, Array<[number, number]>>();

  /** `entries[i]` lists the table entries of owner i. */
  constructor(private readonly entries: string[][]) {
    entries.forEach((list, owner) => {
      list.forEach((raw, index) => {
        const e = raw.toLowerCase();
        const map = e.includes(".") ? this.qualified : this.bare;
        const places = map.get(e) ?? [];
        places.push([owner, index]);
        map.set(e, places);
      });
    });
  }

  /** Every owner listing `table` (a graph table name, `schema.name`), ascending, each once. */
  ownersOf(table: string): number[] {
    const owners = new Set<number>();
    for (const places of this.placesOf(table)) for (const [o] of places) owners.add(o);
    return [...owners].sort((a, b) => a - b);
  }

  /** The entries (as written, in owner then list order) that name none of `tables`. */
  unmatched(tables: Iterable<string>): PatternPlace[] {
    const hit = new Set<Array<[number, number]>>();
    for (const t of tables) for (const places of this.placesOf(t)) hit.add(places);
    const out: PatternPlace[] = [];
    for (const map of [this.qualified, this.bare]) {
      for (const places of map.values()) {
        if (!hit.has(places)) for (const [owner, index] of places) out.push({ owner, index, pattern: this.entries[owner][index] });
      }
    }
    return out.sort((a, b) => a.owner - b.owner || a.index - b.index);
  }

  private placesOf(table: string): Array<Array<[number, number]>> {
    const out: Array<Array<[number, number]>> = [];
    const q = this.qualified.get(table);
    if (q) out.push(q);
    const b = this.bare.get(shortTable(table));
    if (b) out.push(b);
    return out;
  }
}
