import type { Diagnostic } from "../facts.js";
import type { DdlPart, OrmRecord } from "../sources/source.js";
import { Linker, type Def, type EntityInfo } from "./linker.js";
import { refText, valueText } from "./refs.js";
import type { ValueRef } from "./symbols.js";
import { scopeFunction } from "../scope.js";
import { compareStrings } from "../../util/sort.js";
import { tableFromText } from "./table-text.js";
import { compressName } from "../sources/medusa-names.js";
import type { FileSymbols } from "./symbols.js";
import { emptyRecord } from "../../util/record.js";

export type { FileSymbols } from "./symbols.js";

/** Sources whose `entity` is a name in the file's own scope (a class or variable), so imports decide it. */
const SCOPED_ENTITY_SOURCES = new Set(["typeorm", "mikro-orm", "sequelize", "drizzle", "medusa", "link"]);

/** Decorator functions that make a custom decorator an entity declaration when its definition calls them (imported under any name). */
export const ENTITY_DECORATOR_CALLS: ReadonlySet<string> = new Set(["Entity", "Table"]);

export interface LinkInput {
  records: OrmRecord[];
  symbolsOf(file: string): FileSymbols | undefined;
  files: string[];
  resolve(fromFile: string, specifier: string): string | null;
  definitionOf(file: string, name: string): Def;
  ownPackages: Set<string>;
  /** Records of a file read only on demand (outside the folder scanned): its entities count when named. */
  lateRecords?(file: string): OrmRecord[];
  /** The framework's container holds, per model, `<model>Service` and `<model>Repository` (Medusa's modules). */
  modelServices?: boolean;
}

export interface LinkResult {
  records: OrmRecord[];
  /** Query calls of a source (not the linker's own guesses) whose table could not be known, per source. */
  unlinked: Record<string, number>;
  /** Tables each source's migration API creates (`knex.schema.createTable`), per source. */
  created: Record<string, number>;
  diagnostics: Diagnostic[];
}

type Use = Extract<OrmRecord, { kind: "use" }>;

/**
 * Every record whose entity or table is only a name in its file is followed across files (src/scan/link/
 * linker.ts) and rewritten with the table it reaches; records that reach nothing are dropped, and a table
 * expression that cannot be known (`${entity.tableName}`) is a diagnostic, never a table.
 */
export function linkRecords(input: LinkInput): LinkResult {
  const diagnostics: Diagnostic[] = [];
  const lateEntities = (file: string): EntityInfo[] =>
    (input.lateRecords?.(file) ?? []).flatMap((r) => (r.kind === "entity" && !r.parent && !r.decorator ? [{ table: r.table, source: r.source, entity: r.entity }] : []));
  const base = { symbolsOf: input.symbolsOf, resolve: input.resolve, definitionOf: input.definitionOf, ownPackages: input.ownPackages, files: input.files, lateEntities, modelServices: input.modelServices };
  const definer = new Linker({ ...base, entities: new Map(), tableFields: new Map() });

  const entities = new Map<string, EntityInfo>();
  const kept: OrmRecord[] = [];
  const children: Array<Extract<OrmRecord, { kind: "entity" }>> = [];
  for (const raw of input.records) {
    if (raw.kind !== "entity") continue;
    const declaredBy = raw.decorator ? entityDecoratorSources(definer, raw.file, raw.decorator, input.symbolsOf) : [];
    if (raw.decorator && declaredBy.length === 0) continue;
    // A decorator declaring the entity for several ORMs at once counts for each.
    let r = declaredBy.length > 1 ? { ...raw, alsoSources: declaredBy.filter((x) => x !== raw.source) } : raw;
    if (raw.tableRef) {
      const t = definer.table(raw.file, raw.tableRef, null);
      const text = "table" in t ? tableFromText(t.table) : null;
      const name = text && raw.nameRule === "medusa-link" ? compressName(text.toLowerCase()) : text;
      if (!name) {
        diagnostics.push({ file: raw.file, line: raw.line, code: "dynamic-table", severity: "warning", message: `${raw.source}: table name ${valueText(raw.tableRef)} cannot be known without running the code; the table is not counted` });
        continue;
      }
      r = { ...r, tableRef: undefined, table: name, entity: r.entity || `table:${name}` };
    }
    if (r.parent) {
      children.push(r);
      continue;
    }
    const k = `${r.file}#${r.entity}`;
    if (!entities.has(k)) entities.set(k, { table: r.table, source: r.source, entity: r.entity });
    kept.push(r.decorator ? { ...r, decorator: undefined } : r);
  }
  // Single-table inheritance: a child entity is its parent's table (parents first, however deep).
  for (let progress = true; progress && children.length; ) {
    progress = false;
    const parents = new Linker({ ...base, entities, tableFields: new Map() });
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      const p = parents.entity(c.file, c.parent!);
      if (!p) continue;
      entities.set(`${c.file}#${c.entity}`, { table: p.table, source: c.source, entity: c.entity });
      children.splice(i--, 1);
      progress = true;
    }
  }

  const tableFields = new Map<string, Set<string>>();
  for (const r of input.records) {
    if (r.kind === "use" && r.ref?.kind === "table" && r.ref.value.kind === "this" && r.cls) {
      const k = `${r.file}#${r.cls}`;
      tableFields.set(k, (tableFields.get(k) ?? new Set()).add(r.ref.value.field));
    }
  }
  const linker = new Linker({ ...base, entities, tableFields });

  const calls: Use[] = [];
  const unlinked = emptyRecord<number>();
  const created = emptyRecord<number>();
  for (const r of input.records) {
    if (r.kind === "entity") continue;
    if (r.kind === "queryName") {
      kept.push(r);
      continue;
    }
    if (r.kind === "ddl") {
      // A down() migration does not shape the schema: a name it cannot know is no loss, so no warning.
      const sql = typeof r.sql === "string" ? r.sql : renderDdl(r, r.sql, linker, r.rollback ? [] : diagnostics);
      if (sql !== null) kept.push({ ...r, sql });
      if (sql !== null && !r.rollback && /^CREATE TABLE/.test(sql)) created[r.source] = (created[r.source] ?? 0) + 1;
      continue;
    }
    if (r.kind === "relation") {
      const linked = linkRelation(r, linker);
      if (linked) kept.push(linked);
      continue;
    }
    const linked = linkUse(r, linker, diagnostics);
    if (linked) kept.push(linked);
    // A method whose name says neither read nor write (`carts.closeAll()`): what it does itself, when known.
    if ((!linked || linked.mode === "uses") && r.method && r.ref) calls.push(r);
    if (!linked && !(r.method && r.ref) && r.source !== "link") unlinked[r.source] = (unlinked[r.source] ?? 0) + 1;
  }
  kept.push(...followCalls(calls, kept, linker));
  return { records: kept, unlinked, created, diagnostics };
}

/**
 * A call on a receiver that is no repository itself (`this.tagTypeStore.delete(name)` on an
 * `ITagTypeStore`) reaches what the callee's method reads and writes directly: one level deep, so a
 * service reaches the tables of the stores it calls, but not those of the other services it calls.
 */
function followCalls(calls: Use[], direct: OrmRecord[], linker: Linker): Use[] {
  const byMethod = new Map<string, Array<{ table: string; mode: Use["mode"]; source: string }>>();
  // A CTE's name in the callee's file (`.with("latest_events", …)`) is no table in the caller's either.
  const queryNames = new Set(direct.flatMap((r) => (r.kind === "queryName" ? [`${r.file}#${r.name.toLowerCase()}`] : [])));
  for (const r of direct) {
    if (r.kind !== "use" || !r.table || !r.scope) continue;
    if (queryNames.has(`${r.file}#${r.table.slice(r.table.indexOf(".") + 1).toLowerCase()}`)) continue;
    const k = `${r.file}#${scopeFunction(r.scope)}`;
    const list = byMethod.get(k) ?? [];
    if (!list.some((x) => x.table === r.table && x.mode === r.mode)) list.push({ table: r.table, mode: r.mode, source: r.source });
    byMethod.set(k, list);
  }
  const out: Use[] = [];
  for (const c of calls) {
    const reached = new Map<string, { table: string; mode: Use["mode"]; source: string }>();
    for (const cls of linker.classesOf(c.file, c.ref!)) {
      // The nearest class in the lineage that defines the method.
      for (const d of linker.lineage(cls)) {
        // A repository constant's methods are those of the object its `.extend({ … })` is given.
        const found = byMethod.get(`${d.file}#${d.name}.${c.method}`) ?? (linker.isRepositoryConstant(d) ? byMethod.get(`${d.file}#${c.method}`) : undefined);
        if (!found) continue;
        for (const a of found) reached.set(`${a.table}|${a.mode}`, a);
        break;
      }
    }
    for (const a of [...reached.values()].sort((x, y) => compareStrings(`${x.table}|${x.mode}`, `${y.table}|${y.mode}`))) {
      out.push({ ...c, source: a.source === "link" ? "link" : a.source, ref: undefined, instanceMode: undefined, method: undefined, table: a.table, mode: a.mode, joins: [] });
    }
  }
  return out;
}

/** The ORM sources whose entity decorator a custom decorator calls (none: it declares no entity). */
function entityDecoratorSources(definer: Linker, file: string, decorator: string, symbolsOf: LinkInput["symbolsOf"]): string[] {
  const d = definer.define(file, decorator);
  if (!("def" in d) || d.path.length) return [];
  const calls = symbolsOf(d.def.file)?.decoratorFactories[d.def.name] ?? [];
  return [...new Set(calls.map((c) => sourceOfPackage(c.slice(c.indexOf("@") + 1))))].sort(compareStrings);
}

function sourceOfPackage(specifier: string): string {
  if (specifier.startsWith("@mikro-orm/")) return "mikro-orm";
  if (specifier.startsWith("sequelize")) return "sequelize";
  return "typeorm";
}

function linkRelation(r: Extract<OrmRecord, { kind: "relation" }>, linker: Linker): OrmRecord | null {
  if (r.fromRef || r.toRef) {
    const name = (v: ValueRef | undefined, column: boolean) => {
      if (!v) return undefined;
      const t = linker.table(r.file, v, null);
      if (!("table" in t)) return null;
      const text = column ? (t.table.includes(".") ? t.table.slice(0, t.table.lastIndexOf(".")) : "") : t.table;
      return tableFromText(text);
    };
    const from = name(r.fromRef, false);
    const to = name(r.toRef, !!r.toRefIsColumn);
    if (from === null || to === null) return null;
    return { ...r, fromRef: undefined, toRef: undefined, toRefIsColumn: undefined, ...(from ? { fromTable: from } : {}), ...(to ? { toTable: to } : {}) };
  }
  if (!SCOPED_ENTITY_SOURCES.has(r.source) || r.fromTable || r.toTable) return r;
  const from = r.entity ? linker.entity(r.file, r.entity) : null;
  const to = r.target ? linker.entity(r.file, r.target) : null;
  return { ...r, ...(from ? { fromTable: from.table, entity: from.entity } : {}), ...(to ? { toTable: to.table, target: to.entity } : {}) };
}

function linkUse(r: Use, linker: Linker, diagnostics: Diagnostic[]): Use | null {
  const joins = r.joins.map((j) => {
    if (j.ref?.kind === "table") {
      const t = linker.table(r.file, j.ref.value, r.cls ?? null);
      const name = "table" in t ? tableFromText(t.table) : null;
      return name ? { table: name } : null;
    }
    if (j.ref) {
      const b = linker.resolve(r.file, j.ref, r.cls ?? null);
      return b ? { table: b.table } : null;
    }
    if (j.entity && SCOPED_ENTITY_SOURCES.has(r.source)) {
      const e = linker.entity(r.file, j.entity);
      if (e) return { table: e.table };
    }
    return j;
  }).filter((j): j is NonNullable<typeof j> => !!j);

  if (r.ref) {
    if (r.ref.kind === "table") {
      const t = linker.table(r.file, r.ref.value, r.cls ?? null);
      const name = "table" in t ? tableFromText(t.table) : null;
      if (name) return { ...r, ref: undefined, table: name, joins };
      diagnostics.push({
        file: r.file,
        line: r.line,
        code: "fromSubclass" in t && t.fromSubclass ? "table-from-subclass" : "dynamic-table",
        severity: "fromSubclass" in t && t.fromSubclass ? "info" : "warning",
        message: "fromSubclass" in t && t.fromSubclass
          ? `${r.source}: the table of ${refText(r.ref)} is given by each subclass${r.cls ? ` of ${r.cls}` : ""}; counted where a subclass names it`
          : `${r.source}: table name ${refText(r.ref)}${"table" in t ? ` ("${t.table}")` : ""} cannot be known without running the code; this call is not counted`,
      });
      return null;
    }
    const b = linker.resolve(r.file, r.ref, r.cls ?? null);
    if (!b) return null;
    let mode = r.mode;
    if (b.isEntity && r.instanceMode !== undefined) {
      if (r.instanceMode === null) return null;
      mode = r.instanceMode;
    }
    const source = r.source === "link" ? b.source || "link" : r.source;
    return { ...r, source, ref: undefined, instanceMode: undefined, table: b.table, entity: b.entity, mode, joins };
  }
  if (r.entity && !r.table && SCOPED_ENTITY_SOURCES.has(r.source)) {
    const e = linker.entity(r.file, r.entity);
    if (e) return { ...r, table: e.table, entity: e.entity, joins };
  }
  return { ...r, joins };
}

/** DDL with names from constants, as SQL once the names are known; null (and a warning) when one is not. */
function renderDdl(r: Extract<OrmRecord, { kind: "ddl" }>, parts: DdlPart[], linker: Linker, diagnostics: Diagnostic[]): string | null {
  let out = "";
  for (const p of parts) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    const v = "table" in p ? p.table : p.tableOfColumn;
    const t = linker.table(r.file, v, null);
    let name = "table" in t ? t.table : null;
    if (name !== null && "tableOfColumn" in p) name = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : null;
    let table = name === null ? null : tableFromText(name);
    if (table && "schema" in p && p.schema && !table.includes(".")) table = `${p.schema}.${table}`;
    if (!table) {
      diagnostics.push({ file: r.file, line: r.line, code: "dynamic-table", severity: "warning", message: `${r.source}: table name ${valueText(v)} cannot be known without running the code; this schema change is not read` });
      return null;
    }
    out += table.split(".").map((x) => `"${x.replace(/"/g, '""')}"`).join(".");
  }
  return out;
}
