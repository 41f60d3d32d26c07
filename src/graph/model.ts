import type { Evidence } from "../scan/facts.js";

export type NodeKind = "module" | "table";
export type EdgeKind = "import" | "read" | "write" | "uses" | "fk" | "join" | "tx" | "view" | "inherit" | "cochange";
export const EDGE_KINDS: EdgeKind[] = ["import", "read", "write", "uses", "fk", "join", "tx", "view", "inherit", "cochange"];

export interface ModuleNode {
  kind: "module";
  path: string;
  /** What the unit is for: only backend units form contexts (src/scan/roles.ts). */
  role: import("../scan/roles.js").UnitRole;
  roleReason?: string;
  /** How the unit was formed: folder, file, or files of several layers naming one domain noun. */
  formed: "folder" | "file" | "domain-noun";
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
/** Edge kinds from code to a table: a read, a write, or a reference with no known verb (`uses`). */
export const ACCESS_KINDS: ReadonlySet<EdgeKind> = new Set<EdgeKind>(["read", "write", "uses"]);
export const isAccessKind = (kind: EdgeKind) => ACCESS_KINDS.has(kind);

export const edgeKey = (kind: EdgeKind, source: string, target: string) => `${kind}:${source}->${target}`;
