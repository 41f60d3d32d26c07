import type { RuleSeverity } from "../config/contexts-yaml.js";

export type CheckRuleId = "cross-context-join" | "cross-context-fk" | "foreign-table-access" | "cross-context-import" | "unassigned";

/** The rules `strangler check` enforces: data with ids, docs and default severities (set per repo under `rules:`). */
export interface CheckRule {
  id: CheckRuleId;
  severity: Exclude<RuleSeverity, "off">;
  summary: string;
  help: string;
  /** What code scanning and other viewers filter by (SARIF `properties.tags`). */
  tags: string[];
}

/**
 * Where a rule is documented: its section of the README as npm shows it for this version (each rule has a
 * heading there, `#### cross-context-join`, whose anchor is the rule's id).
 */
export function ruleDocsUrl(id: CheckRuleId, version: string): string {
  return `https://www.npmjs.com/package/strangler-fig/v/${encodeURIComponent(version)}#${id}`;
}

export const CHECK_RULES: CheckRule[] = [
  {
    id: "cross-context-join",
    severity: "error",
    summary: "One SQL statement joins tables owned by two bounded contexts.",
    help: "Read the other context's data through its API, or keep a read model (CQRS) fed by its events, instead of joining its tables.",
    tags: ["architecture", "bounded-context", "sql", "coupling"],
  },
  {
    id: "cross-context-fk",
    severity: "error",
    summary: "A foreign key links tables owned by two bounded contexts.",
    help: "Keep the id as a plain column the owning context validates (or learns of through events); a constraint across services cannot hold.",
    tags: ["architecture", "bounded-context", "sql", "schema", "coupling"],
  },
  {
    id: "foreign-table-access",
    severity: "error",
    summary: "Code of one bounded context reads or writes a table another context owns.",
    help: "Call the owning context's public API or subscribe to its events; only the owner touches its tables.",
    tags: ["architecture", "bounded-context", "data-ownership", "coupling"],
  },
  {
    id: "cross-context-import",
    severity: "error",
    summary: "Code imports another bounded context's internals rather than its declared entry points.",
    help: "Import only the files listed under the context's `entry:` in contexts.yaml (by default its index files).",
    tags: ["architecture", "bounded-context", "imports", "coupling"],
  },
  {
    id: "unassigned",
    severity: "warning",
    summary: "A backend code unit or a table that no context of contexts.yaml lists: no boundary applies to it.",
    help: "List the unit under a context's `modules:` (or under `infrastructure:`), the table under its owner's `tables:`.",
    tags: ["architecture", "bounded-context", "contexts-yaml"],
  },
];

export function ruleById(id: CheckRuleId): CheckRule {
  return CHECK_RULES.find((r) => r.id === id)!;
}
