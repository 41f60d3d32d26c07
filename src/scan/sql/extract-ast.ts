import { normaliseTable, type Dialect } from "./dialect.js";
import { emptyFacts, pairs, type StatementFacts } from "./statement-facts.js";

/* node-sql-parser's AST is loosely typed; these are the shapes this file relies on. */
type Node = Record<string, unknown>;
interface TableRef {
  db?: string | null;
  schema?: string | null;
  table?: string;
  expr?: { ast?: Node } & Node;
}

/** Reads, writes and joins of one parsed DML statement (node-sql-parser AST); DDL is read from tokens. */
export function factsFromAst(ast: Node | Node[], dialect: Dialect): StatementFacts {
  const facts = emptyFacts();
  for (const stmt of Array.isArray(ast) ? ast : [ast]) new Walker(dialect, facts).statement(stmt, new Set());
  return facts;
}

class Walker {
  /** Tables that appear in FROM / JOIN / USING clauses, or as an UPDATE/DELETE target with a FROM. */
  private readonly joined = new Set<string>();

  constructor(
    private readonly dialect: Dialect,
    private readonly facts: StatementFacts,
  ) {}

  statement(stmt: Node, outerCtes: Set<string>): void {
    if (!stmt || typeof stmt !== "object") return;
    const ctes = new Set(outerCtes);
    for (const w of (stmt.with as Node[] | null) ?? []) {
      const name = w.name as { value?: string } | string;
      ctes.add(String(typeof name === "string" ? name : name?.value ?? "").toLowerCase());
    }
    for (const w of (stmt.with as Node[] | null) ?? []) this.nested(w.stmt, ctes);

    switch (stmt.type) {
      case "select":
        this.fromList(stmt.from, ctes, "read");
        break;
      case "insert":
      case "replace":
        this.targets(stmt.table, ctes);
        break;
      case "update": {
        const from = (stmt.from as TableRef[] | null) ?? [];
        const tables = (stmt.table as TableRef[] | null) ?? [];
        // MySQL's multi-table UPDATE a JOIN b … SET a.x = …: written are the tables the SET names.
        const setOwners = new Set(((stmt.set as Array<{ table?: string | null }> | null) ?? []).map((c) => c.table?.toLowerCase()).filter(Boolean));
        const isWritten = (ref: TableRef, i: number) =>
          tables.length === 1 || setOwners.has((ref as { as?: string }).as?.toLowerCase()) || setOwners.has(ref.table?.toLowerCase()) || (setOwners.size === 0 && i === 0);
        const written = this.targets(tables.filter(isWritten), ctes);
        this.fromList([...tables.filter((t, i) => !isWritten(t, i)), ...from], ctes, "read");
        if (from.length || tables.length > 1) written.forEach((t) => this.joined.add(t));
        break;
      }
      case "delete": {
        const tables = (stmt.table as TableRef[] | null) ?? [];
        const from = (stmt.from as TableRef[] | null) ?? [];
        if (tables.length) {
          const written = this.targets(tables, ctes);
          this.fromList(from.filter((f) => !written.has(this.nameOf(f) ?? "")), ctes, "read");
          if (from.length > 1) written.forEach((t) => this.joined.add(t));
        } else {
          this.targets(from, ctes);
        }
        break;
      }
      default:
        break;
    }
    this.nestedIn(stmt, ctes);
    if (stmt._next) this.statement(stmt._next as Node, ctes);
    for (const pair of pairs(this.joined)) this.facts.joins.push(pair);
    this.joined.clear();
  }

  private nameOf(ref: TableRef): string | null {
    if (!ref || typeof ref.table !== "string" || ref.expr) return null;
    return normaliseTable(ref.table, ref.db ?? ref.schema ?? null, this.dialect);
  }

  private targets(list: unknown, ctes: Set<string>): Set<string> {
    const out = new Set<string>();
    for (const ref of (list as TableRef[] | null) ?? []) {
      const name = this.nameOf(ref);
      if (!name || ctes.has(ref.table!.toLowerCase())) continue;
      this.facts.accesses.push({ table: name, mode: "write" });
      out.add(name);
    }
    return out;
  }

  private fromList(list: unknown, ctes: Set<string>, mode: "read"): void {
    for (const ref of (list as TableRef[] | null) ?? []) {
      if (ref?.expr?.ast) {
        this.subquery(ref.expr.ast, ctes);
        continue;
      }
      const name = this.nameOf(ref);
      if (!name || ctes.has(ref.table!.toLowerCase())) continue;
      this.facts.accesses.push({ table: name, mode });
      this.joined.add(name);
      this.nestedIn(ref as Node, ctes);
    }
  }

  /** A subquery's tables join the enclosing statement's tables. */
  private subquery(ast: Node, ctes: Set<string>): void {
    const inner = new Walker(this.dialect, emptyFacts());
    inner.statement(ast, ctes);
    for (const a of inner.facts.accesses) {
      this.facts.accesses.push(a);
      if (a.mode === "read") this.joined.add(a.table);
    }
    this.facts.joins.push(...inner.facts.joins);
  }

  private nested(value: unknown, ctes: Set<string>): void {
    if (!value || typeof value !== "object") return;
    const v = value as Node;
    if (v.ast && typeof v.ast === "object") this.subquery(v.ast as Node, ctes);
    else if (typeof v.type === "string" && ["select", "insert", "update", "delete"].includes(v.type)) this.subquery(v, ctes);
  }

  /** Looks through expressions (WHERE, columns, VALUES …) for nested statements. */
  private nestedIn(node: Node, ctes: Set<string>): void {
    for (const [key, value] of Object.entries(node)) {
      if (key === "with" || key === "_next" || key === "from" || key === "table") continue;
      this.scan(value, ctes, 0);
    }
  }

  private scan(value: unknown, ctes: Set<string>, depth: number): void {
    if (!value || typeof value !== "object" || depth > 60) return;
    if (Array.isArray(value)) {
      for (const v of value) this.scan(v, ctes, depth + 1);
      return;
    }
    const v = value as Node;
    if (v.ast && typeof v.ast === "object") {
      this.subquery(v.ast as Node, ctes);
      return;
    }
    if (v.type === "select" && "from" in v) {
      this.subquery(v, ctes);
      return;
    }
    for (const child of Object.values(v)) this.scan(child, ctes, depth + 1);
  }
}
