import path from "node:path";
import { modulePatternMatches, tableEntryMatches, type ContextsFile } from "../config/contexts-yaml.js";

const ENTRY_LIST = 3;

/** Who owns what, as contexts.yaml says: the agreed boundaries `check` enforces. */
export class Ownership {
  private readonly unitCache = new Map<string, string | null>();
  private readonly tableCache = new Map<string, string | null>();

  constructor(private readonly file: ContextsFile) {}

  /** Context owning a code unit, or null (unassigned or infrastructure). */
  unitOwner(unit: string): string | null {
    if (!this.unitCache.has(unit)) {
      const infra = this.file.infrastructure.some((p) => modulePatternMatches(p, unit));
      const ctx = infra ? undefined : this.file.contexts.find((c) => c.modules.some((p) => modulePatternMatches(p, unit)));
      this.unitCache.set(unit, ctx?.name ?? null);
    }
    return this.unitCache.get(unit)!;
  }

  /** Context whose module patterns name this file itself (a unit formed of files from several folders is listed by its files). */
  fileOwner(file: string): string | null {
    const infra = this.file.infrastructure.some((p) => modulePatternMatches(p, file));
    if (infra) return null;
    return this.file.contexts.find((c) => c.modules.some((p) => modulePatternMatches(p, file)))?.name ?? null;
  }

  /** A unit or file `infrastructure:` lists: every context may use it. */
  isInfrastructure(unitOrFile: string): boolean {
    return this.file.infrastructure.some((p) => modulePatternMatches(p, unitOrFile));
  }

  tableOwner(table: string): string | null {
    if (!this.tableCache.has(table)) {
      this.tableCache.set(table, this.file.contexts.find((c) => c.tables.some((t) => tableEntryMatches(t, table)))?.name ?? null);
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
    if (c.entry.length) return c.entry.some((e) => e === file || modulePatternMatches(e, file));
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
