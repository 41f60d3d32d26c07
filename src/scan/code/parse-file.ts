import { ts } from "#ts";
import type { Diagnostic } from "../facts.js";
import type { Source } from "../sources/source.js";
import { reviveSymbols } from "../link/symbols.js";
import { extractFileFacts, type FileFacts } from "./file-facts.js";
import { readCallFacts, type CallFacts } from "./call-facts.js";

/**
 * How every code file is parsed: the latest syntax, and no JSDoc (no reader looks at it; parsing it is about
 * a fifth of the parse on a well-documented codebase). Line and column positions are the same either way.
 */
export const SYNTAX_ONLY: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/** What reading one code file gave: its facts (and the roadmap's view of its calls, when kept), or why it could not be read. */
export type ParseOutcome = { facts: FileFacts; calls?: CallFacts | null } | { diagnostic: Diagnostic };

/**
 * Parses one file once and reads everything later stages need from that one tree: the scan's facts and the
 * roadmap's functions and calls. A file the parser cannot take (nested past the call stack, ~1,000
 * parentheses deep) or that breaks a reader is one diagnostic naming it, and the scan goes on.
 */
export function parseFile(virtualPath: string, text: string, shown: string, sources: Source[], withCalls = true): ParseOutcome {
  try {
    // A plain TypeScript tree: the facts read only compilerNode, and ts-morph's wrapper, once dropped again,
    // re-read the line of every statement (quadratic on a file of one long line: 111 s for 2 MB).
    const compilerNode = ts.createSourceFile(virtualPath, text, SYNTAX_ONLY, true);
    const facts = extractFileFacts({ compilerNode }, shown, sources);
    return withCalls ? { facts, calls: callsOf(compilerNode, shown) } : { facts };
  } catch (err) {
    const deep = err instanceof RangeError && /call stack/i.test(err.message);
    return {
      diagnostic: {
        file: shown,
        code: deep ? "too-deep" : "parse-failed",
        severity: "warning",
        message: deep ? "nested too deeply to parse (the parser ran out of call stack): skipped" : `could not be read (${(err as Error).message?.split("\n")[0] ?? String(err)}): skipped`,
      },
    };
  }
}

/** The roadmap's view of a file; null when it cannot be read (the roadmap then knows no function there, as before). */
function callsOf(sf: ts.SourceFile, shown: string): CallFacts | null {
  try {
    return readCallFacts(sf, shown);
  } catch {
    return null;
  }
}

/** An outcome as the parts of its cache entry (src/scan/cache/fact-cache.ts): the facts, then the calls when read. */
export function cacheParts(o: ParseOutcome): unknown[] {
  return "facts" in o ? ("calls" in o ? [{ facts: o.facts }, o.calls] : [{ facts: o.facts }]) : [o];
}

/** An outcome from its cache entry's parts as JSON texts (a parsing thread sends them so: one text to copy, and the entry written as is). */
export function outcomeFromParts(parts: string[]): ParseOutcome {
  const first = JSON.parse(parts[0]) as ParseOutcome;
  if (!("facts" in first)) return first;
  return reviveOutcome(parts.length > 1 ? { facts: first.facts, calls: JSON.parse(parts[1]) as CallFacts | null } : { facts: first.facts });
}

/** An outcome that crossed a copy (the cache's JSON, a worker's message) made whole again. */
export function reviveOutcome(o: ParseOutcome): ParseOutcome {
  return "facts" in o ? { ...o, facts: { ...o.facts, symbols: reviveSymbols(o.facts.symbols) } } : o;
}
