import type { Domain } from "../rules/domains.js";
import { bareName } from "../util/table-name.js";
import { wordsOf } from "../util/words.js";

export { wordsOf };
import { compareStrings } from "../util/sort.js";
import { singular } from "../scan/code/units.js";
import { pushTo } from "../util/push-to.js";

/** Words of paths that never name a domain: layers, UI folders, route parameters, plumbing. */
const GENERIC_SEGMENTS = new Set([
  "src", "lib", "app", "apps", "modules", "module", "packages", "services", "service", "domain", "domains", "internal", "core",
  "features", "feature", "server", "api", "repositories", "repository", "dto", "dtos", "args", "guards", "guard", "constants",
  "constant", "components", "component", "pages", "page", "views", "hooks", "hook", "screens", "ui", "widgets", "layouts",
  "controllers", "controller", "resolvers", "resolver", "routes", "route", "handlers", "models", "model", "entities", "entity",
  "types", "interfaces", "utils", "util", "helpers", "helper", "common", "shared", "config", "plugin", "plugins", "strategy",
  "strategies", "event", "events", "index", "base", "default", "test", "tests", "spec", "admin", "shop", "public", "v1", "v2",
  "middleware", "middlewares", "schema", "schemas", "queries", "commands", "processors", "tasks", "presenters", "policies",
]);
const isParam = (w: string) => /^[[:{$]|^\d+$/.test(w);


/**
 * Words of a table name. A name folded to lower case (`infraconfig`, `bookmarklinks`: a camelCase model
 * read through a case-folding schema) is split into words the repo's own paths spell apart (`infra-config`,
 * `bookmark-links`), the fewest pieces of three letters or more; otherwise it stays one word.
 */
export function tableWords(table: string, vocabulary: ReadonlySet<string>): string[] {
  const words = wordsOf(bareName(table));
  if (words.length !== 1 || words[0].length < 6 || vocabulary.size === 0) return words;
  const w = words[0];
  // best[i]: fewest pieces covering w[0..i), with the split that gets there.
  const best: Array<{ n: number; from: number } | null> = [{ n: 0, from: -1 }];
  for (let i = 1; i <= w.length; i++) {
    best[i] = null;
    for (let j = Math.max(0, i - 24); j <= i - 3; j++) {
      const prev = best[j];
      const piece = w.slice(j, i);
      // The last piece may be a plural the paths only spell in the singular (`bookmarklinks`).
      const known = vocabulary.has(piece) || (i === w.length && piece.length > 3 && piece.endsWith("s") && vocabulary.has(piece.slice(0, -1)));
      if (!prev || !known) continue;
      if (!best[i] || prev.n + 1 < best[i]!.n) best[i] = { n: prev.n + 1, from: j };
    }
  }
  const end = best[w.length];
  if (!end || end.n < 2) return words;
  const pieces: string[] = [];
  for (let i = w.length; i > 0; i = best[i]!.from) pieces.unshift(w.slice(best[i]!.from, i));
  return pieces;
}

/** Words the repo's unit paths spell (and their singulars), for splitting case-folded table names. */
export function pathVocabulary(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const u of paths) {
    for (const seg of u.split("/")) {
      for (const x of wordsOf(seg)) {
        if (x.length < 3) continue;
        out.add(x);
        if (x.length > 3 && x.endsWith("s")) out.add(x.slice(0, -1));
      }
    }
  }
  return out;
}

function matches(word: string, vocabulary: string[]): boolean {
  return vocabulary.includes(word) || (word.endsWith("s") && vocabulary.includes(word.slice(0, -1)));
}

export interface NamedGroup {
  units: string[];
  tables: string[];
  /** How much code reaches each table (write sites twice, read sites once): the most written table. */
  tableWeights?: Record<string, number>;
  /** Foreign keys pointing to each table from the group's own tables: the aggregate root. */
  inboundFks?: Record<string, number>;
  /** Tables that are no domain tables (platform capabilities, migration bookkeeping): never a name. */
  platformTables?: ReadonlySet<string>;
}

/** How a context got its name: the repo's evidence behind it, and the vocabulary word that matched. */
export interface NameEvidence {
  /**
   * `shared-word`: the word most of its tables begin with (`order_items`, `order_status_history`, `orders`);
   * `aggregate-root`: the table its tables' foreign keys point to most; `most-written`: the table its code
   * writes and reads most; `folder`: no table, after its units' folder.
   */
  from: "shared-word" | "aggregate-root" | "most-written" | "folder";
  /** The table the name comes from. */
  table?: string;
  /** Foreign keys of the group's own tables pointing to that table. */
  inboundFks?: number;
  /** Why, in a sentence. */
  text: string;
}

export interface GroupName {
  name: string;
  /** The domain of rules/domains.yaml its tables speak of (its Korean name, its prior criticality), or null. */
  domain: string | null;
  naming?: NameEvidence;
}

/**
 * How strongly a group's tables speak of a domain: the leading word of each table name, in the domain's
 * vocabulary (folder names never count: a folder called `mailer` holding sign-in code is no notification).
 */
export function domainScore(group: NamedGroup, domain: Domain, vocabulary: ReadonlySet<string> = new Set()): number {
  let score = 0;
  for (const t of group.tables) {
    if (group.platformTables?.has(t)) continue;
    const lead = tableWords(t, vocabulary)[0];
    if (lead && matches(lead, domain.words)) score += 1;
  }
  return score;
}

/** The name a table gives: its words, the last one singular (`change_requests` → `change-request`, `alias` stays). */
export function nameOfTable(table: string, vocabulary: ReadonlySet<string>): string {
  const words = tableWords(table, vocabulary);
  return words.length ? [...words.slice(0, -1), singular(words[words.length - 1])].join("-") : table;
}

/**
 * Names in the repo's own words. A group with tables is named after its aggregate root (the table its own
 * tables' foreign keys point to most), else the table its code writes and reads most; a group with no
 * table after the folder its units share. The domain vocabulary never gives the name: it says which domain
 * the group's tables speak of (the root's leading word, or half of its tables), for the Korean name and the
 * prior criticality. Names are unique: a name taken goes to the next table of the group, never a number.
 */
export function nameGroups(groups: NamedGroup[], domains: Domain[], unitPaths: Iterable<string> = groups.flatMap((g) => g.units), reserved: Iterable<string> = []): GroupName[] {
  const vocabulary = pathVocabulary(unitPaths);
  // Names people agreed in contexts.yaml are never given to a proposed context.
  const taken = new Set<string>(reserved);
  const ranked = groups.map((g) => rankTables(g, vocabulary));
  // Groups with the strongest evidence choose first: the most inbound keys, then the most code on the root.
  const order = groups.map((_g, i) => i).sort((a, b) => strength(ranked[b]) - strength(ranked[a]) || a - b);
  const out: GroupName[] = groups.map(() => ({ name: "", domain: null }));
  for (const g of order) {
    const group = groups[g];
    const tables = ranked[g];
    let chosen: { name: string; naming: NameEvidence } | null = null;
    const shared = sharedWord(tables, vocabulary);
    if (shared && !taken.has(shared.word)) {
      chosen = { name: shared.word, naming: { from: "shared-word", table: shared.table, text: `named after the word ${shared.count} of its ${tables.length} tables begin with (${shared.examples.map(bareName).join(", ")})` } };
    }
    for (const t of chosen ? [] : tables) {
      const name = nameOfTable(t.table, vocabulary);
      if (taken.has(name)) continue;
      const from = t.inboundFks > 0 ? "aggregate-root" : "most-written";
      const text =
        from === "aggregate-root"
          ? `named after ${bareName(t.table)}, its aggregate root: ${t.inboundFks} foreign key${t.inboundFks === 1 ? "" : "s"} of its own tables point to it`
          : `named after ${bareName(t.table)}, the table its code writes and reads most`;
      chosen = { name, naming: { from, table: t.table, ...(t.inboundFks ? { inboundFks: t.inboundFks } : {}), text: t === tables[0] ? text : `${text} (${nameOfTable(tables[0].table, vocabulary)} names another context)` } };
      break;
    }
    if (!chosen) {
      const folder = folderName(group, taken);
      chosen = { name: folder, naming: { from: "folder", text: tables.length ? `every name its tables give is taken: named after the folder its units share` : "owns no table: named after the folder its units share" } };
    }
    taken.add(chosen.name);
    out[g] = { name: chosen.name, domain: domainOf(group, tables, domains, vocabulary), naming: chosen.naming };
  }
  return out;
}


interface RankedTable {
  table: string;
  inboundFks: number;
  weight: number;
}

/** The group's domain tables, best name first: most inbound foreign keys, then most code, then fewest words. */
function rankTables(group: NamedGroup, vocabulary: ReadonlySet<string>): RankedTable[] {
  const domainTables = group.tables.filter((t) => !group.platformTables?.has(t));
  const list = (domainTables.length ? domainTables : group.tables).map((table) => ({ table, inboundFks: group.inboundFks?.[table] ?? 0, weight: group.tableWeights?.[table] ?? 0 }));
  const parts = (t: string) => tableWords(t, vocabulary).length;
  return list.sort((a, b) => b.inboundFks - a.inboundFks || b.weight - a.weight || parts(a.table) - parts(b.table) || compareStrings(a.table, b.table));
}

/**
 * The word at least half of a group's tables (two or more) begin with, singular: `order` for orders,
 * order_items and order_status_history. Ties: more tables, then a table named the word itself, then the
 * word's root rank.
 */
function sharedWord(tables: RankedTable[], vocabulary: ReadonlySet<string>): { word: string; table: string; count: number; examples: string[] } | null {
  if (tables.length < 2) return null;
  const byWord = new Map<string, string[]>();
  for (const t of tables) {
    const lead = tableWords(t.table, vocabulary)[0];
    if (!lead) continue;
    const w = singular(lead);
    pushTo(byWord, w, t.table);
  }
  const named = (w: string, list: string[]) => list.some((t) => tableWords(t, vocabulary).length === 1 && singular(tableWords(t, vocabulary)[0]) === w);
  const best = [...byWord]
    .filter(([, list]) => list.length >= 2 && list.length * 2 >= tables.length)
    .sort((a, b) => b[1].length - a[1].length || Number(named(b[0], b[1])) - Number(named(a[0], a[1])) || tables.findIndex((t) => a[1].includes(t.table)) - tables.findIndex((t) => b[1].includes(t.table)))[0];
  if (!best) return null;
  const [lead, list] = best;
  // The words they all begin with: change_request_approvals and change_requests say change-request.
  const words = list.map((t) => tableWords(t, vocabulary));
  const prefix = [lead];
  for (let i = 1; words.every((w) => w.length > i) && new Set(words.map((w) => singular(w[i]))).size === 1; i++) prefix.push(singular(words[0][i]));
  const word = prefix.join("-");
  const table = list.find((t) => tableWords(t, vocabulary).length === 1) ?? list[0];
  return { word, table, count: list.length, examples: list.slice(0, 3) };
}

function strength(tables: RankedTable[]): number {
  return tables.length ? tables[0].inboundFks * 1000 + tables[0].weight : -1;
}

/**
 * The domain a group's tables speak of: the one its name-giving table's leading word belongs to, else one
 * the leading words of at least half of its domain tables belong to. None: null.
 */
function domainOf(group: NamedGroup, tables: RankedTable[], domains: Domain[], vocabulary: ReadonlySet<string>): string | null {
  if (!tables.length) return null;
  const lead = (t: string) => tableWords(t, vocabulary)[0];
  const root = lead(tables[0].table);
  const byRoot = domains.find((d) => root && matches(root, d.words));
  if (byRoot) return byRoot.name;
  let best: { name: string; n: number } | null = null;
  for (const d of domains) {
    const n = tables.filter((t) => {
      const w = lead(t.table);
      return w && matches(w, d.words);
    }).length;
    if (n * 2 >= tables.length && n > 0 && (!best || n > best.n)) best = { name: d.name, n };
  }
  return best?.name ?? null;
}

/** The folder segments every path (its segments, the last one a file or unit name) sits under. */
function commonFolder(paths: string[][]): string[] {
  let common = paths[0].slice(0, -1);
  for (const p of paths.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length - 1 && common[i] === p[i]) i++;
    common = common.slice(0, i);
  }
  return common;
}

/**
 * A group with no table: the folder its units share (a plugins folder, never one plugin's name for several),
 * else the word its unit paths repeat most; a name taken gets its parent folder in front, never a number.
 */
function folderName(group: NamedGroup, taken: ReadonlySet<string>): string {
  const meaningful = (u: string) => u.split("/").filter((s) => s !== "." && !GENERIC_SEGMENTS.has(s.toLowerCase()) && !isParam(s)).map((s) => s.toLowerCase().replace(/\.[cm]?[jt]sx?$/, ""));
  const paths = group.units.map(meaningful).filter((p) => p.length);
  const candidates: string[] = [];
  if (paths.length) {
    // The deepest folder every unit sits in, when the group has several units.
    const common = commonFolder(paths);
    const counts = new Map<string, number>();
    for (const p of paths) counts.set(p[p.length - 1], (counts.get(p[p.length - 1]) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    // Several units, each named once (plugins/auth0, plugins/bugsnag …): the folder that holds them all.
    const holder = commonFolder(group.units.map((u) => u.split("/"))).filter((x) => x !== "." && x !== "src" && x !== "lib").pop()?.toLowerCase();
    if (paths.length > 1 && top[0][1] === 1) {
      if (common.length) candidates.push(common[common.length - 1]);
      else if (holder) candidates.push(holder);
    }
    for (const [w] of top) candidates.push(w);
    // A taken name gets its parent folder in front (`auth-oidc`), never a number.
    for (const p of paths) if (p.length > 1) candidates.push(`${p[p.length - 2]}-${p[p.length - 1]}`);
  }
  const normal = (w: string) => {
    const ws = wordsOf(w);
    return ws.length ? [...ws.slice(0, -1), singular(ws[ws.length - 1])].join("-") : w;
  };
  for (const c of candidates.map(normal)) if (c && !taken.has(c)) return c;
  const base = candidates.length ? normal(candidates[0]) : "context";
  for (const p of group.units) {
    const full = wordsOf(p).join("-");
    if (full && !taken.has(full)) return full;
  }
  return taken.has(base) ? `${base}-${group.units.length}-units` : base;
}
