import path from "node:path";
import { tableEntry, type ContextsFile } from "../config/contexts-yaml.js";
import { PatternIndex } from "../config/pattern-index.js";

const ENTRY_LIST = 3;

/** Who owns what, as contexts.yaml says: the agreed boundaries `check` enforces. */
export class Ownership {
  private readonly unitCache = new Map<string, string | null>();
  private readonly tableCache = new Map<string, string | null>();
  /** Module patterns compiled once: a lookup costs the path's depth, not the number of patterns (config/pattern-index.ts). */
  private readonly modules: PatternIndex;
  private readonly infrastructure: PatternIndex;
  /** `table` and `schema.table` entries → the first context listing them. */
  private readonly tables = new Map<string, number>();
  private readonly entries = new Map<string, PatternIndex>();

  constructor(private readonly file: ContextsFile) {
    this.modules = new PatternIndex(file.contexts.map((c) => c.modules));
    this.infrastructure = new PatternIndex([file.infrastructure]);
    file.contexts.forEach((c, i) => {
      for (const t of c.tables) if (!this.tables.has(t.toLowerCase())) this.tables.set(t.toLowerCase(), i);
    });
  }

  /** Context owning a code unit, or null (unassigned or infrastructure). */
  unitOwner(unit: string): string | null {
    if (!this.unitCache.has(unit)) this.unitCache.set(unit, this.fileOwner(unit));
    return this.unitCache.get(unit)!;
  }

  /** Context whose module patterns name this file itself (a unit formed of files from several folders is listed by its files). */
  fileOwner(file: string): string | null {
    if (this.infrastructure.matches(file)) return null;
    return this.file.contexts[this.modules.ownerOf(file)]?.name ?? null;
  }

  /** A unit or file `infrastructure:` lists: every context may use it. */
  isInfrastructure(unitOrFile: string): boolean {
    return this.infrastructure.matches(unitOrFile);
  }

  /** `orders` matches `public.orders` (any default schema), `billing.invoices` exactly (see tableEntryMatches). */
  tableOwner(table: string): string | null {
    if (!this.tableCache.has(table)) {
      const short = tableEntry(table);
      const i = Math.min(this.tables.get(table) ?? Infinity, short.includes(".") ? Infinity : (this.tables.get(short) ?? Infinity));
      this.tableCache.set(table, this.file.contexts[i]?.name ?? null);
    }
    return this.tableCache.get(table)!;
  }

  /**
   * Whether another context may import `file` of context `ctx`: it is listed under `entry:`, or, when the
   * context lists none, it is an `index` file at the root of one of its module patterns.
   */
  isEntry(ctx: string, file: string): boolean {
    const c = this.file.contexts.find((x) => x.name === ctx);
    if (!c) return true;
    if (c.entry.length) {
      if (!this.entries.has(ctx)) this.entries.set(ctx, new PatternIndex([c.entry]));
      return this.entries.get(ctx)!.matches(file);
    }
    const dir = path.posix.dirname(file);
    const base = path.posix.basename(file);
    return /^index\.[cm]?[jt]sx?$/.test(base) && c.modules.some((p) => p.replace(/\/\*\*$/, "") === dir);
  }

  /** What may be imported instead, in a line: at most ENTRY_LIST entries named, the rest counted. */
  entryDescription(ctx: string): string {
    const c = this.file.contexts.find((x) => x.name === ctx);
    if (!c) return "";
    const list = (xs: string[]) => (xs.length > ENTRY_LIST ? `${xs.slice(0, ENTRY_LIST).join(", ")} and ${xs.length - ENTRY_LIST} more` : xs.join(", "));
    if (c.entry.length) return `entry: ${list(c.entry)}`;
    return `no entry: listed; an index file at the root of ${c.modules.length === 1 ? c.modules[0].replace(/\/\*\*$/, "") : "one of its modules"} counts as one`;
  }
}
