import { createHash } from "node:crypto";
import type { Facts } from "../scan/facts.js";
import type { ContextsFile } from "../config/contexts-yaml.js";
import { dirnamePosix } from "../util/paths.js";
import { Ownership } from "./ownership.js";
import { CHECK_RULES, type CheckRuleId } from "./rules.js";
import { byKeys } from "../util/sort.js";
import { scopeFunction as scopeName } from "../scan/scope.js";
import { shortTable as bare } from "../scan/sql/dialect.js";
import { pushTo } from "../util/push-to.js";

export interface Violation {
  rule: CheckRuleId;
  severity: "error" | "warning";
  file: string;
  line: number;
  /** 1-based column (UTF-16 code units) where the evidence has one: an import's statement. */
  column?: number;
  /** The context whose code or schema does it, and the context it reaches into. */
  from: string;
  to: string;
  tables: string[];
  message: string;
  /** Stable across line shifts and reformatting: rule, file, function, the things linked, occurrence. */
  fingerprint: string;
}

type Draft = Omit<Violation, "fingerprint" | "severity"> & { key: string };


/**
 * Every violation of the agreed boundaries in the facts: joins, foreign keys and table accesses across
 * contexts, and imports of another context's internals; backend units and tables no context lists are
 * `unassigned` (infrastructure is not judged). Rules set to `off` in contexts.yaml are skipped.
 */
export function findViolations(facts: Facts, contexts: ContextsFile): Violation[] {
  const own = new Ownership(contexts);
  // A pattern may name the file itself or the unit it belongs to.
  const unitOwner = (file: string) => own.fileOwner(file) ?? own.unitOwner(facts.unitOfFile[file] ?? dirnamePosix(file));
  const codeFiles = new Set(facts.files.map((f) => f.path));
  const scopeAt = new Map(facts.sqlSites.map((s) => [`${s.file}:${s.line}`, s.scope]));
  const drafts: Draft[] = [];

  // One violation per statement and pair of contexts, naming every table of the two it joins.
  const statements = new Map<string, { file: string; line: number; tables: Set<string> }>();
  for (const j of facts.joins) {
    const key = `${j.file}:${j.line}`;
    const st = statements.get(key) ?? { file: j.file, line: j.line, tables: new Set<string>() };
    j.tables.forEach((t) => st.tables.add(t));
    statements.set(key, st);
  }
  for (const [at, st] of statements) {
    const byContext = new Map<string, string[]>();
    for (const t of [...st.tables].sort()) {
      const o = own.tableOwner(t);
      if (o) pushTo(byContext, o, t);
    }
    const owners = [...byContext.keys()].sort();
    const by = codeFiles.has(st.file) ? unitOwner(st.file) : null;
    for (let i = 0; i < owners.length; i++) {
      for (let k = i + 1; k < owners.length; k++) {
        const [from, to] = by === owners[k] ? [owners[k], owners[i]] : [owners[i], owners[k]];
        const tables = [...byContext.get(from)!, ...byContext.get(to)!];
        drafts.push({
          rule: "cross-context-join", file: st.file, line: st.line, from, to, tables,
          message: `joins ${byContext.get(from)!.map(bare).join(", ")} (${from}) with ${byContext.get(to)!.map(bare).join(", ")} (${to})`,
          key: `${scopeName(scopeAt.get(at) ?? null)}|${from}|${to}|${tables.join("|")}`,
        });
      }
    }
  }
  for (const fk of facts.foreignKeys) {
    const a = own.tableOwner(fk.from);
    const b = own.tableOwner(fk.to);
    if (!a || !b || a === b) continue;
    drafts.push({
      rule: "cross-context-fk", file: fk.file, line: fk.line, from: a, to: b, tables: [fk.from, fk.to],
      message: `foreign key ${bare(fk.from)} (${a}) → ${bare(fk.to)} (${b})${fk.constraint ? ` [${fk.constraint}]` : ""}`,
      key: `${fk.from}|${fk.to}|${fk.constraint ?? ""}`,
    });
  }
  for (const acc of facts.accesses) {
    if (!codeFiles.has(acc.file)) continue;
    const a = unitOwner(acc.file);
    const b = own.tableOwner(acc.table);
    if (!a || !b || a === b) continue;
    drafts.push({
      rule: "foreign-table-access", file: acc.file, line: acc.line, from: a, to: b, tables: [acc.table],
      message: `${a} ${acc.mode === "write" ? "writes" : acc.mode === "read" ? "reads" : "uses"} ${bare(acc.table)}, owned by ${b}`,
      key: `${scopeName(acc.scope)}|${acc.mode}|${acc.table}`,
    });
  }
  for (const imp of facts.imports) {
    const a = unitOwner(imp.from);
    const b = unitOwner(imp.to);
    if (!a || !b || a === b) continue;
    const reached = imp.via?.[0] ?? imp.to;
    if (own.isEntry(b, reached) || imp.via?.some((v) => own.isEntry(b, v))) continue;
    drafts.push({
      rule: "cross-context-import", file: imp.from, line: imp.line, ...(imp.column ? { column: imp.column } : {}), from: a, to: b, tables: [],
      message: `${a} imports ${reached} of ${b}, not an entry point (${own.entryDescription(b)})${imp.typeOnly ? " (type only)" : ""}`,
      key: `${imp.specifier}|${imp.to}`,
    });
  }

  drafts.push(...unassigned(facts, own, codeFiles));

  const severity = (rule: CheckRuleId) => contexts.rules[rule]?.severity ?? CHECK_RULES.find((r) => r.id === rule)!.severity;
  const seen = new Map<string, number>();
  const unique = new Set<string>();
  return drafts
    .filter((d) => severity(d.rule) !== "off")
    // Two calls on one line with the same statement are one violation.
    .filter((d) => {
      const k = `${d.rule}|${d.file}|${d.line}|${d.key}`;
      if (unique.has(k)) return false;
      unique.add(k);
      return true;
    })
    .sort(byKeys((d) => d.file, (d) => d.line, (d) => d.rule, (d) => d.key))
    .map(({ key, ...d }) => {
      const base = `${d.rule}|${d.file}|${key}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { ...d, severity: severity(d.rule) as "error" | "warning", fingerprint: createHash("sha1").update(`${base}#${n}`).digest("hex").slice(0, 20) };
    });
}

/**
 * Backend code units no context (nor `infrastructure:`) lists, by the unit or by one of its files, and
 * declared tables no context lists. Only units with a file this run read (all, or those --changed-since
 * names) are judged.
 */
function unassigned(facts: Facts, own: Ownership, codeFiles: Set<string>): Draft[] {
  const filesOf = new Map<string, string[]>();
  for (const [file, unit] of Object.entries(facts.unitOfFile)) pushTo(filesOf, unit, file);
  const out: Draft[] = [];
  for (const u of facts.units) {
    if (u.role !== "backend") continue;
    const files = (filesOf.get(u.path) ?? []).sort();
    if (!files.some((f) => codeFiles.has(f))) continue;
    if (own.unitOwner(u.path) || own.isInfrastructure(u.path)) continue;
    if (files.some((f) => own.fileOwner(f) || own.isInfrastructure(f))) continue;
    out.push({
      rule: "unassigned", file: files[0], line: 1, from: "", to: "", tables: [],
      message: `code unit ${u.path} (${files.length} file${files.length === 1 ? "" : "s"}) is in no context: list it under a context's modules, or under infrastructure`,
      key: `unit|${u.path}`,
    });
  }
  const seen = new Set<string>();
  for (const t of facts.tables) {
    if (seen.has(t.name) || own.tableOwner(t.name)) continue;
    seen.add(t.name);
    out.push({
      rule: "unassigned", file: t.file, line: t.line, from: "", to: "", tables: [t.name],
      message: `table ${bare(t.name)} is in no context: list it under its owner's tables`,
      key: `table|${t.name}`,
    });
  }
  return out;
}
