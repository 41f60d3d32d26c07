import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import { shortTable } from "../scan/sql/dialect.js";
import { PatternIndex } from "./pattern-index.js";

/*
 * contexts.yaml as a YAML document, with no file system: `assess --write-contexts` adds its proposal to the
 * file people keep, and the HTML report's "Export contexts.yaml" (bundled into the page) writes the
 * contexts a person arranged there, by the same code.
 */

export interface ProposedContext {
  name: string;
  units: string[];
  tables: string[];
}

const tableEntry = shortTable;

/** A new contexts.yaml: the header that says what the file is, no context yet. */
export function newContextsDocument(): Document {
  return parseDocument(HEADER);
}

/** The whole file for these contexts and this infrastructure, as a new contexts.yaml. */
export function contextsYamlText(proposal: ProposedContext[], infrastructure: string[], allUnits: string[]): string {
  const doc = newContextsDocument();
  addProposal(doc, proposal, infrastructure, allUnits);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * Adds to `doc` the units and tables it does not cover yet, to their context or to a new context at the
 * end; every line already there stays. Returns how many entries were added.
 */
export function addProposal(doc: Document, proposal: ProposedContext[], infrastructure: string[], allUnits: string[]): number {
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
  return added;
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
