import type { AccessMode } from "../facts.js";

/*
 * Whether a method reads or writes, from its name: the first word of a camelCase name (`findOneInChannel`
 * → find, `getEntityOrThrow` → get, `softDelete` → soft). Prefixes that only qualify the next word
 * (`bulkCreate`, `batchInsert`, `nativeUpdate`) are skipped. Names that hand out a repository or start a
 * query (`getRepository`, `createQueryBuilder`) decide nothing: the methods chained after them do.
 */

const READ_WORDS = new Set([
  "find", "get", "count", "exist", "exists", "has", "is", "load", "fetch", "select", "search", "list", "read", "sum", "avg",
  "average", "min", "max", "minimum", "maximum", "aggregate", "pluck", "first", "paginate", "lookup", "stream", "preload", "all",
]);
const WRITE_WORDS = new Set([
  "save", "insert", "update", "upsert", "delete", "del", "remove", "destroy", "create", "add", "set", "put", "patch", "increment",
  "decrement", "restore", "recover", "soft", "clear", "truncate", "persist", "flush", "merge", "replace", "archive", "revive",
  "mark", "toggle", "reset", "attach", "detach", "assign", "unassign", "link", "unlink", "store", "write",
]);
const QUALIFIERS = new Set(["bulk", "batch", "native", "try", "do", "raw", "async", "safe"]);

/** Calls that hand out a repository or start a query: the chained calls decide. */
const NEUTRAL = /^(get(Tree|Mongo|Custom)?Repository|withRepository|repository|createQueryBuilder|queryBuilder|qb|build|query|transaction|withTransaction|fork|scope|unscoped|getEntityManager|getManager|using)$/;

/** Methods chained on a query builder that decide its mode (`.where()`, `.setParameter()` do not). */
const CHAIN_READ = /^(get[A-Z]\w*|getOne|getMany|select|find\w*|count\w*|exists?|stream|pluck|first)$/;
const CHAIN_WRITE = /^(insert|update|delete|del|softDelete|restore|upsert|increment|decrement|truncate|save|remove|orIgnore|orUpdate)$/;

export function camelWords(name: string): string[] {
  return name
    .replace(/^[$_]+/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_]+/)
    .filter(Boolean);
}

/** read / write for a method name, null when its words say nothing. */
export function verbMode(method: string): AccessMode | null {
  if (NEUTRAL.test(method)) return null;
  const words = camelWords(method);
  let i = 0;
  while (i < words.length - 1 && QUALIFIERS.has(words[i])) i++;
  const w = words[i];
  if (!w) return null;
  if (WRITE_WORDS.has(w)) return "write";
  if (READ_WORDS.has(w)) return "read";
  return null;
}

export function isNeutral(method: string): boolean {
  return NEUTRAL.test(method);
}

/** The mode a chain of calls after a neutral one decides (`.createQueryBuilder().update()` → write). */
export function chainMode(methods: string[]): AccessMode | null {
  for (const m of methods) {
    if (CHAIN_WRITE.test(m)) return "write";
    if (CHAIN_READ.test(m)) return "read";
  }
  return null;
}

/** Methods of an entity instance (Sequelize, TypeORM's active record) that reach the database. */
export const INSTANCE_METHODS: Record<string, AccessMode> = {
  save: "write", update: "write", destroy: "write", remove: "write", softRemove: "write", restore: "write", recover: "write",
  increment: "write", decrement: "write", reload: "read",
};
