import type { ExportTable } from "./file-facts.js";

export interface Definition {
  file: string;
  /** The name the defining file exports it under (`export { a as b } from` renames it). */
  name: string;
  /** Barrels passed through, in order, from the imported file to the defining one (exclusive). */
  via: string[];
}

/**
 * Follows `export … from` chains to the file that really defines an exported name, so an import through a
 * barrel (`import { pool } from "@shared"`) counts against the module that owns `pool`, not the barrel.
 */
export class BarrelFollower {
  private readonly memo = new Map<string, Definition | null>();

  constructor(
    private readonly exportsOf: (file: string) => ExportTable | undefined,
    private readonly resolve: (fromFile: string, specifier: string) => string | null,
  ) {}

  /** Where `name` exported by `file` is defined; `file` itself when the chain cannot be followed. */
  definitionOf(file: string, name: string): Definition {
    return this.find(file, name, new Set()) ?? { file, name, via: [] };
  }

  private find(file: string, name: string, seen: Set<string>): Definition | null {
    const key = `${file}\u0000${name}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    if (seen.has(key)) return null;
    seen.add(key);
    const result = this.lookup(file, name, seen);
    this.memo.set(key, result);
    return result;
  }

  private lookup(file: string, name: string, seen: Set<string>): Definition | null {
    const table = this.exportsOf(file);
    if (!table) return { file, name, via: [] };
    if (table.local.includes(name)) return { file, name, via: [] };
    for (const entry of table.named) {
      if (entry.exported !== name) continue;
      const target = this.resolve(file, entry.specifier);
      if (!target) return { file, name, via: [] };
      if (entry.imported === "*") return { file: target, name: "*", via: [file] };
      const inner = this.find(target, entry.imported, seen);
      return inner ? { file: inner.file, name: inner.name, via: [file, ...inner.via] } : { file: target, name: entry.imported, via: [file] };
    }
    if (name === "default") return null;
    for (const specifier of table.star) {
      const target = this.resolve(file, specifier);
      if (!target) continue;
      const inner = this.find(target, name, seen);
      if (inner) return { file: inner.file, name: inner.name, via: [file, ...inner.via] };
    }
    return null;
  }
}
