import type { Evidence } from "../scan/facts.js";

export type NodeKind = "module" | "table";
export type EdgeKind = "import" | "read" | "write" | "fk" | "join" | "tx" | "view" | "inherit" | "cochange";
export const EDGE_KINDS: EdgeKind[] = ["import", "read", "write", "fk", "join", "tx", "view", "inherit", "cochange"];

export interface ModuleNode {
  kind: "module";
  path: string;
  files: number;
  loc: number;
  /** Commits that changed the unit (0 without git history). */
  churn: number;
}

export interface TableNode {
  kind: "table";
  name: string;
  /**
   * A table, a view (which reads other tables through `view` edges), or a system catalog (pg_catalog,
   * information_schema, sqlite_master, mysql.* …): shown, never clustered or named.
   */
  relation: "table" | "view" | "system";
  /** Declared by DDL in the repo (false: only seen in queries or references). */
  declared: boolean;
}

export type NodeAttributes = ModuleNode | TableNode;

export interface EdgeAttributes {
  kind: EdgeKind;
  /** Number of occurrences. */
  weight: number;
  /** Every occurrence, sorted by file then line. */
  evidence: Evidence[];
  /** import edges: every occurrence is `import type`. */
  typeOnly?: boolean;
}

export const moduleKey = (unit: string) => `module:${unit}`;
export const tableKey = (table: string) => `table:${table}`;
export const edgeKey = (kind: EdgeKind, source: string, target: string) => `${kind}:${source}->${target}`;
