import type { Evidence, ForeignKeyFact, InheritFact, TableFact, ViewFact } from "../facts.js";
import type { StatementFacts } from "./statement-facts.js";

/**
 * The schema as DDL statements build it, applied in order: CREATE adds, RENAME moves a table and every
 * reference to it, DROP TABLE removes a table with its foreign keys, DROP CONSTRAINT removes a named key,
 * RENAME CONSTRAINT renames one, DETACH PARTITION / NO INHERIT unlink a child.
 * What is left at the end is the final schema.
 */
export class SchemaState {
  private readonly tables = new Map<string, Evidence>();
  private readonly views = new Map<string, ViewFact>();
  private foreignKeys: ForeignKeyFact[] = [];
  private inherits: InheritFact[] = [];
  /** Tables created and later dropped or renamed away. */
  private readonly gone = new Set<string>();

  apply(facts: StatementFacts, at: Evidence, fkLine: (to: string) => number): void {
    for (const name of facts.creates) {
      if (!this.tables.has(name)) this.tables.set(name, at);
      this.gone.delete(name);
    }
    for (const v of facts.views) this.views.set(v.name, { ...at, name: v.name, reads: v.reads });
    // One ALTER TABLE may drop a key and add it again (`DROP CONSTRAINT fk, ADD CONSTRAINT fk …`): drops first.
    for (const dc of facts.droppedConstraints) {
      this.foreignKeys = this.foreignKeys.filter((fk) => !(fk.from === dc.table && fk.constraint === dc.constraint));
    }
    for (const rc of facts.renamedConstraints) {
      this.foreignKeys = this.foreignKeys.map((fk) => (fk.from === rc.table && fk.constraint === rc.from ? { ...fk, constraint: rc.to } : fk));
    }
    for (const d of facts.detaches) this.inherits = this.inherits.filter((i) => !(i.child === d.child && i.parent === d.parent));
    for (const fk of facts.foreignKeys) this.foreignKeys.push({ file: at.file, line: fkLine(fk.to), ...fk });
    for (const inh of facts.inherits) this.inherits.push({ ...at, ...inh });
    for (const r of facts.renames) this.rename(r.from, r.to);
    for (const d of facts.drops) this.drop(d);
  }

  private rename(from: string, to: string): void {
    const swap = (n: string) => (n === from ? to : n);
    const table = this.tables.get(from);
    if (table) {
      this.gone.add(from);
      this.gone.delete(to);
      this.tables.delete(from);
      this.tables.set(to, table);
    }
    const view = this.views.get(from);
    if (view) {
      this.views.delete(from);
      this.views.set(to, { ...view, name: to });
    }
    for (const v of this.views.values()) v.reads = v.reads.map(swap);
    this.foreignKeys = this.foreignKeys.map((fk) => ({ ...fk, from: swap(fk.from), to: swap(fk.to) }));
    this.inherits = this.inherits.map((i) => ({ ...i, child: swap(i.child), parent: swap(i.parent) }));
  }

  private drop(name: string): void {
    if (this.tables.has(name)) this.gone.add(name);
    this.tables.delete(name);
    this.views.delete(name);
    this.foreignKeys = this.foreignKeys.filter((fk) => fk.from !== name && fk.to !== name);
    this.inherits = this.inherits.filter((i) => i.child !== name && i.parent !== name);
  }

  /** True for a table the DDL created and that is no longer in the schema (dropped, or renamed away). */
  isGone(name: string): boolean {
    return this.gone.has(name) && !this.tables.has(name) && !this.views.has(name);
  }

  result(): { tables: TableFact[]; views: ViewFact[]; foreignKeys: ForeignKeyFact[]; inherits: InheritFact[] } {
    return {
      tables: [...this.tables].map(([name, at]) => ({ ...at, name })),
      views: [...this.views.values()],
      foreignKeys: this.foreignKeys,
      inherits: this.inherits,
    };
  }
}
