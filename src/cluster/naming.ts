import type { Domain } from "../rules/domains.js";
import { wordsOf } from "../util/words.js";

export { wordsOf };
import { compareStrings } from "../util/sort.js";
import { singular } from "../scan/code/units.js";

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
  const words = wordsOf(table.slice(table.indexOf(".") + 1));
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
  /** How much code reaches each table (write and read sites): the dominant table names a group no domain word does. */
  tableWeights?: Record<string, number>;
}

/**
 * How strongly a group speaks of a domain: the leading word of each table name (twice) and of each folder
 * or file name of its unit paths (no layer, UI folder or route parameter), when in the domain's vocabulary.
 */
export function domainScore(group: NamedGroup, domain: Domain, vocabulary: ReadonlySet<string> = new Set()): number {
  let score = 0;
  for (const u of group.units) {
    // Each folder or file name of the unit path (no layer, UI folder or route parameter), by its leading word.
    for (const seg of u.split("/")) {
      if (seg === "." || GENERIC_SEGMENTS.has(seg.toLowerCase()) || isParam(seg)) continue;
      const lead = wordsOf(seg)[0];
      if (lead && !GENERIC_SEGMENTS.has(lead) && matches(lead, domain.words)) score++;
    }
  }
  // A table speaks of a domain by its leading word: `stock_reservations` of inventory, `webhook_deliveries` not of shipping.
  for (const t of group.tables) {
    const lead = tableWords(t, vocabulary)[0];
    if (lead && matches(lead, domain.words)) score += 2;
  }
  return score;
}

/**
 * Names groups after the domain vocabulary they match best (each domain names one group, the best-scoring
 * first); a group no domain matches is named after its dominant folder or table prefix. Names are unique.
 */
export function nameGroups(groups: NamedGroup[], domains: Domain[], unitPaths: Iterable<string> = groups.flatMap((g) => g.units)): Array<{ name: string; domain: string | null }> {
  // A group whose tables speak of a domain takes its name before one whose folders alone do.
  const candidates: Array<{ g: number; domain: string; score: number; byTables: boolean }> = [];
  const vocabulary = pathVocabulary(unitPaths);
  groups.forEach((group, g) => {
    for (const d of domains) {
      const score = domainScore(group, d, vocabulary);
      const byTables = domainScore({ units: [], tables: group.tables }, d, vocabulary) > 0;
      if (score > 0) candidates.push({ g, domain: d.name, score, byTables });
    }
  });
  candidates.sort((a, b) => Number(b.byTables) - Number(a.byTables) || b.score - a.score || a.g - b.g || compareStrings(a.domain, b.domain));
  const result: Array<{ name: string; domain: string | null } | null> = groups.map(() => null);
  const usedDomains = new Set<string>();
  for (const c of candidates) {
    if (result[c.g] || usedDomains.has(c.domain)) continue;
    result[c.g] = { name: c.domain, domain: c.domain };
    usedDomains.add(c.domain);
  }
  const taken = new Set(result.filter(Boolean).map((r) => r!.name));
  return result.map((r, g) => {
    if (r) return r;
    const base = dominantWord(groups[g], vocabulary);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return { name, domain: null };
  });
}

/**
 * A group no domain word names: after its dominant table (the one code reaches most; a join table only when
 * nothing else), else the word its unit paths repeat most (never a layer, a UI folder or a route parameter).
 */
function dominantWord(group: NamedGroup, vocabulary: ReadonlySet<string>): string {
  if (group.tables.length) {
    const weight = (t: string) => group.tableWeights?.[t] ?? 0;
    const parts = (t: string) => wordsOf(t.slice(t.indexOf(".") + 1)).length;
    const top = [...group.tables].sort((a, b) => weight(b) - weight(a) || parts(a) - parts(b) || compareStrings(a, b))[0];
    // `InfraConfig` (a Prisma model's table) reads as infra-config, like `infra_config`.
    const words = tableWords(top, vocabulary);
    if (words.length) return [...words.slice(0, -1), singular(words[words.length - 1])].join("-");
  }
  const counts = new Map<string, number>();
  const bump = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const u of group.units) {
    const segs = u.split("/").filter((s) => s !== "." && !GENERIC_SEGMENTS.has(s.toLowerCase()) && !isParam(s));
    if (segs.length) bump(segs[segs.length - 1].toLowerCase().replace(/\.[cm]?[jt]sx?$/, ""));
  }
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]?.[0] ?? "context";
}
