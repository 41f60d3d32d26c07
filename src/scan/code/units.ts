import { dirnamePosix } from "../../util/paths.js";
import { singular } from "../../util/inflect.js";
import { compareStrings } from "../../util/sort.js";
import { apartByPath } from "../layout-words.js";
import { pushTo } from "../../util/push-to.js";

/*
 * Code units that fit how a repository is laid out. `folder`: a file's folder; `file`: each file; `auto`
 * (the default): a folder holding one feature stays one unit, while a layer folder (services/,
 * repositories/, models/, controllers/, routes/ …) or a folder whose files name several domain nouns
 * (`db/user-store.ts`, `db/project-store.ts` …, none of them named like the folder) is split into its files, and files of different layers that
 * name the same domain noun (`services/cart.ts`, `repositories/cart.ts`, `models/cart.ts`,
 * `routes/store/carts/index.ts`) are one unit, named `<where the layers meet>/<noun>`. Where the layers sit
 * inside feature folders instead (`modules/orders/services/…`, `modules/orders/dto/…`,
 * `modules/users/services/…`: two or more sibling folders named like nouns, each holding layer folders),
 * each feature folder is one unit, whatever its files are named: the repository drew that line itself.
 */

export type Granularity = "auto" | "folder" | "file";
export const GRANULARITIES: Granularity[] = ["auto", "folder", "file"];

/** How a unit was formed, for people reading the assessment. */
export interface UnitForm {
  path: string;
  /**
   * `folder`: a folder's files; `file`: one file; `domain-noun`: files of several layers naming one noun;
   * `feature`: a feature folder's files, the layer folders inside it included.
   */
  formed: "folder" | "file" | "domain-noun" | "feature";
  noun?: string;
  /** The layer folders the unit's files come from (domain-noun units), or the layer folders inside it (features). */
  layers?: string[];
}

/** Folders that hold one layer of many domains. */
const LAYER_WORDS = new Set([
  "services", "service", "repositories", "repository", "repos", "models", "model", "entities", "entity", "controllers",
  "controller", "routes", "routers", "router", "resolvers", "resolver", "handlers", "dto", "dtos", "daos", "dao",
  "validators", "serializers", "presenters", "mappers", "policies", "guards", "middlewares", "interceptors", "subscribers",
  "listeners", "commands", "queries", "usecases", "use-cases", "endpoints", "schemas", "types", "interfaces", "stores",
]);
/** Words of a file name that say its layer, not its domain (`cart.service.ts`, `CartRepository.ts`). */
const LAYER_SUFFIXES = new Set([
  "service", "services", "repository", "repo", "store", "model", "entity", "controller", "route", "routes", "router",
  "resolver", "handler", "dto", "dao", "validator", "serializer", "presenter", "mapper", "policy", "guard", "middleware",
  "interceptor", "subscriber", "listener", "command", "query", "schema", "type", "types", "interface", "module", "spec",
  "test", "input", "args", "response", "request", "impl", "api", "gateway", "provider", "resolvers", "controllers",
]);
/** Names that carry no domain: an API surface, a version, a barrel. */
const NO_NOUN = new Set([
  "index", "main", "mod", "app", "server", "base", "abstract", "common", "shared", "core", "utils", "util", "helpers",
  "helper", "constants", "const", "config", "errors", "error", "enums", "enum", "types", "admin", "shop", "public",
  "private", "internal", "external", "v1", "v2", "v3", "v4", "api", "rest", "graphql", "gql", "http", "rpc", "lib", "src",
  "default", "generic", "misc", "root",
]);
/** Folders that hold features, never one feature themselves. */
const CONTAINER_WORDS = new Set(["modules", "module", "features", "feature", "domains", "domain", "components", "apps", "packages", "libs", "plugins", "contexts", "bounded-contexts", "areas", "slices"]);
/** A feature folder holding layer folders counts when at least this many of its siblings do too. */
const FEATURE_MIN_SIBLINGS = 2;
/** A folder with this many code files naming this many different nouns is split like a layer folder. */
const MIXED_MIN_FILES = 4;
const MIXED_MIN_NOUNS = 3;

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** `order-item.entity.ts` → `order-item`; `CartRepository.ts` → `cart`; `carts` → `cart`; null for `index.ts`. */
export function nounOf(name: string): string | null {
  const stem = name.replace(/\.(d\.)?[cm]?[jt]sx?$/, "");
  const first = stem.split(".")[0];
  let words = first
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && LAYER_SUFFIXES.has(words[words.length - 1])) words = words.slice(0, -1);
  if (words.length === 0) return null;
  const noun = [...words.slice(0, -1), singular(words[words.length - 1])].join("-");
  return NO_NOUN.has(noun) || NO_NOUN.has(words.join("-")) || LAYER_WORDS.has(words.join("-")) || /^\[|^:|^\$|^\d+$/.test(noun) ? null : noun;
}

/** Verbs a file named for an action on its folder's noun starts with (`create-document.ts`, `find-documents.ts`). */
const ACTION_VERBS = new Set([
  "create", "get", "find", "list", "update", "delete", "remove", "add", "set", "upsert", "search", "fetch", "send", "resend",
  "validate", "verify", "cancel", "complete", "archive", "restore", "duplicate", "move", "reset", "toggle", "assign", "unassign",
  "invite", "accept", "reject", "approve", "count", "sign", "seal", "mark", "import", "export", "save", "load", "sync",
]);

/**
 * True when a file's noun names an action on its folder's noun: the folder's words inside the name with more
 * after them (`get-document-by-id`), or last after an action verb (`create-document`). Names that end in the
 * folder's noun otherwise are kinds of it (`avatar-processor` in processors/, `csv-converter` in converters/).
 */
function actsOn(noun: string, own: string): boolean {
  const words = noun.split("-").map(singular);
  const want = own.split("-").map(singular);
  for (let i = 0; i + want.length <= words.length; i++) {
    if (!want.every((w, j) => words[i + j] === w)) continue;
    if (i + want.length < words.length) return true;
    if (i > 0 && ACTION_VERBS.has(words[0])) return true;
  }
  return false;
}

/** English singular (src/util/inflect.ts): `carts` → `cart`, `aliases` → `alias`; `alias` stays. */
export { singular };

/**
 * Every file's unit. `packageRoots` are folders holding a package.json (".": the folder scanned): nouns are
 * grouped within one package, never across packages.
 */
export function formUnits(files: string[], granularity: Granularity, packageRoots: string[] = ["."]): { unitOf: Map<string, string>; units: UnitForm[] } {
  const unitOf = new Map<string, string>();
  const forms = new Map<string, UnitForm>();
  const put = (file: string, form: UnitForm) => {
    unitOf.set(file, form.path);
    const known = forms.get(form.path);
    if (!known) forms.set(form.path, { ...form, layers: form.layers ? [...form.layers] : undefined });
    else if (form.layers && form.layers.some((l) => !known.layers?.includes(l))) known.layers = [...new Set([...(known.layers ?? []), ...form.layers])].sort(compareStrings);
  };
  const sorted = [...files].sort(compareStrings);
  if (granularity !== "auto") {
    for (const f of sorted) put(f, granularity === "file" ? { path: f, formed: "file" } : { path: dirnamePosix(f), formed: "folder" });
    return { unitOf, units: [...forms.values()].sort((a, b) => compareStrings(a.path, b.path)) };
  }

  const roots = [...packageRoots].sort((a, b) => b.length - a.length || compareStrings(a, b));
  const packageOf = (f: string) => roots.find((r) => r === "." || f === r || f.startsWith(`${r}/`)) ?? ".";
  const byFolder = new Map<string, string[]>();
  for (const f of sorted) pushTo(byFolder, dirnamePosix(f), f);

  // Feature folders holding layer folders: each is one unit, its layers and other subfolders included.
  const features = featureFolders(sorted, packageOf);
  for (const f of sorted) {
    if (apartByPath(f)) continue;
    const feature = deepestFeature(f, features);
    if (feature) put(f, { path: feature, formed: "feature", layers: features.get(feature)! });
  }

  // A folder whose files name several domain nouns is split, like a layer folder.
  const mixed = new Set<string>();
  for (const [folder, list] of byFolder) {
    if (apartByPath(`${folder}/x`)) continue;
    const nouns = list.map((f) => nounOf(base(f))).filter((n): n is string => !!n);
    const counts = new Map<string, number>();
    for (const n of nouns) counts.set(n, (counts.get(n) ?? 0) + 1);
    const top = Math.max(0, ...counts.values());
    // A feature folder names its feature (`auth/` holding auth.service.ts, password.ts, session.repository.ts).
    const own = folder === "." ? null : nounOf(base(folder));
    if (own && counts.has(own)) continue;
    // … or its files are actions on it (`document/` holding create-document.ts, find-documents.ts, get-document-by-id.ts).
    if (own && nouns.filter((n) => actsOn(n, own)).length * 2 > nouns.length) continue;
    if (list.length >= MIXED_MIN_FILES && counts.size >= MIXED_MIN_NOUNS && top * 2 <= nouns.length) mixed.add(folder);
  }

  // Each file in a layer (or mixed) folder: its noun, and the layer folder it sits under.
  const placed = new Map<string, { noun: string; layer: string; pkg: string }>();
  for (const f of sorted) {
    if (unitOf.has(f)) continue;
    const pkg = packageOf(f);
    const rel = pkg === "." ? f : f.slice(pkg.length + 1);
    const segs = rel.split("/").slice(0, -1);
    let layerAt = -1;
    for (let i = segs.length - 1; i >= 0; i--) if (LAYER_WORDS.has(segs[i].toLowerCase())) { layerAt = i; break; }
    const folder = dirnamePosix(f);
    if (layerAt < 0 && !mixed.has(folder)) continue;
    // Scripts, examples, migrations … keep their folders: they are set apart, never a domain.
    if (apartByPath(f)) continue;
    const layerDepth = layerAt >= 0 ? layerAt : segs.length - 1;
    const below = segs.slice(layerDepth + 1);
    const fromName = nounOf(base(f));
    let noun = fromName;
    for (let i = below.length - 1; noun === null && i >= 0; i--) noun = nounOf(below[i]);
    if (!noun) continue;
    const layer = [pkg === "." ? "" : pkg, ...segs.slice(0, layerDepth + 1)].filter(Boolean).join("/") || ".";
    placed.set(f, { noun, layer, pkg });
  }

  // Within a package, layers meet where their folders' paths part: the noun unit is named below that.
  const meet = new Map<string, string>();
  const layersOf = new Map<string, Set<string>>();
  for (const p of placed.values()) layersOf.set(p.pkg, (layersOf.get(p.pkg) ?? new Set()).add(p.layer));
  for (const [pkg, layers] of layersOf) {
    // Never above the package's own folder.
    const at = commonFolder([...layers].map((l) => dirnamePosix(l)));
    meet.set(pkg, pkg !== "." && !(at === pkg || at.startsWith(`${pkg}/`)) ? pkg : at);
  }

  for (const f of sorted) {
    const p = placed.get(f);
    if (!p) continue;
    const at = meet.get(p.pkg)!;
    put(f, { path: at === "." ? p.noun : `${at}/${p.noun}`, formed: "domain-noun", noun: p.noun, layers: [p.layer] });
  }
  // The rest: folder units; a feature folder named like a noun unit of its package joins it.
  const nounUnits = new Map<string, string>();
  for (const p of placed.values()) nounUnits.set(`${p.pkg}\u0000${p.noun}`, meet.get(p.pkg) === "." ? p.noun : `${meet.get(p.pkg)}/${p.noun}`);
  for (const f of sorted) {
    if (unitOf.has(f)) continue;
    const folder = dirnamePosix(f);
    const noun = folder === "." ? null : nounOf(base(folder));
    const joined = noun ? nounUnits.get(`${packageOf(f)}\u0000${noun}`) : undefined;
    if (joined) put(f, { path: joined, formed: "domain-noun", noun: noun!, layers: [folder] });
    else put(f, { path: folder, formed: "folder" });
  }
  return { unitOf, units: [...forms.values()].sort((a, b) => compareStrings(a.path, b.path)) };
}

/**
 * Feature folders of the layout, each with the layer folders inside it: the folder just above a layer folder
 * (above a run of them: `employee/commands/handlers`), named like a noun, below its package's root, with at
 * least FEATURE_MIN_SIBLINGS - 1 sibling folders that hold layer folders too. A lone folder holding layers
 * (`backend/services`, `server/models`) is where a layer-first layout starts, not a feature.
 */
function featureFolders(files: string[], packageOf: (f: string) => string): Map<string, string[]> {
  const layersIn = new Map<string, Set<string>>();
  for (const f of files) {
    if (apartByPath(f)) continue;
    const pkg = packageOf(f);
    const segs = (pkg === "." ? f : f.slice(pkg.length + 1)).split("/").slice(0, -1);
    for (let i = segs.length - 1; i >= 1; i--) {
      if (!LAYER_WORDS.has(segs[i].toLowerCase())) continue;
      let top = i;
      while (top > 0 && LAYER_WORDS.has(segs[top - 1].toLowerCase())) top--;
      if (top === 0) break;
      const name = segs[top - 1];
      if (CONTAINER_WORDS.has(name.toLowerCase()) || !nounOf(name)) {
        i = top;
        continue;
      }
      const prefix = pkg === "." ? "" : `${pkg}/`;
      const feature = prefix + segs.slice(0, top).join("/");
      const set = layersIn.get(feature) ?? new Set<string>();
      set.add(prefix + segs.slice(0, top + 1).join("/"));
      layersIn.set(feature, set);
      break;
    }
  }
  const siblings = new Map<string, number>();
  for (const feature of layersIn.keys()) siblings.set(dirnamePosix(feature), (siblings.get(dirnamePosix(feature)) ?? 0) + 1);
  const out = new Map<string, string[]>();
  for (const [feature, layers] of [...layersIn].sort((a, b) => compareStrings(a[0], b[0]))) {
    if ((siblings.get(dirnamePosix(feature)) ?? 0) >= FEATURE_MIN_SIBLINGS) out.set(feature, [...layers].sort(compareStrings));
  }
  return out;
}

/** The deepest feature folder holding a file, if any. */
function deepestFeature(file: string, features: Map<string, string[]>): string | undefined {
  for (let folder = dirnamePosix(file); folder !== "."; folder = dirnamePosix(folder)) if (features.has(folder)) return folder;
  return undefined;
}

function commonFolder(folders: string[]): string {
  if (folders.length === 0) return ".";
  const split = folders.map((f) => (f === "." ? [] : f.split("/")));
  const out: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.join("/") || ".";
}
