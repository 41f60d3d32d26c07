import type { StranglerGraph } from "../graph/build.js";
import type { Diagnostic } from "../scan/facts.js";
import type { AgreedContext } from "../config/contexts-yaml.js";
import { PatternIndex } from "../config/pattern-index.js";
import { TableEntries } from "../config/table-entries.js";

/**
 * Node → agreed context, from contexts.yaml's module patterns and table names; ambiguity is reported. The
 * patterns and names are compiled once (config/pattern-index.ts, config/table-entries.ts), so the cost is
 * linear in nodes + entries however long the file.
 */
export function pinsFrom(graph: StranglerGraph, agreed: AgreedContext[], diagnostics: Diagnostic[]): Map<string, string> {
  const pins = new Map<string, string>();
  const modules = new PatternIndex(agreed.map((c) => c.modules));
  const tables = new TableEntries(agreed.map((c) => c.tables));
  const unitPaths: string[] = [];
  const tableNames: string[] = [];
  graph.forEachNode((node, a) => {
    const name = a.kind === "module" ? a.path : a.name;
    if (a.kind === "module") unitPaths.push(name);
    else tableNames.push(name);
    const owners = a.kind === "module" ? modules.ownersOf(name) : tables.ownersOf(name);
    if (owners.length === 0) return;
    const hits = owners.map((i) => agreed[i]);
    if (hits.length > 1) {
      diagnostics.push({
        file: "contexts.yaml",
        line: hits[1].line,
        code: "contexts-ambiguous",
        severity: "warning",
        message: `${name} is listed in ${hits.map((h) => h.name).join(" and ")}; kept in ${hits[0].name}`,
      });
    }
    pins.set(node, hits[0].name);
  });
  // An entry that matches nothing is kept in the file, and said.
  const stale = [
    ...modules.unmatched(unitPaths).map((u) => ({ ...u, message: `context ${agreed[u.owner].name}: module pattern "${u.pattern}" matches no code unit`, kind: 0 })),
    ...tables.unmatched(tableNames).map((u) => ({ ...u, message: `context ${agreed[u.owner].name}: table "${u.pattern}" is not in the schema`, kind: 1 })),
  ].sort((a, b) => a.owner - b.owner || a.kind - b.kind || a.index - b.index);
  for (const s of stale) diagnostics.push({ file: "contexts.yaml", line: agreed[s.owner].line, code: "contexts-stale", severity: "warning", message: s.message });
  return pins;
}
