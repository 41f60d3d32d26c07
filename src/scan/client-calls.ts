import type { PathCall } from "./code/http-paths.js";
import type { UnitInfo } from "./roles.js";
import { wordsOf } from "../util/words.js";
import { compareStrings } from "../util/sort.js";

/*
 * Which backend units a client's requests reach, as far as the code shows. A request path is matched by its
 * literal segments, in order (`api`, versions like `v1` and parameters skipped; `documents.list` read as
 * `documents`): the first segment the noun of a backend unit's path answers to wins (`src/tasks` → tasks,
 * task); failing that, the first segment answering to a route a backend file declares
 * (`router.get("/projects/:id")`, `@Controller("projects")`: relative to where it is mounted, so second). A request no unit answers to is kept with no
 * target: the client calls something the backend code does not show.
 */

export interface ClientCall {
  /** The client unit making the request. */
  unit: string;
  file: string;
  line: number;
  path: string;
  /** Backend units answering to it, sorted; empty when none does. */
  units: string[];
}

const SKIP = /^(api|rest|v\d+(\.\d+)?|:param)$/i;

export function matchClientCalls(units: UnitInfo[], unitOfFile: Record<string, string>, paths: Array<PathCall & { file: string }>): ClientCall[] {
  const roleOf = new Map(units.map((u) => [u.path, u.role]));
  // Nouns of unit paths first; a route's own first segment (relative to where it is mounted) only after.
  const byNoun = new Map<string, Set<string>>();
  const byRoute = new Map<string, Set<string>>();
  const add = (index: Map<string, Set<string>>, word: string, unit: string) => {
    for (const w of variants(word)) index.set(w, (index.get(w) ?? new Set()).add(unit));
  };
  for (const u of units) {
    if (u.role !== "backend") continue;
    const last = u.path.split("/").pop() ?? "";
    const noun = u.noun ?? last;
    if (noun && noun !== ".") add(byNoun, noun.toLowerCase(), u.path);
  }
  for (const p of paths) {
    const unit = unitOfFile[p.file];
    if (unit === undefined || roleOf.get(unit) !== "backend" || p.verb === "fetch") continue;
    const first = segmentsOf(p.path)[0];
    if (first) add(byRoute, first, unit);
  }
  const out: ClientCall[] = [];
  for (const p of paths) {
    const unit = unitOfFile[p.file];
    if (unit === undefined || roleOf.get(unit) !== "client") continue;
    let hit: string[] = [];
    for (const index of [byNoun, byRoute]) {
      for (const seg of segmentsOf(p.path)) {
        const found = index.get(seg);
        if (found?.size) {
          hit = [...found].sort(compareStrings);
          break;
        }
      }
      if (hit.length) break;
    }
    out.push({ unit, file: p.file, line: p.line, path: p.path, units: hit });
  }
  return out.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.path, b.path));
}

/** Literal segments of a path, lower-cased, in order: `/api/v1/documents.list/:param` → [documents]. */
function segmentsOf(path: string): string[] {
  return path
    .split("/")
    .filter((s) => s && !SKIP.test(s) && !s.startsWith(":"))
    .map((s) => s.split(".")[0].toLowerCase())
    .filter((s) => /[a-z]/.test(s));
}

/** A noun as a path may write it: `task`, `tasks`, `team-collection` (and its words joined: `teamcollection`). */
function variants(word: string): string[] {
  const out = new Set([word]);
  const joined = wordsOf(word).join("");
  if (joined) out.add(joined);
  for (const w of [...out]) {
    if (w.endsWith("s")) out.add(w.slice(0, -1));
    else out.add(`${w}s`);
  }
  return [...out];
}
