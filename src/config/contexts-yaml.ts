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
import { addProposal, newContextsDocument, type ProposedContext } from "./contexts-yaml-doc.js";

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

export type { ProposedContext } from "./contexts-yaml-doc.js";

/**
 * Writes the proposal into `file`. A new file gets the whole proposal; an existing one keeps every line
 * people wrote (comments, order, entries): only units and tables it does not cover yet are appended, to
 * their context or to a new context at the end (config/contexts-yaml-doc.ts). Written atomically.
 */
export function writeContextsFile(file: string, proposal: ProposedContext[], infrastructure: string[], allUnits: string[], within: string): { added: number } {
  const exists = fs.existsSync(file);
  const doc: Document = exists ? parseDocument(readConfigText(file, file, within)) : newContextsDocument();
  if (exists && doc.errors.length) {
    const { message, line } = yamlError(doc.errors[0]);
    throw new Error(`${line ? `${file}:${line}` : file}: not valid YAML (${message}); not rewritten`);
  }
  const added = addProposal(doc, proposal, infrastructure, allUnits);
  writeFileAtomic(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }), { within });
  return { added };
}
