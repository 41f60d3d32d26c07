import type { Domain } from "../rules/domains.js";
import { compareStrings } from "../util/sort.js";

const GENERIC_SEGMENTS = new Set(["src", "lib", "app", "apps", "modules", "module", "packages", "services", "service", "domain", "domains", "internal", "core", "features", "feature", "server", "api", "repositories", "repository"]);

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
}

/** How strongly a group's unit paths and table names speak of a domain: the number of matching words. */
export function domainScore(group: NamedGroup, domain: Domain): number {
  let score = 0;
  for (const u of group.units) for (const w of wordsOf(u)) if (!GENERIC_SEGMENTS.has(w) && matches(w, domain.words)) score++;
  for (const t of group.tables) for (const w of wordsOf(t.slice(t.indexOf(".") + 1))) if (matches(w, domain.words)) score++;
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

function dominantWord(group: NamedGroup): string {
  const counts = new Map<string, number>();
  const bump = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const u of group.units) {
    const segs = u.split("/").filter((s) => !GENERIC_SEGMENTS.has(s.toLowerCase()) && s !== ".");
    if (segs.length) bump(segs[segs.length - 1].toLowerCase().replace(/\.[cm]?[jt]sx?$/, ""));
  }
  if (counts.size === 0) for (const t of group.tables) bump(wordsOf(t.slice(t.indexOf(".") + 1))[0] ?? "tables");
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]?.[0] ?? "context";
}
