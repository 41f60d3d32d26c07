import type { FileSymbols, TypeRef, Value, ValueRef } from "./symbols.js";
import type { Ref } from "./refs.js";
import { pushTo } from "../../util/push-to.js";

/*
 * Follows names across files once every file is read: a local name to the file and name that define it
 * (imports, path aliases, barrels, `export default`, namespaces, `require`), an entity class to its table,
 * a class to the entity or table it is bound to (a repository, a store, a CRUD service), a constant to its
 * string, an interface to the classes implementing it, and a name a container injects to what is
 * registered under it. Nothing here reads files: symbols and entities come from the code scan.
 */

export interface Def {
  file: string;
  name: string;
}

export interface EntityInfo {
  table: string;
  source: string;
  /** The entity's class or variable name (for joins through its relation properties). */
  entity: string;
}

/** What a reference reaches: a table, and whether it was an entity itself (a model instance). */
export interface Binding {
  table: string;
  source: string;
  entity?: string;
  isEntity: boolean;
}

export interface LinkerInput {
  symbolsOf(file: string): FileSymbols | undefined;
  /** Import specifier from a file → the repo file it resolves to, or null (a package, or unresolved). */
  resolve(fromFile: string, specifier: string): string | null;
  /** Follows barrels: where `name` exported by `file` is defined, and under which name. */
  definitionOf(file: string, name: string): Def;
  /** Entities by `file#name`. */
  entities: Map<string, EntityInfo>;
  /** Package names whose imports may name an entity of this repo by its bare name (the repo's workspaces). */
  ownPackages: Set<string>;
  /** Fields a class reads its table from (`this.db(this.tableName)`), by `file#class`. */
  tableFields: Map<string, Set<string>>;
  /** Every file with symbols (for registries, implementers and class names). */
  files: string[];
  /** Entities declared in a file read only on demand (a package of the repo outside the folder scanned). */
  lateEntities?(file: string): EntityInfo[];
  /** A name injected as `<model>Service` / `<model>Repository` with no class of that name is the model's (Medusa's containers). */
  modelServices?: boolean;
}

export type TableResult = { table: string } | { unknown: string; fromSubclass?: boolean };

const MAX_DEPTH = 12;
const key = (d: Def) => `${d.file}#${d.name}`;

export class Linker {
  private readonly entitiesByName = new Map<string, EntityInfo[]>();
  private readonly bindMemo = new Map<string, Binding | null>();
  private implementers: Map<string, Def[]> | null = null;
  private classesByName: Map<string, Def[]> | null = null;
  private registry: Map<string, Def[]> | null = null;

  private entityAt(def: Def): EntityInfo | undefined {
    const found = this.input.entities.get(key(def));
    if (found || !this.input.lateEntities) return found;
    return this.input.lateEntities(def.file).find((e) => e.entity === def.name);
  }

  constructor(private readonly input: LinkerInput) {
    for (const e of input.entities.values()) {
      const list = this.entitiesByName.get(e.entity) ?? [];
      if (!list.some((x) => x.table === e.table)) list.push(e);
      this.entitiesByName.set(e.entity, list);
    }
  }

  /**
   * The definition a local name of `file` refers to: `{ file, name }` in the repo, `{ external }` for a
   * package, following `path` members through namespaces (`T.users` of `import * as T`).
   */
  private readonly defineMemo = new Map<string, ReturnType<Linker["computeDefine"]>>();

  define(file: string, name: string, path: string[] = []): { def: Def; path: string[] } | { external: string; name: string; path: string[] } {
    const k = `${file}\u0000${name}\u0000${path.join(".")}`;
    let r = this.defineMemo.get(k);
    if (!r) this.defineMemo.set(k, (r = this.computeDefine(file, name, path)));
    return r;
  }

  private computeDefine(file: string, name: string, path: string[]): { def: Def; path: string[] } | { external: string; name: string; path: string[] } {
    let cur: Def = { file, name };
    let rest = path;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const syms = this.input.symbolsOf(cur.file);
      const imp = syms?.imports[cur.name];
      if (!imp) return { def: cur, path: rest };
      const target = this.input.resolve(cur.file, imp.specifier);
      let exported = imp.name;
      if (exported === "*") {
        if (rest.length === 0) return target ? { def: { file: target, name: "*" }, path: rest } : { external: imp.specifier, name: "*", path: rest };
        exported = rest[0];
        rest = rest.slice(1);
      }
      if (!target) return { external: imp.specifier, name: exported, path: rest };
      const d = this.input.definitionOf(target, exported);
      if (d.name === "*") {
        if (rest.length === 0) return { def: d, path: rest };
        cur = { file: d.file, name: rest[0] };
        rest = rest.slice(1);
        continue;
      }
      const alias = this.input.symbolsOf(d.file)?.exportAliases[d.name];
      cur = { file: d.file, name: alias ?? d.name };
    }
    return { def: cur, path: rest };
  }

  /** The entity a name of `file` refers to, or (for a package import of this repo's own) a unique entity of that name. */
  entity(file: string, name: string): EntityInfo | null {
    const d = this.define(file, name);
    if ("def" in d) return d.path.length ? null : (this.entityAt(d.def) ?? null);
    if (d.path.length || !this.input.ownPackages.has(packageName(d.external))) return null;
    const list = this.entitiesByName.get(d.name);
    return list && list.length === 1 ? list[0] : null;
  }

  /** What a reference of `file` (inside class `cls`) reaches. */
  resolve(file: string, ref: Ref, cls: string | null): Binding | null {
    switch (ref.kind) {
      case "name":
        for (const n of ref.names) {
          const b = this.bindName(file, n);
          if (b) return b;
        }
        return null;
      case "type":
        return this.typeBinding(file, ref.type, 0);
      case "byName":
        return this.byName(ref.name);
      case "entityName": {
        const list = this.entitiesByName.get(ref.name) ?? [];
        return list.length === 1 ? { table: list[0].table, source: list[0].source, entity: list[0].entity, isEntity: false } : null;
      }
      case "table": {
        const t = this.table(file, ref.value, cls);
        return "table" in t ? { table: t.table, source: "", isEntity: false } : null;
      }
    }
  }

  /** A table expression's name (`"orders"`, `TABLE`, `T.users`, `` `${TABLE} AS t` ``, `this.tableName`). */
  table(file: string, v: ValueRef, cls: string | null): TableResult {
    const s = this.stringOf(file, v, cls, 0);
    if (s.kind === "string") return { table: s.value };
    // `"index_data AS " + alias`, `` `things AS ${alias}0` ``: the table is known, only its alias is computed.
    if (v.kind === "template" && typeof v.parts[0] === "string") {
      const head = /^\s*([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)\s+(?:as\s+)?$/i.exec(v.parts[0]);
      if (head && !/^as$/i.test(head[1]) && v.parts.slice(1).every((p) => typeof p !== "string" || /^\w*$/.test(p))) return { table: head[1] };
    }
    return { unknown: s.text, fromSubclass: s.fromSubclass };
  }

  private bindName(file: string, name: string): Binding | null {
    const e = this.entity(file, name);
    if (e) return { table: e.table, source: e.source, entity: e.entity, isEntity: true };
    const d = this.define(file, name);
    return "def" in d && d.path.length === 0 ? this.bind(d.def, 0) : null;
  }

  /** The table a class (or a repository constant) stands for. */
  bind(def: Def, depth: number): Binding | null {
    const k = key(def);
    if (this.bindMemo.has(k)) return this.bindMemo.get(k)!;
    this.bindMemo.set(k, null); // cycles end here
    const result = depth > MAX_DEPTH ? null : this.computeBinding(def, depth);
    this.bindMemo.set(k, result);
    return result;
  }

  private computeBinding(def: Def, depth: number): Binding | null {
    const e = this.entityAt(def);
    if (e) return { table: e.table, source: e.source, entity: e.entity, isEntity: true };
    const syms = this.input.symbolsOf(def.file);
    if (!syms) return null;
    const repo = syms.repositories[def.name];
    if (repo) for (const n of repo) {
      const x = this.entity(def.file, n);
      if (x) return { table: x.table, source: x.source, entity: x.entity, isEntity: false };
    }
    const cls = syms.classes[def.name];
    if (!cls) {
      if (syms.typeAliases[def.name]) return this.typeBinding(def.file, syms.typeAliases[def.name], depth + 1);
      if (syms.interfaces.includes(def.name)) return this.implemented(def, depth);
      return null;
    }
    // @EntityRepository(Order), @CustomRepository(Order)
    for (const d of cls.decorators) {
      if (!/Repository$/.test(d.name)) continue;
      for (const a of d.args) {
        if (a.kind !== "name" || a.path.length) continue;
        const x = this.entity(def.file, a.name);
        if (x) return { table: x.table, source: x.source, entity: x.entity, isEntity: false };
      }
    }
    // class OrderRepository extends Repository<Order>, class S extends CrudService<Employee>
    if (cls.extends) {
      for (const arg of cls.extends.args) {
        const b = this.typeBinding(def.file, arg, depth + 1);
        if (b?.isEntity) return { ...b, isEntity: false };
      }
    }
    // A table field (`this.db(this.tableName)` in the class or a base), given here or through super(…).
    for (const field of this.tableFieldsOf(def, depth)) {
      const s = this.fieldString(def, field, depth);
      if (s) return { table: s, source: "", isEntity: false };
    }
    if (cls.extends) {
      const base = this.define(def.file, cls.extends.name);
      if ("def" in base && base.path.length === 0) {
        const b = this.bind(base.def, depth + 1);
        if (b && !b.isEntity) return b;
      }
    }
    return null;
  }

  private tableFieldsOf(def: Def, depth: number): string[] {
    const out = new Set(this.input.tableFields.get(key(def)) ?? []);
    const cls = this.input.symbolsOf(def.file)?.classes[def.name];
    if (cls?.extends && depth < MAX_DEPTH) {
      const base = this.define(def.file, cls.extends.name);
      if ("def" in base && base.path.length === 0) for (const f of this.tableFieldsOf(base.def, depth + 1)) out.add(f);
    }
    return [...out].sort();
  }

  /** The string a field of a class holds, following constructor parameters up through super(…) calls. */
  private fieldString(def: Def, field: string, depth: number): string | null {
    const found = this.fieldValue(def, field, null, depth);
    if (!found) return null;
    const s = this.stringOf(found.file, found.value, found.cls, depth + 1);
    return s.kind === "string" ? s.value : null;
  }

  private fieldValue(def: Def, field: string, args: Array<{ value: ValueRef; file: string; cls: string }> | null, depth: number): { value: ValueRef; file: string; cls: string } | null {
    if (depth > MAX_DEPTH) return null;
    const cls = this.input.symbolsOf(def.file)?.classes[def.name];
    if (!cls) return null;
    const init = cls.fieldInits[field];
    if (init) {
      if (init.kind === "param") return args?.[init.index] ?? null;
      return { value: init, file: def.file, cls: def.name };
    }
    if (!cls.extends) return null;
    const base = this.define(def.file, cls.extends.name);
    if (!("def" in base) || base.path.length) return null;
    const passed = (cls.superArgs ?? []).map((a) => (a.kind === "param" ? (args?.[a.index] ?? { value: { kind: "unknown", text: "parameter" } as ValueRef, file: def.file, cls: def.name }) : { value: a, file: def.file, cls: def.name }));
    return this.fieldValue(base.def, field, passed, depth + 1);
  }

  /** `import("./x").Name` as a definition. */
  private importedType(file: string, t: TypeRef): Def | null {
    if (!t.from || t.name.includes(".")) return null;
    const target = this.input.resolve(file, t.from);
    if (!target) return null;
    const d = this.input.definitionOf(target, t.name);
    return { file: d.file, name: this.input.symbolsOf(d.file)?.exportAliases[d.name] ?? d.name };
  }

  private typeBinding(file: string, t: TypeRef, depth: number): Binding | null {
    if (depth > MAX_DEPTH) return null;
    const imported = this.importedType(file, t);
    if (imported) return this.bind(imported, depth + 1);
    const syms = this.input.symbolsOf(file);
    const alias = syms?.typeAliases[t.name];
    if (alias && !syms?.imports[t.name]) return this.typeBinding(file, alias, depth + 1);
    if (!t.name.includes(".")) {
      const e = this.entity(file, t.name);
      if (e) return { table: e.table, source: e.source, entity: e.entity, isEntity: true };
      const d = this.define(file, t.name);
      if ("def" in d && d.path.length === 0) {
        const b = this.bind(d.def, depth + 1);
        if (b) return b;
      }
    }
    // Repository<Order>, EntityRepository<Order>, ModelStatic<User>: a generic over an entity.
    for (const a of t.args) {
      const b = this.typeBinding(file, a, depth + 1);
      if (b?.isEntity) return { ...b, isEntity: false };
    }
    return null;
  }

  /** An interface stands for the one table its implementing classes are bound to (fakes bind none). */
  private implemented(def: Def, depth: number): Binding | null {
    this.indexImplementers();
    return this.unique((this.implementers!.get(key(def)) ?? []).map((c) => this.bind(c, depth + 1)));
  }

  private indexImplementers(): void {
    if (!this.implementers) {
      this.implementers = new Map();
      for (const f of this.input.files) {
        const syms = this.input.symbolsOf(f);
        for (const c of Object.values(syms?.classes ?? {})) {
          for (const i of c.implements) {
            const d = this.define(f, i.name);
            if (!("def" in d) || d.path.length) continue;
            const list = this.implementers.get(key(d.def)) ?? [];
            list.push({ file: f, name: c.name });
            this.implementers.set(key(d.def), list);
          }
        }
      }
    }
  }

  /**
   * The classes a receiver reference may be an instance of: its declared class, the classes implementing
   * its interface, or what a container registers under its name. Used to follow a call into the callee.
   */
  classesOf(file: string, ref: Ref): Def[] {
    if (ref.kind === "type") return this.typeClasses(file, ref.type, 0);
    if (ref.kind === "byName") {
      this.indexNames();
      const registered = this.registry!.get(ref.name);
      if (registered?.length) return registered.flatMap((d) => this.asClasses(d, 0));
      return this.classesByName!.get(pascal(ref.name)) ?? [];
    }
    if (ref.kind === "name") {
      return ref.names.flatMap((n) => {
        const d = this.define(file, n);
        return "def" in d && d.path.length === 0 ? this.asClasses(d.def, 0) : [];
      });
    }
    return [];
  }

  /** A class and the classes it extends, nearest first (to find an inherited method). */
  lineage(def: Def): Def[] {
    const out: Def[] = [];
    let cur: Def | null = def;
    while (cur && out.length < MAX_DEPTH && !out.some((d) => key(d) === key(cur!))) {
      out.push(cur);
      const ext: TypeRef | null | undefined = this.input.symbolsOf(cur.file)?.classes[cur.name]?.extends;
      const base: ReturnType<Linker["define"]> | null = ext ? this.define(cur.file, ext.name) : null;
      cur = base && "def" in base && base.path.length === 0 ? base.def : null;
    }
    return out;
  }

  private typeClasses(file: string, t: TypeRef, depth: number): Def[] {
    const imported = this.importedType(file, t);
    if (imported) return this.asClasses(imported, depth + 1);
    if (depth > MAX_DEPTH || t.name.includes(".")) return [];
    const syms = this.input.symbolsOf(file);
    const alias = syms?.typeAliases[t.name];
    if (alias && !syms?.imports[t.name]) return this.typeClasses(file, alias, depth + 1);
    const d = this.define(file, t.name);
    return "def" in d && d.path.length === 0 ? this.asClasses(d.def, depth + 1) : [];
  }

  private asClasses(def: Def, depth: number): Def[] {
    const syms = this.input.symbolsOf(def.file);
    if (!syms || depth > MAX_DEPTH) return [];
    if (syms.classes[def.name]) return [def];
    // `const CartRepository = dataSource.getRepository(Cart).extend({ … })`: its methods are its own.
    if (syms.repositories[def.name]) return [def];
    if (syms.typeAliases[def.name]) return this.typeClasses(def.file, syms.typeAliases[def.name], depth + 1);
    if (syms.interfaces.includes(def.name)) {
      this.indexImplementers();
      return this.implementers!.get(key(def)) ?? [];
    }
    return [];
  }

  /** True for a repository constant (`getRepository(X).extend({ … })`), whose methods are no class's. */
  isRepositoryConstant(def: Def): boolean {
    const syms = this.input.symbolsOf(def.file);
    return !!syms && !syms.classes[def.name] && !!syms.repositories[def.name];
  }

  /** A receiver injected by name: what a container registers under it, else the class of that name. */
  byName(name: string): Binding | null {
    this.indexNames();
    const registered = this.registry!.get(name);
    if (registered) {
      const b = this.unique(registered.map((d) => this.bind(d, 0)));
      if (b) return b;
    }
    // A class of that name that is a repository or service; an entity class is not injected: `const { order } = params`
    // names a value, not the Order entity's repository.
    const classes = this.classesByName!.get(pascal(name)) ?? [];
    if (classes.length || !this.input.modelServices) return this.unique(classes.map((d) => this.bind(d, 0)).filter((b) => !b?.isEntity));
    // `postService` / `postRepository` that no class is named for: what the container made for the model Post.
    const stem = /^([a-z]\w*?)(Service|Repository)$/.exec(name)?.[1];
    const models = stem ? (this.entitiesByName.get(pascal(stem)) ?? []) : [];
    return this.unique(models.map((e) => ({ table: e.table, source: e.source, entity: e.entity, isEntity: false })));
  }

  private indexNames(): void {
    if (!this.registry) {
      this.registry = new Map();
      this.classesByName = new Map();
      for (const f of this.input.files) {
        const syms = this.input.symbolsOf(f);
        if (!syms) continue;
        for (const [n, local] of Object.entries(syms.registry)) {
          const d = this.define(f, local);
          if ("def" in d && d.path.length === 0) pushTo(this.registry, n, d.def);
        }
        for (const c of [...Object.keys(syms.classes), ...Object.keys(syms.repositories)]) pushTo(this.classesByName, c, { file: f, name: c });
      }
    }
  }

  private unique(bindings: Array<Binding | null>): Binding | null {
    const found = bindings.filter((b): b is Binding => !!b);
    const tables = new Set(found.map((b) => b.table));
    return tables.size === 1 ? { ...found[0], isEntity: false } : null;
  }

  /** A value as a string, as far as constants (of any file) and class fields tell. */
  private stringOf(file: string, v: ValueRef, cls: string | null, depth: number): { kind: "string"; value: string } | { kind: "unknown"; text: string; fromSubclass?: boolean } {
    if (depth > MAX_DEPTH) return { kind: "unknown", text: "…" };
    switch (v.kind) {
      case "string":
        return v;
      case "template": {
        let out = "";
        for (const p of v.parts) {
          if (typeof p === "string") out += p;
          else {
            const s = this.stringOf(file, p, cls, depth + 1);
            if (s.kind !== "string") return s;
            out += s.value;
          }
        }
        return { kind: "string", value: out };
      }
      case "name": {
        const d = this.define(file, v.name, v.path);
        if (!("def" in d)) return { kind: "unknown", text: [v.name, ...v.path].join(".") };
        const value = this.input.symbolsOf(d.def.file)?.values[d.def.name];
        return this.member(d.def.file, value, d.path, depth, [v.name, ...v.path].join("."));
      }
      case "this": {
        if (!cls) return { kind: "unknown", text: `this.${v.field}` };
        const def = { file, name: cls };
        const found = this.fieldValue(def, v.field, null, depth);
        if (!found) {
          const sym = this.input.symbolsOf(file)?.classes[cls];
          const own = sym?.fieldInits[v.field];
          return { kind: "unknown", text: `this.${v.field}`, fromSubclass: own?.kind === "param" || !!sym?.openFields.includes(v.field) };
        }
        return this.stringOf(found.file, found.value, found.cls, depth + 1);
      }
      case "param":
        return { kind: "unknown", text: "a parameter", fromSubclass: true };
      case "unknown":
        return v;
    }
  }

  private member(file: string, value: Value | undefined, path: string[], depth: number, text: string): { kind: "string"; value: string } | { kind: "unknown"; text: string } {
    let cur = value;
    for (const p of path) cur = cur?.kind === "object" ? cur.props[p] : undefined;
    if (!cur || cur.kind === "object") return { kind: "unknown", text };
    return this.stringOf(file, cur, null, depth + 1);
  }
}

/** `cartRepository_` → `CartRepository`: the class a container's name stands for. */
function pascal(name: string): string {
  const trimmed = name.replace(/_+$/, "");
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
