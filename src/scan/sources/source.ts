import type { ts } from "#ts";
import type { AccessMode } from "../facts.js";
import type { ConstLookup } from "../code/static-string.js";
import type { Ref } from "../link/refs.js";
import type { FileSymbols, ValueRef } from "../link/symbols.js";

/**
 * What an ORM or query-builder source says, before entity names are resolved to tables. Entities are
 * named as the code names them (a class, a Prisma model, a variable holding a table definition).
 */
export type OrmRecord =
  | {
      kind: "entity";
      source: string;
      entity: string;
      table: string;
      file: string;
      line: number;
      /** A custom class decorator (`@MultiORMEntity("x")`): an entity only if its definition calls the ORM's own. */
      decorator?: string;
      /** Single-table inheritance (`@ChildEntity() class Sale extends StockMovement`): the parent's table. */
      parent?: string;
      /** The table as a constant the linker reads (`createTable(TableUser, …)`), when `table` is not a literal. */
      tableRef?: ValueRef;
      /** Other ORMs a custom decorator declares the entity for too (`@MultiORMEntity` calls both ORMs' Entity). */
      alsoSources?: string[];
      /** Only a name for a table declared elsewhere (an Objection relation's name): no table of its own. */
      nameOnly?: boolean;
      /** How the framework shortens the name `tableRef` gives (Medusa's link tables: lower case, then compressName). */
      nameRule?: "medusa-link";
    }
  | {
      kind: "relation";
      source: string;
      /** Query builders' schema code names tables, not entities: used instead of `entity` / `target`. */
      fromTable?: string;
      toTable?: string;
      /** The same as constants the linker reads; `toRef` may name a column (`"users.id"`): its table part is taken. */
      fromRef?: ValueRef;
      toRef?: ValueRef;
      toRefIsColumn?: boolean;
      /** The entity holding the foreign key column (the owning side). */
      entity: string;
      /** The entity it points to. */
      target: string;
      /** Property name on `entity`, for query-builder joins through it (`o.payments`). */
      property?: string;
      /** Many-to-many: the join table, whose rows point to both. */
      joinTable?: string;
      /** True when `entity` holds the key column; false for the inverse side (only used to follow joins). */
      owner: boolean;
      /** Prisma: a list field without keys; two list sides facing each other make an implicit join table. */
      list?: boolean;
      file: string;
      line: number;
    }
  | {
      kind: "use";
      source: string;
      /** By entity name (as the file names it), directly by table name, or by a reference the linker follows. */
      entity?: string;
      table?: string;
      ref?: Ref;
      /** Class the record sits in, for `this.tableName`-like references. */
      cls?: string;
      mode: AccessMode;
      /** When `ref` turns out to be an entity instance (`document.save()`): the mode, or null if not a data call. */
      instanceMode?: AccessMode | null;
      /** The method called on a receiver (`this.tagTypeStore.delete(…)`): its own table accesses count here. */
      method?: string;
      /** Entities or tables read together with it in the same query (include, with, join). */
      joins: Array<{ entity?: string; table?: string; viaProperty?: string; ref?: Ref }>;
      file: string;
      line: number;
      scope: string | null;
    }
  /** A name a query defines for itself (a CTE: `.with("ranked", …)`): never a table, in this file's SQL either. */
  | { kind: "queryName"; source: string; name: string; file: string; line: number }
  /**
   * Schema changes a migration tool's code API makes (`queryInterface.renameTable("a", "b")`), as the SQL
   * they stand for: read with the SQL, in migration order, so renames and drops apply where they happen.
   */
  | { kind: "ddl"; source: string; sql: string | DdlPart[]; file: string; line: number; scope: string | null; rollback: boolean };

/** A piece of DDL whose names the linker knows only after every file is read: text, a table, or a column's table. */
/** `schema`: the schema a name without one is in (Knex's `withSchema("s")`). */
export type DdlPart = string | { table: ValueRef; schema?: string } | { tableOfColumn: ValueRef };

export interface VisitContext {
  path: string;
  lineOf(node: ts.Node): number;
  /** Enclosing function id (as SQL sites have it). */
  scope(): string | null;
  /** Inside a migration's `down()` (or a callback within it). */
  inRollback(): boolean;
  lookup: ConstLookup;
  /** What the file declares and imports. */
  symbols: FileSymbols;
  /** Name of the class a node sits in, or null. */
  classOf(node: ts.Node): string | null;
  /** True when a receiver (`knex`, `this.db`, `trx`) is known to be a query builder instance (Knex). */
  isQueryBuilder(receiver: string[], node: ts.Node): boolean;
  emit(record: OrmRecord): void;
}

/**
 * One schema/query source (knip's plugin shape): what enables it, which files it reads, how it reads them.
 * `visit` sees every node of every TypeScript file once; `readSchemaFile` reads the source's own files.
 */
export interface Source {
  id: string;
  title: string;
  /** Where its behaviour is documented. */
  docs: string;
  /** Packages in any package.json that turn it on. */
  enablers: string[];
  /** A migration tool (its SQL is read as SQL): no warning when it declares no table of its own. */
  migrationsOnly?: boolean;
  /**
   * Called for each node of the kinds listed in VISITED_KINDS (src/scan/code/file-facts.ts: calls, tagged
   * templates, `new`, assignments, declarations, object literals and their properties, classes, function-likes), in
   * source order; other nodes are reached from these. A source acting on another kind adds it there.
   */
  visit?(node: ts.Node, ctx: VisitContext): void;
  /** Text that a file declaring this source's entities or tables contains (read even when others are skipped). */
  declares?: RegExp;
  /** Called once a file's nodes are all visited (to resolve what was seen before its binding). */
  endFile?(ctx: VisitContext): void;
  /** File names (not TypeScript) this source reads as schema, e.g. `schema.prisma`. */
  schemaFile?: RegExp;
  readSchemaFile?(path: string, text: string, emit: (r: OrmRecord) => void): void;
}
