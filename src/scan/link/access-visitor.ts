import { ts } from "#ts";
import type { AccessMode } from "../facts.js";
import type { VisitContext } from "../sources/source.js";
import { calleePath, chainMethods, decoratorName, decoratorsOf } from "../sources/ts-helpers.js";
import type { Ref } from "./refs.js";
import { noteRegistration, thunkBody, typeRefOf, unwrap, type TypeRef } from "./symbols.js";
import { chainMode, INSTANCE_METHODS, isNeutral, verbMode } from "./verbs.js";
import { isQueryCall } from "../code/sql-call.js";

/*
 * How a file's code reaches data without naming a table: through entity classes passed to calls
 * (`getRepository(ctx, Product)`, `manager.save(Order, …)`, `translatableSaver.create({ entityType: Product })`),
 * static model calls (`Document.findByPk`), and receivers bound to a repository, a store, a model instance
 * or a query builder: injected (`@InjectRepository(X)`, `@InjectConnection() knex: Knex`), typed
 * (`Repository<Order>`, `OrderRepository`, `IFeatureStore`, `document: Document`), assigned
 * (`this.repo = dataSource.getRepository(X)`, `const db = trx ?? this.knex`), or injected by name
 * (`constructor({ cartRepository })`). Records carry references (src/scan/link/refs.ts) that the linker
 * follows across files once every file is read; a reference that leads nowhere is dropped there.
 */

type Binding =
  | { kind: "queryBuilder" }
  | { kind: "repo"; names: string[] }
  | { kind: "type"; type: TypeRef }
  | { kind: "byName"; name: string }
  | { kind: "alias"; key: string };

interface Pending {
  key: string;
  /** The class the call sits in, when the receiver is one of its fields. */
  cls: string | null;
  method: string;
  call: ts.CallExpression;
  line: number;
  scope: string | null;
}

interface FileState {
  bindings: Map<string, Binding[]>;
  /** Each key's bindings as JSON, to keep each once. */
  bindingIds: Map<string, Set<string>>;
  pending: Pending[];
}

const states = new WeakMap<VisitContext, FileState>();
const stateOf = (ctx: VisitContext): FileState => {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { bindings: new Map(), bindingIds: new Map(), pending: [] }));
  return s;
};

const INJECT_REPOSITORY = /^Inject(Repository|Model)$/;
const INJECT_QUERY_BUILDER = /^Inject(Knex|Connection)$/;
const GLOBALS = new Set(["Object", "Array", "JSON", "Math", "Promise", "Date", "Number", "String", "Boolean", "Symbol", "Reflect", "Buffer", "Error", "Intl", "Map", "Set", "BigInt", "RegExp", "URL", "Logger"]);
const QUERY_BUILDER_STARTS = /^(createQueryBuilder|queryBuilder|qb)$/;
/** Methods of DI containers that hand out an instance of the class passed. */
const DI_LOOKUP = /^(get|resolve|inject|getService|getInstance|getProvider)$/;
/** Calls that declare a model (associations, hooks, scopes), not read or write it. */
const DECLARING = /^(init|associate|belongsTo|belongsToMany|hasOne|hasMany|addHook|addScope|removeHook|hasHook|addIndex|require|forwardRef)$/;

const fieldKey = (cls: string | null, field: string) => `this.${field}@${cls ?? ""}`;

/** The key a receiver path (`["this", "repo"]`, `["repo"]`) is bound under, or null for longer paths. */
function receiverKey(path: string[], cls: string | null): string | null {
  if (path.length === 1 && path[0] !== "this" && path[0] !== "?") return path[0];
  if (path.length === 2 && path[0] === "this") return fieldKey(cls, path[1]);
  return null;
}

/** Bindings of one name are kept once each: a parameter `queryRunner: QueryRunner` in every method of a file is one binding. */
function addBinding(st: FileState, key: string, b: Binding[]): void {
  if (b.length === 0) return;
  let list = st.bindings.get(key);
  let ids = st.bindingIds.get(key);
  if (!list || !ids) {
    st.bindings.set(key, (list = []));
    st.bindingIds.set(key, (ids = new Set()));
  }
  for (const x of b) {
    const id = JSON.stringify(x);
    if (ids.has(id)) continue;
    ids.add(id);
    list.push(x);
  }
}

/** Every non-alias binding reachable from a key. */
function terminalBindings(st: FileState, key: string): Binding[] {
  const out: Binding[] = [];
  const seen = new Set<string>();
  const walk = (k: string, viaAlias: boolean): void => {
    if (seen.has(k)) return;
    seen.add(k);
    const list = st.bindings.get(k);
    // Reached through an alias, a field this file never declares is inherited: it stands for its class.
    const inherited = /^this\.[^@]+@(.+)$/.exec(k);
    if (!list && viaAlias && inherited) out.push({ kind: "repo", names: [inherited[1]] });
    for (const b of list ?? []) {
      if (b.kind === "alias") walk(b.key, true);
      else out.push(b);
    }
  };
  walk(key, false);
  return out;
}

export function isQueryBuilderReceiver(ctx: VisitContext, path: string[], node: ts.Node): boolean {
  const key = receiverKey(path, ctx.classOf(node));
  return !!key && terminalBindings(stateOf(ctx), key).some((b) => b.kind === "queryBuilder");
}

/**
 * A type that is a Knex instance or transaction (`Knex`, `Knex.Transaction`, `Transaction` from "knex", or from
 * "@mikro-orm/knex", which re-exports Knex for MikroORM's SQL drivers).
 */
function isQueryBuilderType(t: TypeRef, ctx: VisitContext): boolean {
  const head = t.name.split(".")[0];
  const from = ctx.symbols.imports[head]?.specifier;
  return from === "knex" || (from === "@mikro-orm/knex" && head === "Knex") || (from === undefined && (head === "Knex" || t.name === "Knex.Transaction"));
}

function capitalised(name: string): boolean {
  return /^[A-Z]/.test(name) && !GLOBALS.has(name);
}

function inDecorator(n: ts.Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isDecorator(p)) return true;
    if (ts.isClassLike(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/** Class names in a call's arguments: `X`, `() => X`, `{ entityType: X }`, `[X, Y]`, `{ include: [{ model: X }] }`. */
function classArguments(call: ts.CallExpression | ts.NewExpression): string[] {
  const out: string[] = [];
  const add = (e: ts.Expression, depth: number): void => {
    e = thunkBody(unwrap(e));
    if (ts.isIdentifier(e)) {
      if (capitalised(e.text) && !out.includes(e.text)) out.push(e.text);
    } else if (depth < 3 && ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) add(p.initializer, depth + 1);
        else if (ts.isShorthandPropertyAssignment(p)) add(p.name, depth + 1);
      }
    } else if (depth < 3 && ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) add(el, depth + 1);
    }
  };
  for (const a of call.arguments ?? []) add(a, 0);
  return out;
}

/** Mode of a call by its method, or by the chain after it when the method only hands out a repository. */
function callMode(method: string, call: ts.CallExpression): AccessMode | null {
  const own = verbMode(method);
  if (own) return own;
  if (!isNeutral(method)) return null;
  const chained = chainMode(chainMethods(call).map((c) => c.name));
  if (chained) return chained;
  return QUERY_BUILDER_STARTS.test(method) ? "read" : null;
}

/** The value a call's result is kept in (`const repo = …`, `this.repo = …`), if any. */
function keptIn(call: ts.Node): boolean {
  let p = call.parent;
  while (p && (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
  return !!p && (ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken));
}

export function visitAccess(node: ts.Node, ctx: VisitContext): void {
  const st = stateOf(ctx);
  if (ts.isPropertyAssignment(node)) return noteRegistration(node, ctx.symbols);
  // A class bound to a table through its base (`extends CrudService<Goal>`, `extends Repository<Order>`,
  // `super("feature_link", …)`) reaches that table where it is declared, even with no call of its own.
  if (ts.isClassDeclaration(node) && node.name) {
    const ext = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    if (ext) ctx.emit({ kind: "use", source: "link", ref: { kind: "name", names: [node.name.text] }, mode: "uses", instanceMode: null, joins: [], file: ctx.path, line: ctx.lineOf(ext), scope: null });
    return;
  }
  if (ts.isParameter(node)) return parameter(node, ctx, st);
  if (ts.isPropertyDeclaration(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
    const cls = ctx.classOf(node);
    const key = fieldKey(cls, node.name.text);
    addBinding(st, key, declared(node, node.type, ctx));
    if (node.initializer) addBinding(st, key, expressionBindings(node.initializer, ctx));
    return;
  }
  if (ts.isVariableDeclaration(node)) {
    if (ts.isIdentifier(node.name)) {
      const t = typeRefOf(node.type);
      if (t) addBinding(st, node.name.text, [isQueryBuilderType(t, ctx) ? { kind: "queryBuilder" } : { kind: "type", type: t }]);
      if (node.initializer) addBinding(st, node.name.text, expressionBindings(node.initializer, ctx));
    } else if (ts.isObjectBindingPattern(node.name) && node.initializer) {
      byNameElements(node.name, st);
    }
    return;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = node.left;
    if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) addBinding(st, fieldKey(ctx.classOf(node), left.name.text), expressionBindings(node.right, ctx));
    else if (ts.isIdentifier(left)) addBinding(st, left.text, expressionBindings(node.right, ctx));
    return;
  }
  if (ts.isCallExpression(node)) call(node, ctx, st);
}

function parameter(p: ts.ParameterDeclaration, ctx: VisitContext, st: FileState): void {
  if (ts.isObjectBindingPattern(p.name)) return byNameElements(p.name, st);
  if (!ts.isIdentifier(p.name)) return;
  const b = declared(p, p.type, ctx);
  addBinding(st, p.name.text, b);
  const isProperty = ts.isConstructorDeclaration(p.parent) && (ts.getModifiers(p) ?? []).length > 0;
  if (isProperty) addBinding(st, fieldKey(ctx.classOf(p), p.name.text), b);
}

/** `{ featureStore, eventStore: events }`: each bound to what a container registers under its name. */
function byNameElements(pattern: ts.ObjectBindingPattern, st: FileState): void {
  for (const el of pattern.elements) {
    if (!ts.isIdentifier(el.name)) continue;
    const registered = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
    addBinding(st, el.name.text, [{ kind: "byName", name: registered }]);
  }
}

/** Bindings from decorators (`@InjectRepository(X)`, `@InjectKnex()`) and a declared type. */
function declared(node: ts.Node, type: ts.TypeNode | undefined, ctx: VisitContext): Binding[] {
  const t = typeRefOf(type);
  for (const d of decoratorsOf(node)) {
    const name = decoratorName(d);
    if (!name || !ts.isCallExpression(d.expression)) continue;
    if (INJECT_REPOSITORY.test(name)) {
      const arg = d.expression.arguments[0] && thunkBody(unwrap(d.expression.arguments[0]));
      if (arg && ts.isIdentifier(arg)) return [{ kind: "repo", names: [arg.text] }];
    }
    if (INJECT_QUERY_BUILDER.test(name) && (name === "InjectKnex" || !t || isQueryBuilderType(t, ctx))) return [{ kind: "queryBuilder" }];
  }
  if (!t) return [];
  return [isQueryBuilderType(t, ctx) ? { kind: "queryBuilder" } : { kind: "type", type: t }];
}

function expressionBindings(e: ts.Expression, ctx: VisitContext): Binding[] {
  e = unwrap(e);
  if (ts.isAwaitExpression(e)) return expressionBindings(e.expression, ctx);
  if (ts.isIdentifier(e)) return [{ kind: "alias", key: e.text }];
  if (ts.isPropertyAccessExpression(e)) {
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return [{ kind: "alias", key: fieldKey(ctx.classOf(e), e.name.text) }];
    return [{ kind: "byName", name: e.name.text }];
  }
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
    return [...expressionBindings(e.left, ctx), ...expressionBindings(e.right, ctx)];
  }
  if (ts.isConditionalExpression(e)) return [...expressionBindings(e.whenTrue, ctx), ...expressionBindings(e.whenFalse, ctx)];
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return [{ kind: "type", type: { name: e.expression.text, args: [] } }];
  if (ts.isCallExpression(e)) {
    const path = calleePath(e.expression);
    if (!path) return [];
    const method = path[path.length - 1];
    // getRepository(ctx, Product), em.getRepository(Order), dataSource.getRepository(Cart).extend({…}),
    // getRepository(ctx, Order).createQueryBuilder("o").where(…): the chain starts at the repository.
    let root: ts.CallExpression = e;
    for (;;) {
      const inner = ts.isPropertyAccessExpression(root.expression) ? unwrap(root.expression.expression) : null;
      if (inner && ts.isCallExpression(inner)) root = inner;
      else break;
    }
    const rootPath = calleePath(root.expression);
    const rootMethod = rootPath ? rootPath[rootPath.length - 1] : method;
    if (isNeutral(rootMethod)) {
      const names = classArguments(root);
      if (names.length) return [{ kind: "repo", names }];
      // manager.withRepository(this.cartRepository_), getCustomRepository(repo): the repository given.
      const given = root.arguments[0];
      if (/^(withRepository|getCustomRepository)$/.test(rootMethod) && given) return expressionBindings(given, ctx);
    }
    // const document = await Document.findByPk(id): an instance of the model
    if (path.length === 2 && capitalised(path[0]) && verbMode(method)) return [{ kind: "type", type: { name: path[0], args: [] } }];
    // injector.get(StockService), moduleRef.resolve(X), container.resolve(X): what a DI container hands out
    const arg = e.arguments[0] && unwrap(e.arguments[0]);
    if (DI_LOOKUP.test(method) && arg && ts.isIdentifier(arg) && capitalised(arg.text)) return [{ kind: "type", type: { name: arg.text, args: [] } }];
    // const qb = this.repo.createQueryBuilder("o"): the query stands for what the repository does
    if (isNeutral(method) && ts.isPropertyAccessExpression(e.expression)) {
      const recv = unwrap(e.expression.expression);
      if (ts.isIdentifier(recv)) return [{ kind: "alias", key: recv.text }];
      if (ts.isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword) return [{ kind: "alias", key: fieldKey(ctx.classOf(e), recv.name.text) }];
    }
  }
  return [];
}

function call(node: ts.CallExpression, ctx: VisitContext, st: FileState): void {
  const path = calleePath(node.expression);
  if (!path) return;
  const method = path[path.length - 1];
  if (DECLARING.test(method) || inDecorator(node)) return;
  const scope = ctx.scope();
  // Where the call is and the class it sits in are looked up only for a call that makes a record.
  let line = 0;
  let cls: string | null | undefined;
  const classOf = () => (cls === undefined ? (cls = ctx.classOf(node)) : cls);
  const base = () => ({ kind: "use" as const, source: "link", file: ctx.path, line: line || (line = ctx.lineOf(node)), scope, joins: [] });

  // Entities passed as arguments: getRepository(ctx, Product).find(), manager.save(Order, …).
  {
    const names = classArguments(node);
    if (names.length) {
      const mode = callMode(method, node);
      const handsOut = isNeutral(method) && !mode && keptIn(node);
      if (!handsOut) for (const n of names) ctx.emit({ ...base(), ref: { kind: "name", names: [n] }, mode: mode ?? "uses" });
    }
  }
  if (path.length < 2) return;
  const receiver = path.slice(0, -1);
  // this.find() / super.save() inside a repository class, or a model's own methods.
  const onSuper = ts.isPropertyAccessExpression(node.expression) && node.expression.expression.kind === ts.SyntaxKind.SuperKeyword;
  if (receiver.length === 1 && (receiver[0] === "this" || onSuper) && classOf()) {
    const owner = classOf()!;
    const mode = callMode(method, node);
    if (mode && !st.bindings.has(fieldKey(owner, method))) ctx.emit({ ...base(), ref: { kind: "name", names: [owner] }, mode });
    return;
  }
  // this.find() in a method of `const CartRepository = dataSource.getRepository(Cart).extend({ … })`.
  if (receiver.length === 1 && receiver[0] === "this" && !classOf()) {
    const repo = extendedRepository(node);
    const mode = callMode(method, node);
    if (repo && mode) ctx.emit({ ...base(), ref: { kind: "name", names: [repo] }, mode });
    return;
  }
  // Document.findByPk(id), User.find() (active record), OrderRepository.create()
  if (receiver.length === 1 && capitalised(receiver[0]) && !st.bindings.has(receiver[0])) {
    const mode = callMode(method, node) ?? "uses";
    ctx.emit({ ...base(), ref: { kind: "name", names: [receiver[0]] }, mode });
    return;
  }
  const key = receiverKey(receiver, receiver[0] === "this" ? classOf() : null);
  if (key) st.pending.push({ key, cls: receiver[0] === "this" ? classOf() : null, method, call: node, line: ctx.lineOf(node.expression), scope });
}

/** The constant a method's object is given to (`const X = ….getRepository(Cart).extend({ m() { this.find() } })`), or null. */
function extendedRepository(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n) || ts.isSourceFile(n)) return null;
    if (!ts.isObjectLiteralExpression(n)) continue;
    const call = n.parent;
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "extend") return null;
    let holder: ts.Node = call;
    while (holder.parent && (ts.isAsExpression(holder.parent) || ts.isParenthesizedExpression(holder.parent) || ts.isSatisfiesExpression(holder.parent))) holder = holder.parent;
    const v = holder.parent;
    return v && ts.isVariableDeclaration(v) && ts.isIdentifier(v.name) ? v.name.text : null;
  }
  return null;
}

/** Receivers bound anywhere in the file: their calls become records. */
export function endAccessFile(ctx: VisitContext): void {
  const st = stateOf(ctx);
  const terminal = new Map<string, Binding[]>();
  for (const p of st.pending) {
    // SQL handed to a query call is read as SQL; the receiver says nothing more.
    if (isQueryCall(p.method) && p.call.arguments.length > 0) continue;
    let bindings = terminal.get(p.key);
    if (!bindings) terminal.set(p.key, (bindings = terminalBindings(st, p.key)));
    const mode = callMode(p.method, p.call);
    if (bindings.length === 0) {
      // A field this file never declares comes from a base class (`this.repository.find()` in a
      // `CrudService<Order>` subclass): it stands for the class's own table, when the verb says so.
      if (p.cls && mode && !st.bindings.has(p.key)) {
        ctx.emit({ kind: "use", source: "link", ref: { kind: "name", names: [p.cls] }, mode, joins: [], file: ctx.path, line: p.line, scope: p.scope });
      }
      continue;
    }
    for (const b of bindings) {
      let ref: Ref;
      if (b.kind === "repo") ref = { kind: "name", names: b.names };
      else if (b.kind === "type") ref = { kind: "type", type: b.type };
      else if (b.kind === "byName") ref = { kind: "byName", name: b.name };
      else continue;
      const record = { kind: "use" as const, source: "link", ref, mode: mode ?? "uses", method: p.method, joins: [], file: ctx.path, line: p.line, scope: p.scope };
      // A typed receiver may be a model instance (`document: Document`): then only its own data methods count.
      if (b.kind === "type") ctx.emit({ ...record, instanceMode: Object.hasOwn(INSTANCE_METHODS, p.method) ? INSTANCE_METHODS[p.method] : null });
      else ctx.emit(record);
    }
  }
  states.delete(ctx);
}
