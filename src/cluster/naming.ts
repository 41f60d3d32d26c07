import type { Domain } from "../rules/domains.js";
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

/** Words of a path or table name: split on / . - _ and camelCase, lower-cased. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9\u0080-\uffff]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
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
export function domainScore(group: NamedGroup, domain: Domain): number {
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
    const lead = wordsOf(t.slice(t.indexOf(".") + 1))[0];
    if (lead && matches(lead, domain.words)) score += 2;
  }
  return score;
}

/**
 * Names groups after the domain vocabulary they match best (each domain names one group, the best-scoring
 * first); a group no domain matches is named after its dominant folder or table prefix. Names are unique.
 */
export function nameGroups(groups: NamedGroup[], domains: Domain[]): Array<{ name: string; domain: string | null }> {
  const candidates: Array<{ g: number; domain: string; score: number }> = [];
  groups.forEach((group, g) => {
    for (const d of domains) {
      const score = domainScore(group, d);
      if (score > 0) candidates.push({ g, domain: d.name, score });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.g - b.g || compareStrings(a.domain, b.domain));
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
    let name = dominantWord(groups[g]);
    for (let i = 2; taken.has(name); i++) name = `${dominantWord(groups[g])}-${i}`;
    taken.add(name);
    return { name, domain: null };
  });
}

/**
 * A group no domain word names: after its dominant table (the one code reaches most; a join table only when
 * nothing else), else the word its unit paths repeat most (never a layer, a UI folder or a route parameter).
 */
function dominantWord(group: NamedGroup): string {
  if (group.tables.length) {
    const weight = (t: string) => group.tableWeights?.[t] ?? 0;
    const parts = (t: string) => t.slice(t.indexOf(".") + 1).split("_").length;
    const top = [...group.tables].sort((a, b) => weight(b) - weight(a) || parts(a) - parts(b) || compareStrings(a, b))[0];
    const words = top.slice(top.indexOf(".") + 1).toLowerCase().split(/[^a-z0-9\u0080-\uffff]+/).filter(Boolean);
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
