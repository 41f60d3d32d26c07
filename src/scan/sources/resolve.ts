import type { AccessFact, Diagnostic, ForeignKeyFact, JoinFact, TableFact } from "../facts.js";
import { normaliseTable, type Dialect } from "../sql/dialect.js";
import type { OrmRecord } from "./source.js";
import { compareStrings } from "../../util/sort.js";
import { emptyRecord } from "../../util/record.js";

export interface OrmFacts {
  tables: TableFact[];
  foreignKeys: ForeignKeyFact[];
  accesses: AccessFact[];
  joins: JoinFact[];
  /** Per source: tables it declares, query calls seen, and of those the ones that reached a table. */
  stats: Record<string, SourceStats>;
  /** Names queries define for themselves (CTEs), per file: not tables in that file's SQL either. */
  queryNames: Map<string, Set<string>>;
  diagnostics: Diagnostic[];
}

export interface SourceStats {
  tables: number;
  calls: number;
  linked: number;
}

const CODE_FILE = /\.[cm]?[jt]sx?$/;

const tableName = (raw: string, dialect: Dialect) => {
  const dot = raw.indexOf(".");
  return dot < 0 ? normaliseTable(raw, null, dialect) : normaliseTable(raw.slice(dot + 1), raw.slice(0, dot), dialect);
};

/**
 * Entity-level records of every source → table facts: entities become tables, owning relations foreign
 * keys, join tables tables with two keys, uses reads and writes (and joins through relations). A relation
 * or use naming an entity no source declares is dropped (an enum, a type, a helper), once noted.
 */
export function resolveOrm(records: OrmRecord[], dialect: Dialect, unlinked: Record<string, number> = {}, created: Record<string, number> = {}): OrmFacts {
  const out: OrmFacts = { tables: [], foreignKeys: [], accesses: [], joins: [], stats: emptyRecord(), queryNames: new Map(), diagnostics: [] };
  for (const r of records) if (r.kind === "queryName") out.queryNames.set(r.file, (out.queryNames.get(r.file) ?? new Set()).add(r.name.toLowerCase()));
  const stat = (source: string) => (out.stats[source] ??= { tables: 0, calls: 0, linked: 0 });
  for (const [source, n] of Object.entries(unlinked)) stat(source).calls += n;
  for (const [source, n] of Object.entries(created)) stat(source).tables += n;
  const tableOf = new Map<string, string>();
  for (const r of records) {
    if (r.kind !== "entity") continue;
    const key = `${r.source}:${r.entity}`;
    if (tableOf.has(key)) continue;
    const t = tableName(r.table, dialect);
    tableOf.set(key, t);
    if (!tableOf.has(r.entity)) tableOf.set(r.entity, t);
    if (r.nameOnly) continue;
    out.tables.push({ name: t, file: r.file, line: r.line });
    for (const src of [r.source, ...(r.alsoSources ?? [])]) stat(src).tables++;
    // The module declaring an entity holds its table's definition: a `uses` edge ties them together.
    if (CODE_FILE.test(r.file)) out.accesses.push({ table: t, mode: "uses", file: r.file, line: r.line, scope: null, declares: true });
  }
  const resolve = (source: string, entity: string | undefined) => (entity ? (tableOf.get(`${source}:${entity}`) ?? tableOf.get(entity)) : undefined);

  const propertyTarget = new Map<string, string>();
  const relations = records.filter((r): r is Extract<OrmRecord, { kind: "relation" }> => r.kind === "relation");
  for (const r of relations) if (r.property) propertyTarget.set(`${r.source}:${r.entity}.${r.property}`, r.target);

  const seenJoinTables = new Set<string>();
  for (const r of relations) {
    const from = r.fromTable ? tableName(r.fromTable, dialect) : resolve(r.source, r.entity);
    const to = r.toTable ? tableName(r.toTable, dialect) : resolve(r.source, r.target);
    if (!from || !to) continue;
    if (r.owner) out.foreignKeys.push({ from, to, file: r.file, line: r.line });
    let joinTable = r.joinTable?.replace("{target}", to.slice(to.indexOf(".") + 1));
    if (!joinTable && r.list && relations.some((o) => o.source === r.source && o.entity === r.target && o.target === r.entity && o.list)) {
      joinTable = `_${[r.entity, r.target].sort(compareStrings).join("To")}`;
    }
    if (joinTable) {
      const jt = tableName(joinTable, dialect);
      if (seenJoinTables.has(jt)) continue;
      seenJoinTables.add(jt);
      out.tables.push({ name: jt, file: r.file, line: r.line });
      out.foreignKeys.push({ from: jt, to: from, file: r.file, line: r.line }, { from: jt, to, file: r.file, line: r.line });
    }
  }

  const unknown = new Set<string>();
  for (const r of records) {
    if (r.kind !== "use") continue;
    const main = r.table ? tableName(r.table, dialect) : resolve(r.source, r.entity);
    // Records the linker resolved carry the source of the entity they reached; `link` ones reached a bare table.
    const counted = stat(r.source === "link" ? "code" : r.source);
    counted.calls++;
    if (main) counted.linked++;
    if (!main) {
      // Only TypeORM names entities unambiguously (a repository of a class); elsewhere a miss is a helper.
      if (r.entity && r.source === "typeorm" && !unknown.has(r.entity)) {
        unknown.add(r.entity);
        out.diagnostics.push({ file: r.file, line: r.line, code: "orm-unknown-entity", severity: "info", message: `${r.source}: no entity or model named ${r.entity}; its uses are not counted` });
      }
      continue;
    }
    const tables = [main];
    out.accesses.push({ table: main, mode: r.mode, file: r.file, line: r.line, scope: r.scope });
    for (const j of r.joins) {
      const target = j.table ? tableName(j.table, dialect) : j.entity ? resolve(r.source, j.entity) : j.viaProperty && r.entity ? resolve(r.source, propertyTarget.get(`${r.source}:${r.entity}.${j.viaProperty.split(".")[0]}`)) : undefined;
      if (!target || tables.includes(target)) continue;
      tables.push(target);
      out.accesses.push({ table: target, mode: "read", file: r.file, line: r.line, scope: r.scope });
    }
    const sorted = [...tables].sort(compareStrings);
    for (let i = 0; i < sorted.length; i++) for (let k = i + 1; k < sorted.length; k++) out.joins.push({ tables: [sorted[i], sorted[k]], file: r.file, line: r.line });
  }
  out.accesses = dedupeAccesses(out.accesses);
  out.joins = [...new Map(out.joins.map((j) => [`${j.file}:${j.line}:${j.tables.join("~")}`, j])).values()];
  return out;
}

/**
 * Two sources may see the same call (a static model call and its include, an entity passed to a
 * repository getter): one access per file, line, table and mode; a `uses` where the same line reads or
 * writes that table says nothing more.
 */
function dedupeAccesses(list: AccessFact[]): AccessFact[] {
  const seen = new Set<string>();
  const known = new Set(list.filter((a) => a.mode !== "uses").map((a) => `${a.file}:${a.line}:${a.table}`));
  return list.filter((a) => {
    const k = `${a.file}:${a.line}:${a.table}:${a.mode}`;
    if (seen.has(k) || (a.mode === "uses" && known.has(`${a.file}:${a.line}:${a.table}`))) return false;
    seen.add(k);
    return true;
  });
}
