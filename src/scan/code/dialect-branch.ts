import { ts } from "#ts";
import type { Dialect } from "../sql/dialect.js";

/*
 * A migration that carries SQL for several databases picks one at run time: a method per database
 * (`postgresUpQueryRunner`, `sqliteUpQueryRunner`), or a branch (`case DatabaseTypeEnum.mysql:`,
 * `if (type === "postgres")`). A SQL site inside such a method or branch is that database's; only the
 * project's own dialect shapes its schema. `other` is a database strangler does not read (SQL Server, Oracle).
 */

export type BranchDialect = Dialect | "other";

const WORDS: Array<[RegExp, BranchDialect]> = [
  [/postgres|\bpg\b|^pg[A-Z_]|cockroach/i, "postgresql"],
  [/maria/i, "mariadb"],
  [/mysql/i, "mysql"],
  [/sqlite/i, "sqlite"],
  [/mssql|sqlserver|sql_server|oracle/i, "other"],
];

/** The database a name or condition text names, when exactly one. */
export function dialectNamed(text: string): BranchDialect | null {
  const found = new Set(WORDS.filter(([re]) => re.test(text)).map(([, d]) => d));
  return found.size === 1 ? [...found][0] : null;
}

/** The database a SQL site at `node` is written for, from the enclosing method names and branches; null when none says. */
export function siteDialect(node: ts.Node, functionNames: string[]): BranchDialect | null {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isCaseClause(p)) {
      // case A: case B: { … } — the clause holding the statements, and the empty ones falling into it
      const labels = [p.expression.getText()];
      const clauses = p.parent.clauses;
      for (let i = clauses.indexOf(p) - 1; i >= 0 && clauses[i].statements.length === 0; i--) {
        const c = clauses[i];
        if (ts.isCaseClause(c)) labels.push(c.expression.getText());
      }
      const named = new Set(labels.map(dialectNamed).filter((d): d is BranchDialect => !!d));
      if (named.size === 1) return [...named][0];
      // `case "mysql": case "mariadb":` — one family of databases, the same SQL.
      if (named.size === 2 && named.has("mysql") && named.has("mariadb")) return "mysql";
    }
    if (ts.isIfStatement(p) && p.thenStatement === n) {
      const d = dialectNamed(p.expression.getText());
      if (d && /===?|includes|is[A-Z]/.test(p.expression.getText())) return d;
    }
  }
  for (let i = functionNames.length - 1; i >= 0; i--) {
    const d = dialectNamed(functionNames[i].replace(/^.*#/, "").replace(/:\d+$/, ""));
    if (d) return d;
  }
  return null;
}
