import { singularize } from "inflection";

/** Words whose plural form is their only form, or whose Latin singular no repo means (`data`, `media`). */
const KEEP = new Set(["postgres", "redis", "kubernetes", "aws", "ios", "macos", "data", "metadata", "meta", "schema", "agenda", "criteria", "media", "news", "series", "species", "status", "sms", "mms", "analytics", "settings", "access", "address", "business", "process", "canvas", "alias", "bus", "gas", "lens", "census", "campus", "focus", "virus", "corpus", "apparatus", "axis"]);

/**
 * English singular of a word (`categories` → `category`, `aliases` → `alias`, `addresses` → `address`),
 * through the inflection library, with the words it would mangle left as they are (`alias` never becomes
 * `alia`, `data` never `datum`, `sms` never `sm`). Short words (three letters or fewer) stay.
 */
export function singular(w: string): string {
  if (w.length <= 3 || KEEP.has(w) || !/^[a-z]+$/.test(w)) return w;
  const s = singularize(w);
  if (s.length < 3 || !w.startsWith(s.slice(0, Math.min(s.length, 3)))) return w;
  // Latin plurals in -a read as English words in code (`meta`, `schema`, `agenda`): never `metum`.
  if (w.endsWith("a") && s.endsWith("um")) return w;
  // `-us`, `-is`, `-ss` endings are already singular (status, analysis, class): inflection agrees on most.
  if (/(us|is|ss)$/.test(w)) return w;
  return s;
}
