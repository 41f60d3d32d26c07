
/*
 * What a cache entry must look like before its facts are used: the shape of a file's outcome, written for
 * that very file. Anything else (a hand edit, another tool's file, an entry of another path) is not used.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const arrays = (o: Record<string, unknown>, keys: string[]) => keys.every((k) => Array.isArray(o[k]));

/** The first part of an entry: a file's facts, or why it could not be read. */
export function isOutcomeOf(file: string): (v: unknown) => boolean {
  return (v: unknown): boolean => {
    if (!isObject(v)) return false;
    if (isObject(v.diagnostic)) {
      const d = v.diagnostic;
      return d.file === file && typeof d.code === "string" && typeof d.message === "string" && typeof d.severity === "string";
    }
    const f = v.facts;
    if (!isObject(f)) return false;
    if (f.path !== file || typeof f.loc !== "number" || typeof f.correlationId !== "boolean") return false;
    if (!arrays(f, ["imports", "sqlSites", "orm", "dialectHints", "paths", "diagnostics"])) return false;
    if (!isObject(f.exports) || !arrays(f.exports, ["local", "named", "star"])) return false;
    const s = f.symbols;
    if (!isObject(s) || !Array.isArray(s.interfaces)) return false;
    if (!["imports", "exportAliases", "values", "classes", "typeAliases", "decoratorFactories", "registry", "repositories"].every((k) => isObject(s[k]))) return false;
    return true;
  };
}

/** The second part: the file's functions and calls (see src/scan/code/call-facts.ts), or null when they could not be read. */
export function isCallFacts(v: unknown): boolean {
  return v === null || (isObject(v) && arrays(v, ["functions", "calls", "imports", "topFunctions", "objects", "derived", "strings", "declared"]));
}
