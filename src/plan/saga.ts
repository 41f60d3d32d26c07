import type { Evidence, Facts } from "../scan/facts.js";
import { compareStrings } from "../util/sort.js";
import { shortTable as bare } from "../scan/sql/dialect.js";

export interface SagaStep {
  order: number;
  context: string;
  table: string;
  action: "insert" | "update" | "delete" | "write";
  compensation: string;
  evidence: Evidence;
}

export interface Saga {
  /** The function whose transaction it replaces (`file#name`). */
  scope: string;
  /** The context whose code runs it today: the orchestrator. */
  orchestrator: string;
  participants: string[];
  steps: SagaStep[];
}


/**
 * Sagas from the code's own write sequence: every function (or transaction callback) that writes tables
 * of two or more contexts becomes a saga whose steps are its writes in line order, each with the
 * compensation that undoes it.
 */
export function deriveSagas(facts: Facts, tableOwner: (t: string) => string | undefined, contextOfFile: (f: string) => string | undefined): Saga[] {
  const verbAt = new Map(facts.sqlSites.map((s) => [`${s.file}:${s.line}`, /^\s*(?:with[\s\S]*?\)\s*)?(insert|update|delete|merge|upsert|replace)\b/i.exec(s.text)?.[1]?.toLowerCase()]));
  const byScope = new Map<string, typeof facts.accesses>();
  for (const a of facts.accesses) {
    if (a.mode !== "write" || !a.scope) continue;
    byScope.set(a.scope, [...(byScope.get(a.scope) ?? []), a]);
  }
  const sagas: Saga[] = [];
  for (const scope of [...byScope.keys()].sort(compareStrings)) {
    const writes = byScope.get(scope)!.filter((w) => tableOwner(w.table)).sort((a, b) => a.line - b.line || compareStrings(a.table, b.table));
    const contexts = [...new Set(writes.map((w) => tableOwner(w.table)!))];
    if (contexts.length < 2) continue;
    const steps: SagaStep[] = writes.map((w, i) => {
      const verb = verbAt.get(`${w.file}:${w.line}`);
      const action = verb === "insert" || verb === "upsert" || verb === "replace" ? "insert" : verb === "update" || verb === "merge" ? "update" : verb === "delete" ? "delete" : "write";
      return { order: i + 1, context: tableOwner(w.table)!, table: bare(w.table), action, compensation: compensation(action, bare(w.table)), evidence: { file: w.file, line: w.line } };
    });
    const file = writes[0].file;
    sagas.push({ scope: scope.replace(/:\d+$/, ""), orchestrator: contextOfFile(file) ?? contexts[0], participants: contexts.sort(compareStrings), steps });
  }
  return sagas;
}

function compensation(action: SagaStep["action"], table: string): string {
  switch (action) {
    case "insert": return `delete the ${table} rows this step inserted`;
    case "update": return `restore the ${table} values read before the step`;
    case "delete": return `re-insert the ${table} rows kept before the step`;
    default: return `undo the change to ${table} (record it before the step)`;
  }
}
