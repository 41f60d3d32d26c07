import type { Evidence } from "../../scan/facts.js";
import { compareStrings } from "../../util/sort.js";
import type { CodeIndex, ExternalCall } from "./index.js";
import { externalOf } from "./index.js";

/** A call from one context's code to a function of another: a network call once they are two services. */
export interface BoundaryCall {
  from: string;
  to: string;
  /** The call as written (`notify`, `cartRepository.lines`). */
  callee: string;
  /** The function it is made in (`file#name:line`). */
  scope: string | null;
  awaited: boolean;
  evidence: Evidence;
  /** Events the calling function publishes already (`order.placed`): the call could become a subscription to one. */
  events: string[];
}

const PUBLISH = /(^|\.)(publish|emit|dispatch|produce|send|fire|raise)(Event)?$/i;

/**
 * Calls across context boundaries, read in the files whose imports cross one (no other file can make
 * such a call), and every call that leaves the process (HTTP, payment, mail and messaging clients) in the
 * files whose text mentions a client.
 */
export function boundaryCalls(code: CodeIndex, contextOfFile: (f: string) => string | undefined): BoundaryCall[] {
  const files = new Set<string>();
  for (const i of code.facts.imports) {
    const a = contextOfFile(i.from);
    const b = contextOfFile(i.to);
    if (a && b && a !== b && !i.typeOnly) files.add(i.from);
  }
  const out: BoundaryCall[] = [];
  for (const f of [...files].sort(compareStrings)) {
    const parsed = code.file(f);
    const from = contextOfFile(f);
    if (!parsed || !from) continue;
    // Events each function publishes, read once per file.
    let eventsByScope: Map<string | null, string[]> | null = null;
    const eventsIn = (scope: string | null) => {
      if (!eventsByScope) {
        eventsByScope = new Map();
        for (const x of parsed.calls) {
          if (!x.eventType || !PUBLISH.test(x.callee)) continue;
          const list = eventsByScope.get(x.scope);
          if (list) list.push(x.eventType);
          else eventsByScope.set(x.scope, [x.eventType]);
        }
      }
      return eventsByScope.get(scope) ?? [];
    };
    for (const c of parsed.calls) {
      const r = code.resolve(c);
      if (r?.kind !== "function") continue;
      const to = contextOfFile(r.fn.file);
      if (!to || to === from) continue;
      const events = eventsIn(c.scope);
      out.push({ from, to, callee: c.callee, scope: c.scope, awaited: c.awaited, evidence: { file: c.file, line: c.line }, events: [...new Set(events)].sort(compareStrings) });
    }
  }
  return out.sort((a, b) => compareStrings(a.evidence.file, b.evidence.file) || a.evidence.line - b.evidence.line);
}

/** Every call that leaves the process, in the code files whose text names `fetch` or a client package. */
export function externalCalls(code: CodeIndex, clientPackages: string[]): ExternalCall[] {
  const mention = new RegExp(`\\bfetch\\s*\\(|${clientPackages.filter((p) => p !== "fetch").map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")}`);
  const out: ExternalCall[] = [];
  for (const f of [...code.codeFiles].sort(compareStrings)) {
    if (!code.mayCallOut(f)) continue;
    const text = code.text(f);
    if (text === null || !mention.test(text)) continue;
    const parsed = code.file(f);
    if (!parsed) continue;
    for (const c of parsed.calls) {
      const r = code.resolve(c);
      if (r?.kind === "external") out.push(externalOf(c, r.client));
    }
  }
  return out;
}
