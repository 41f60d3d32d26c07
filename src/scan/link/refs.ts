import type { TypeRef, ValueRef } from "./symbols.js";

/**
 * What a data-access record names before the linker follows it across files:
 * - `name`: a local name that may be an entity, a model, or a class bound to one (a repository, a store,
 *   a CRUD service); the first of `names` that resolves wins (`getRepository(ctx, Product)`).
 * - `table`: an expression naming a table (`knex(TABLE)`, `this.db(this.tableName)`, `T.users`).
 * - `type`: a receiver's declared type (`Repository<Order>`, `OrderRepository`, `IFeatureStore`, `Document`).
 * - `byName`: a receiver injected by name (`constructor({ cartRepository })`), resolved through what a
 *   container registers under that name (`cartRepository: new CartRepository()`) or a class of that name.
 * - `entityName`: an entity by a name unique in the repo, whatever file declares it (an Objection relation's
 *   name, `$relatedQuery("groups")`, declared by the model's relationMappings).
 */
export type Ref =
  | { kind: "name"; names: string[] }
  | { kind: "table"; value: ValueRef }
  | { kind: "type"; type: TypeRef }
  | { kind: "byName"; name: string }
  | { kind: "entityName"; name: string };

export function refText(ref: Ref): string {
  switch (ref.kind) {
    case "name":
      return ref.names.join("|");
    case "table":
      return valueText(ref.value);
    case "type":
      return typeText(ref.type);
    case "byName":
    case "entityName":
      return ref.name;
  }
}

export function typeText(t: TypeRef): string {
  return t.args.length ? `${t.name}<${t.args.map(typeText).join(", ")}>` : t.name;
}

export function valueText(v: ValueRef): string {
  switch (v.kind) {
    case "string":
      return JSON.stringify(v.value);
    case "name":
      return [v.name, ...v.path].join(".");
    case "this":
      return `this.${v.field}`;
    case "param":
      return `<parameter ${v.index + 1}>`;
    case "template":
      return `\`${v.parts.map((p) => (typeof p === "string" ? p : `\${${valueText(p)}}`)).join("")}\``;
    case "unknown":
      return v.text;
  }
}
