import fs from "node:fs";
import picomatch from "picomatch";
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { Diagnostic } from "../scan/facts.js";
import { writeFileAtomic } from "../util/write-file.js";
import { shortTable } from "../scan/sql/dialect.js";
import { yamlError } from "./yaml-errors.js";
import { ruleSeverity } from "./rule-severity.js";
import { validateDocument } from "./schema.js";
import { readConfigText } from "./read-text.js";
import { PatternIndex } from "./pattern-index.js";

export const CONTEXTS_YAML = "contexts.yaml";

/** One agreed bounded context of `contexts.yaml`. */
export interface AgreedContext {
  name: string;
  /** Unit paths or globs (`src/modules/order/**`). */
  modules: string[];
  /** Table names: `orders` (any default schema) or `billing.invoices`. */
  tables: string[];
  /** Public entry points: files other contexts may import. */
  entry: string[];
  line?: number;
}

export type RuleSeverity = "error" | "warning" | "off";

export interface ContextsFile {
  contexts: AgreedContext[];
  infrastructure: string[];
  /** Severity per check rule id, as set under `rules:`. */
  rules: Record<string, { severity: RuleSeverity; line?: number }>;
  diagnostics: Diagnostic[];
}

/**
 * Reads a contexts file (`contexts.yaml`, or an expected mapping in the same format), validated against
 * schemas/contexts.schema.json. Every problem is an `error` diagnostic naming the file and line (unknown
 * keys, wrong types, a table listed in two contexts); what can be read is still returned, so `assess` can
 * go on with it while `check` refuses to judge against it. `within`: the repository, when the file is the
 * one found there (it is then never read through a symlink leaving it); see config/read-text.ts.
 */
export function readContextsFile(file: string, shown: string, within?: string): ContextsFile {
  const out: ContextsFile = { contexts: [], infrastructure: [], rules: {}, diagnostics: [] };
  const text = readConfigText(file, shown, within);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const diag = (message: string, line?: number) => out.diagnostics.push({ file: shown, line, code: "contexts-error", severity: "error", message });
  for (const e of doc.errors) {
    const { message, line } = yamlError(e);
    diag(`not valid YAML (${message})`, line);
  }
  if (doc.errors.length) return out;
  for (const p of validateDocument("contexts", doc, lines)) diag(p.message, p.line);
  const lineOf = (node: unknown) => {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    return r ? lines.linePos(r[0]).line : undefined;
  };
  const root = doc.contents;
  if (!isMap(root)) return out;
  const contexts = root.get("contexts", true);
  if (isMap(contexts)) {
    for (const pair of contexts.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      const body = pair.value;
      if (!name || (body !== null && !isMap(body))) continue;
      const list = (key: string) => stringList(body as YAMLMap | null, key);
      out.contexts.push({ name, modules: list("modules"), tables: list("tables"), entry: list("entry"), line: lineOf(pair.key) });
    }
  }
  out.infrastructure = stringList(root, "infrastructure");
  const rules = root.get("rules", true);
  if (isMap(rules)) {
    for (const pair of rules.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : "";
      // `warn` (ESLint's word) is `warning`; a value the schema refuses is reported there.
      const severity = isScalar(pair.value) ? ruleSeverity(pair.value.value) : null;
      if (severity) out.rules[id] = { severity, line: lineOf(pair.key) };
    }
  }
  for (const c of conflicts(contexts, lineOf)) diag(c.message, c.line);
  out.diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return out;
}

/** A table (or a module pattern) listed under two contexts: it can have only one owner. */
function conflicts(contexts: unknown, lineOf: (n: unknown) => number | undefined): Array<{ message: string; line?: number }> {
  if (!isMap(contexts)) return [];
  const out: Array<{ message: string; line?: number }> = [];
  for (const key of ["tables", "modules"] as const) {
    const first = new Map<string, { ctx: string; line?: number }>();
    for (const pair of contexts.items) {
      const ctx = isScalar(pair.key) ? String(pair.key.value) : "";
      const seq = isMap(pair.value) ? pair.value.get(key, true) : null;
      if (!ctx || !isSeq(seq)) continue;
      for (const item of seq.items) {
        if (!isScalar(item) || typeof item.value !== "string") continue;
        const norm = key === "tables" ? shortTable(item.value.toLowerCase()) : item.value.replace(/\/+$/, "");
        const prev = first.get(norm);
        if (!prev) first.set(norm, { ctx, line: lineOf(item) });
        else if (prev.ctx !== ctx) {
          out.push({
            message: key === "tables"
              ? `table ${item.value} is listed in two contexts, ${prev.ctx} (line ${prev.line}) and ${ctx}: a table has one owner`
              : `module ${item.value} is listed in two contexts, ${prev.ctx} (line ${prev.line}) and ${ctx}: a unit has one owner`,
            line: lineOf(item),
          });
        }
      }
    }
  }
  return out;
}

function stringList(map: YAMLMap | null, key: string): string[] {
  const node = map?.get(key, true);
  if (!isSeq(node)) return [];
  return (node as YAMLSeq).items.filter((i) => isScalar(i) && typeof i.value === "string" && i.value !== "").map((i) => String((i as { value: string }).value));
}

const matchers = new Map<string, (path: string) => boolean>();

/**
 * Whether a contexts.yaml module pattern names a unit or file, by picomatch (the glob matcher of the npm
 * ecosystem): `src/a` matches `src/a` exactly; `src/a/**` matches `src/a` and everything below; `*` and `?`
 * stay within a segment; `{orders,billing}` and `[ab]` as in a shell. Dot folders match too.
 * The reference meaning: config/pattern-index.ts gives the same answers for many patterns at once.
 */
export function modulePatternMatches(pattern: string, unit: string): boolean {
  const p = pattern.replace(/\/+$/, "");
  let m = matchers.get(p);
  if (!m) {
    m = picomatch(p, { dot: true });
    matchers.set(p, m);
  }
  return m(unit);
}

/** `orders` matches `public.orders` (any default schema); `billing.invoices` matches exactly. */
export function tableEntryMatches(entry: string, table: string): boolean {
  const e = entry.toLowerCase();
  if (e.includes(".")) return e === table;
  return shortTable(table) === e;
}

/** How a table is written in contexts.yaml: bare when in a default schema. */
export const tableEntry = shortTable;

export interface ProposedContext {
  name: string;
  units: string[];
  tables: string[];
}

/**
 * Writes the proposal into `file`. A new file gets the whole proposal; an existing one keeps every line
 * people wrote (comments, order, entries): only units and tables it does not cover yet are appended, to
 * their context or to a new context at the end. Written atomically.
 */
export function writeContextsFile(file: string, proposal: ProposedContext[], infrastructure: string[], allUnits: string[], within: string): { added: number } {
  const exists = fs.existsSync(file);
  const doc: Document = exists ? parseDocument(readConfigText(file, file, within)) : parseDocument(HEADER);
  if (exists && doc.errors.length) {
    const { message, line } = yamlError(doc.errors[0]);
    throw new Error(`${line ? `${file}:${line}` : file}: not valid YAML (${message}); not rewritten`);
  }
  if (!isMap(doc.contents)) doc.contents = block(doc.createNode({})) as never;
  const root = doc.contents as unknown as unknown as YAMLMap;
  if (!isMap(root.get("contexts", true))) root.set("contexts", block(doc.createNode({})));
  const contexts = root.get("contexts", true) as unknown as YAMLMap;
  let added = 0;

  // What the file covers already, compiled once (config/pattern-index.ts): linear in units + patterns.
  const scalars = (node: unknown) => (isSeq(node) ? node.items.filter(isScalar).map((i) => String(i.value)) : []);
  const written = new PatternIndex([...contexts.items.map((pair) => scalars((pair.value as YAMLMap | null)?.get("modules", true))), scalars(root.get("infrastructure", true))]);
  const covered = (unit: string) => written.matches(unit);
  const writtenTables = new Set(contexts.items.flatMap((pair) => scalars((pair.value as YAMLMap | null)?.get("tables", true))).map((t) => t.toLowerCase()));
  const tableCovered = (table: string) => writtenTables.has(table) || (!tableEntry(table).includes(".") && writtenTables.has(tableEntry(table)));
  const appendTo = (ctx: string, key: string, values: string[]) => {
    if (values.length === 0) return;
    if (!isMap(contexts.get(ctx, true))) contexts.set(nameNode(doc, ctx), block(doc.createNode({})));
    const body = contexts.get(ctx, true) as unknown as YAMLMap;
    if (!isSeq(body.get(key, true))) body.set(key, block(doc.createNode([])));
    const seq = body.get(key, true) as unknown as YAMLSeq;
    for (const v of values) seq.add(nameNode(doc, v));
    added += values.length;
  };

  for (const ctx of proposal) {
    const units = ctx.units.filter((u) => !covered(u));
    appendTo(ctx.name, "modules", compressUnits(units, ctx.units, allUnits));
    appendTo(ctx.name, "tables", ctx.tables.filter((t) => !tableCovered(t)).map(tableEntry));
  }
  const newInfra = infrastructure.filter((u) => !covered(u));
  if (newInfra.length) {
    if (!isSeq(root.get("infrastructure", true))) root.set("infrastructure", block(doc.createNode([])));
    const seq = root.get("infrastructure", true) as unknown as YAMLSeq;
    for (const u of compressUnits(newInfra, infrastructure, allUnits)) seq.add(nameNode(doc, u));
    added += newInfra.length;
  }
  writeFileAtomic(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }), { within });
  return { added };
}

/**
 * A unit or table name as written: plain when it is made of the characters of ordinary paths, double-quoted
 * (control characters escaped) otherwise, so a folder named `gadget$(…)` or holding a newline stays one YAML
 * string whatever reads the file.
 */
function nameNode(doc: Document, name: string): unknown {
  const node = doc.createNode(name);
  if (!/^[A-Za-z0-9_./*@{},+-]+$/.test(name) && isScalar(node)) node.type = "QUOTE_DOUBLE";
  return node;
}

/** Collections strangler adds are written in block style, one entry a line. */
function block<T>(node: T): T {
  (node as { flow?: boolean }).flow = false;
  return node;
}

/** `src/x/**` for a unit whose whole subtree (today's and tomorrow's) is the group's, the unit itself otherwise. */
function compressUnits(units: string[], group: string[], allUnits: string[]): string[] {
  const inGroup = new Set(group);
  const out: string[] = [];
  const folders = new Set<string>();
  const underFolder = (u: string) => {
    for (let i = u.lastIndexOf("/"); i > 0; i = u.lastIndexOf("/", i - 1)) if (folders.has(u.slice(0, i))) return true;
    return false;
  };
  // allUnits is sorted: the units below `u/` are one run of it, found by binary search.
  const sortedAll = [...allUnits].sort();
  const firstAtLeast = (key: string) => {
    let lo = 0;
    let hi = sortedAll.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedAll[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const u of [...units].sort()) {
    if (folders.has(u) || underFolder(u)) continue;
    let whole = true;
    for (let i = firstAtLeast(`${u}/`); i < sortedAll.length && sortedAll[i].startsWith(`${u}/`) && whole; i++) whole = inGroup.has(sortedAll[i]);
    if (whole) folders.add(u);
    out.push(whole ? `${u}/**` : u);
  }
  return out;
}

const HEADER = `# Bounded contexts of this repository: which modules and tables each context owns.
# \`strangler assess --write-contexts\` proposed it; edit it freely: assess keeps your assignments as
# constraints and only appends what is new; \`strangler check\` enforces it.
#   modules: unit paths or globs (src/modules/order/**)   tables: names (orders, or schema.table)
#   entry:   files other contexts may import (the context's public API)
`;
