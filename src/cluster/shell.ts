import type { StranglerGraph } from "../graph/build.js";
import { bareName } from "../util/table-name.js";
import type { Labels } from "./louvain.js";
import { isAccessKind } from "../graph/model.js";
import { wordsOf } from "../util/words.js";
import { singular } from "../util/inflect.js";
import { compareStrings } from "../util/sort.js";

/*
 * The application shell: code that starts, wires, guards, configures, schedules, migrates, observes or
 * routes the application, and holds no business of its own. It is infrastructure, never a context, never in
 * the order, never the pilot. Evidence first, names second:
 *   1. it touches no domain table (system catalogs, platform tables such as jobs or settings, and the
 *      migration tools' bookkeeping tables do not count), or it is named as shell and reaches the tables
 *      of three or more contexts (a websocket server, a worker serving every feature);
 *   2. and either
 *      - its own name is made of shell words only (middleware, config, bootstrap, migrator, db-lock,
 *        health, logger, cron, worker …), or all its files sit in shell folders (middleware/, config/ …);
 *      - or it is the root of its package (entry files: `.`, `src`, `lib`, `server`, `app`) and reaches other code;
 *      - or it names no domain noun (no word of any domain table) and imports, or is imported by, units of
 *        three or more contexts (a routing layer that only dispatches, a wiring module).
 */

/** Words that name what an application shell does. */
const SHELL_WORDS = new Set([
  "bootstrap", "boot", "main", "server", "app", "application", "init", "initialize", "initializer", "setup", "startup", "start",
  "middleware", "middlewares", "config", "configs", "configuration", "configure", "env", "dotenv", "router", "routes", "routing", "route",
  "web", "websocket", "websockets", "socket", "sockets", "ws", "worker", "workers", "cron", "crons", "scheduler", "schedulers",
  "queue", "queues", "migrator", "migrate", "migrations", "migration", "lock", "locks", "locking", "mutex", "health", "healthcheck",
  "liveness", "readiness", "metric", "metrics", "monitoring", "prometheus", "telemetry", "tracing", "tracer", "otel", "opentelemetry",
  "sentry", "instrumentation", "apm", "logger", "loggers", "logging", "log", "logs", "i18n", "l10n", "locale", "locales", "openapi",
  "swagger", "csrf", "cors", "helmet", "csp", "security", "throttler", "throttle", "throttling", "ratelimit", "limiter", "errors",
  "error", "exception", "exceptions", "filters", "interceptor", "interceptors", "pipes", "guards", "decorators", "validation",
  "validators", "utils", "util", "helpers", "helper", "common", "shared", "constants", "types", "database", "db", "datasource",
  "prisma", "knex", "typeorm", "sequelize", "orm", "redis", "postgres", "postgresql", "pg", "mysql", "mariadb", "sqlite", "mongo", "mongodb", "pubsub", "shutdown", "graceful", "dev", "devtools", "lifecycle",
  "container", "di", "ioc", "providers", "plugins", "static", "assets", "views", "render", "rendering", "templates", "mailer",
  "transport", "transports", "http", "https", "express", "koa", "fastify", "hapi", "nest", "api", "rest", "graphql", "gql", "rpc",
  "grpc", "version", "versions", "cli", "console", "process", "cluster", "signals", "tls", "ssl", "proxy", "context", "request", "response",
]);

/**
 * Folders whose every file is shell code, whatever the file is named (`middleware/audit.ts`,
 * `utils/median.ts`). Narrower than the names: `api/`, `routes/`, `queues/` or `web/` folders often hold a
 * feature's own handlers, so only a unit named so is shell.
 */
const SHELL_FOLDERS = new Set([
  "bootstrap", "middleware", "middlewares", "config", "configs", "configuration", "utils", "util", "helpers", "helper", "errors",
  "error", "exceptions", "filters", "interceptors", "pipes", "guards", "decorators", "validators", "validation", "metrics",
  "monitoring", "telemetry", "tracing", "instrumentation", "logger", "logging", "i18n", "l10n", "locales", "health", "cron", "crons",
  "scheduler", "migrator", "lock", "locks", "locking", "security", "csrf", "cors", "throttler", "openapi", "swagger",
]);

/** Words that carry no noun: verbs and fillers in a shell unit's name (`create-config`, `load-index-html`). */
const FILLER = new Set(["create", "get", "load", "make", "build", "run", "use", "with", "for", "the", "of", "to", "and", "default", "custom", "base", "new", "all", "is", "has", "index", "html", "js", "ts", "module", "modules", "src", "lib", "service", "services", "provider", "factory", "handler", "handlers", "manager", "impl", "internal", "core", "global", "local", "simple", "node"]);

/** Folders an application's entry files sit in: the package root and its usual source folders. */
const ROOT_SEGMENTS = new Set([".", "src", "lib", "app", "server", "source", "backend", "api"]);

/** Tables of a migration tool's own bookkeeping (knex_migrations, _prisma_migrations, SequelizeMeta …). */
const BOOKKEEPING = /(^|[._])(knex_migrations(_lock)?|_prisma_migrations|sequelizemeta|sequelize_meta|typeorm_metadata|schema_migrations|migrations?|migrations_lock|mikro_orm_migrations|flyway_schema_history|databasechangelog(lock)?|pgmigrations|kysely_migration(_lock)?|__drizzle_migrations)$/i;

export interface ShellUnit {
  node: string;
  /** Why, in a few words: `shell name (middleware)`, `package root`, `dispatches to 5 contexts`. */
  why: string;
}

export interface ShellInputs {
  graph: StranglerGraph;
  /** A first partition: which context each node would join. */
  labels: Labels;
  /** Units already set apart as infrastructure. */
  infrastructure: ReadonlySet<string>;
  /** Leading words of platform tables (rules/domains.yaml `platform`). */
  platformWords: readonly string[];
  /** Unit path → its files, for the folders they sit in. */
  unitFiles?: ReadonlyMap<string, readonly string[]>;
}

/** Is this table a domain table (not a catalog, a platform capability or a migration tool's bookkeeping)? */
export function isDomainTable(name: string, relation: string, platformWords: ReadonlySet<string>): boolean {
  if (relation === "system") return false;
  const bare = bareName(name);
  if (BOOKKEEPING.test(bare)) return false;
  const lead = wordsOf(bare)[0];
  return !(lead && platformWords.has(lead));
}

/** Words of a unit's own name (its last path segment, without extension), with fillers left out. */
export function nameWords(unitPath: string): string[] {
  const seg = unitPath.split("/").pop() ?? unitPath;
  return wordsOf(seg.replace(/\.[cm]?[jt]sx?$/, "")).filter((w) => !FILLER.has(w));
}

export function isShellName(words: readonly string[]): boolean {
  return words.length > 0 && words.every((w) => SHELL_WORDS.has(w) || SHELL_WORDS.has(singular(w)));
}

export function findShell(inp: ShellInputs): ShellUnit[] {
  const { graph, labels, infrastructure } = inp;
  const platform = new Set(inp.platformWords);
  // Every word of every domain table: a unit named with one of them speaks of the domain.
  const tableWords = new Set<string>();
  graph.forEachNode((_n, a) => {
    if (a.kind !== "table" || !isDomainTable(a.name, a.relation, platform)) return;
    for (const w of wordsOf(bareName(a.name))) if (w.length > 2) tableWords.add(singular(w));
  });
  const backend = new Set<string>();
  graph.forEachNode((n, a) => {
    if (a.kind === "module" && a.role === "backend") backend.add(n);
  });
  const out: ShellUnit[] = [];
  for (const node of [...backend].sort(compareStrings)) {
    if (infrastructure.has(node)) continue;
    const a = graph.getNodeAttributes(node);
    if (a.kind !== "module") continue;
    const touchesDomain = graph.someOutEdge(node, (_e, x, _s, target) => {
      if (!isAccessKind(x.kind)) return false;
      const t = graph.getNodeAttributes(target);
      return t.kind === "table" && isDomainTable(t.name, t.relation, platform);
    });
    const words = nameWords(a.path);
    // A unit that reads or writes a migration tool's bookkeeping table (knex_migrations, SequelizeMeta …)
    // runs migrations: a migrator, whatever else it copies on the way.
    const bookkeeping = graph.filterOutNeighbors(node, (target) => {
      const t = graph.getNodeAttributes(target);
      return t.kind === "table" && t.relation !== "system" && BOOKKEEPING.test(bareName(t.name)) && graph.someEdge(node, target, (_e, x) => isAccessKind(x.kind));
    });
    if (bookkeeping.length) {
      const t = graph.getNodeAttributes(bookkeeping.sort(compareStrings)[0]);
      out.push({ node, why: `a migrator: it reads or writes ${t.kind === "table" ? bareName(t.name) : ""}, a migration tool's bookkeeping table` });
      continue;
    }
    if (touchesDomain) {
      // A unit named as shell (websocket, worker, routes) that reaches the tables of three or more contexts
      // serves them all: it dispatches, it owns none of them.
      if (!isShellName(words)) continue;
      const reached = new Set<string>();
      graph.forEachOutEdge(node, (_e, x, _s, target) => {
        const t = graph.getNodeAttributes(target);
        if (isAccessKind(x.kind) && t.kind === "table" && isDomainTable(t.name, t.relation, platform) && labels.has(target)) reached.add(labels.get(target)!);
      });
      if (reached.size >= 3) out.push({ node, why: `shell name (${words.join("-")}), reaches the tables of ${reached.size} contexts: it serves them all` });
      continue;
    }
    const folders = (inp.unitFiles?.get(a.path) ?? []).map((f) => f.split("/").slice(0, -1));
    const inShellFolders = folders.length > 0 && folders.every((segs) => segs.some((s) => SHELL_FOLDERS.has(s.toLowerCase())));
    // Contexts its imports reach, both ways (infrastructure left out).
    const linked = new Set<string>();
    const neighbours = new Set<string>();
    graph.forEachEdge(node, (_e, x, s, t) => {
      if (x.kind !== "import") return;
      const other = s === node ? t : s;
      if (!backend.has(other) || infrastructure.has(other) || other === node) return;
      neighbours.add(other);
      const l = labels.get(other);
      if (l !== undefined) linked.add(l);
    });
    const own = labels.get(node);
    const otherContexts = [...linked].filter((l) => l !== own).length;
    if (isShellName(words)) {
      out.push({ node, why: `shell name (${words.join("-")}), no domain table` });
    } else if (inShellFolders && !words.some((w) => tableWords.has(singular(w)))) {
      out.push({ node, why: `in shell folders (${[...new Set(folders.map((segs) => segs.filter((s) => SHELL_FOLDERS.has(s.toLowerCase())).pop()!))].sort(compareStrings).join(", ")}), no domain table` });
    } else if (ROOT_SEGMENTS.has(a.path) && neighbours.size > 0) {
      out.push({ node, why: "package root (entry files), no domain table" });
    } else if (!words.some((w) => tableWords.has(singular(w))) && otherContexts + (own === undefined ? 0 : 1) >= 3) {
      out.push({ node, why: `names no domain and links ${otherContexts + 1} contexts, no domain table` });
    }
  }
  return out;
}
