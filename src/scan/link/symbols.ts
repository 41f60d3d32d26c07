import { ts } from "#ts";
import { plusOperands, walkTree } from "../../util/ast-walk.js";
import { emptyRecord } from "../../util/record.js";

/*
 * What one file declares and imports, as plain data, so that names used in one file can be followed to
 * the file that defines them after every file is read (src/scan/link/linker.ts). Nothing is evaluated:
 * only literals, names and the shapes listed below are kept.
 */

/** An expression as far as it can name a table or an entity without running anything. */
export type ValueRef =
  | { kind: "string"; value: string }
  /** `TABLE`, `T.users`, `Tables.Users`: a local name and the members read from it. */
  | { kind: "name"; name: string; path: string[] }
  /** `this.tableName` inside a class. */
  | { kind: "this"; field: string }
  /** A constructor parameter (in what a constructor assigns to a field). */
  | { kind: "param"; index: number }
  /** A template literal: text and the values in its holes (`${TABLE} AS t`). */
  | { kind: "template"; parts: Array<string | ValueRef> }
  /** Anything else: it cannot be known statically. The text is kept for diagnostics. */
  | { kind: "unknown"; text: string };

/** A top-level constant's value: a ValueRef, or an object / enum of them (`const T = { users: "users" }`). */
export type Value = ValueRef | { kind: "object"; props: Record<string, Value> };

/** `Repository<Order>`, `Knex.Transaction`, `IFeatureStore`: a type's (local) name and its type arguments. */
export interface TypeRef {
  name: string;
  args: TypeRef[];
  /** `import("../service").StockMovementService`: the module the name is taken from. */
  from?: string;
}

export interface DecoratorSymbol {
  name: string;
  line: number;
  args: ValueRef[];
}

export interface ClassSymbol {
  name: string;
  line: number;
  abstract: boolean;
  extends: TypeRef | null;
  implements: TypeRef[];
  decorators: DecoratorSymbol[];
  /** Constructor parameter names, in order (destructured ones as ""). */
  ctorParams: string[];
  /** Arguments of the constructor's `super(…)` call, or null without one. */
  superArgs: ValueRef[] | null;
  /** Field values from property initializers and `this.f = …` in the constructor. */
  fieldInits: Record<string, ValueRef>;
  /** Fields each subclass gives: an abstract one, or a getter that returns nothing known (`throw new Error("Not implemented")`). */
  openFields: string[];
}

export interface ImportBinding {
  specifier: string;
  /** Exported name taken: `default`, `*` for a namespace, or a name. */
  name: string;
}

export interface FileSymbols {
  /** Local name → the module and name it is imported from (ES imports and `require`). */
  imports: Record<string, ImportBinding>;
  /** Exported name → local name, where they differ or for `default` (`export default Pin`). */
  exportAliases: Record<string, string>;
  /** Top-level `const` (and enum) values that are strings, names or objects of them. */
  values: Record<string, Value>;
  classes: Record<string, ClassSymbol>;
  /** `type A = B<C>` aliases. */
  typeAliases: Record<string, TypeRef>;
  interfaces: string[];
  /** Top-level functions whose body calls one of the given decorator names, as `name@package` (`Entity@typeorm`). */
  decoratorFactories: Record<string, string[]>;
  /** `name: new Store(…)` properties of object literals: what a container registers under `name`. */
  registry: Record<string, string>;
  /** `const CartRepository = dataSource.getRepository(Cart).extend({…})`: class names passed to the call. */
  repositories: Record<string, string[]>;
}

const MAX_DEPTH = 8;

/** Reads a file's symbols. `calledNames` are the calls that make a function a decorator factory. */
export function collectSymbols(sf: ts.SourceFile, calledNames: ReadonlySet<string>): FileSymbols {
  const out: FileSymbols = { imports: emptyRecord(), exportAliases: emptyRecord(), values: emptyRecord(), classes: emptyRecord(), typeAliases: emptyRecord(), interfaces: [], decoratorFactories: emptyRecord(), registry: emptyRecord(), repositories: emptyRecord() };
  for (const stmt of sf.statements) topLevel(stmt, out, sf, calledNames);
  return out;
}

/** `name: new Store(…)` in an object literal (seen while the file is walked): what a container registers. */
export function noteRegistration(n: ts.Node, out: FileSymbols): void {
  if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && ts.isNewExpression(n.initializer) && ts.isIdentifier(n.initializer.expression)) {
    if (!Object.hasOwn(out.registry, n.name.text)) out.registry[n.name.text] = n.initializer.expression.text;
  }
}

function topLevel(stmt: ts.Statement, out: FileSymbols, sf: ts.SourceFile, calledNames: ReadonlySet<string>): void {
  const exported = hasModifier(stmt, ts.SyntaxKind.ExportKeyword);
  const isDefault = hasModifier(stmt, ts.SyntaxKind.DefaultKeyword);
  if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
    const spec = stmt.moduleSpecifier.text;
    const clause = stmt.importClause;
    if (!clause) return;
    if (clause.name) out.imports[clause.name.text] = { specifier: spec, name: "default" };
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b)) out.imports[b.name.text] = { specifier: spec, name: "*" };
    else if (b) for (const el of b.elements) out.imports[el.name.text] = { specifier: spec, name: (el.propertyName ?? el.name).text };
    return;
  }
  if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference) && ts.isStringLiteral(stmt.moduleReference.expression)) {
    out.imports[stmt.name.text] = { specifier: stmt.moduleReference.expression.text, name: "*" };
    return;
  }
  if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
    for (const el of stmt.exportClause.elements) if (el.propertyName) out.exportAliases[el.name.text] = el.propertyName.text;
    return;
  }
  if (ts.isExportAssignment(stmt) && ts.isIdentifier(stmt.expression)) {
    out.exportAliases.default = stmt.expression.text;
    return;
  }
  if (ts.isExportAssignment(stmt)) {
    const name = moduleName(unwrap(stmt.expression));
    if (name) out.values.default = name;
    return;
  }
  if (ts.isVariableStatement(stmt)) {
    for (const d of stmt.declarationList.declarations) {
      const init = d.initializer ? unwrap(d.initializer) : undefined;
      // const { A, B: C } = require("x") / const x = require("x")
      const req = init && requireOf(init);
      if (req !== null && req !== undefined) {
        if (ts.isIdentifier(d.name)) out.imports[d.name.text] = { specifier: req, name: "*" };
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            out.imports[el.name.text] = { specifier: req, name: imported };
          }
        }
        continue;
      }
      if (!ts.isIdentifier(d.name) || !init) continue;
      if ((stmt.declarationList.flags & ts.NodeFlags.Const) !== 0) {
        const v = moduleName(init) ?? valueOf(init, 0);
        if (v.kind !== "unknown") out.values[d.name.text] = v;
      }
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) factory(d.name.text, init, out, calledNames);
      const repo = repositoryCall(init);
      if (repo.length) out.repositories[d.name.text] = repo;
      if (ts.isClassExpression(init)) classSymbol(init, d.name.text, out, sf);
    }
    return;
  }
  if (ts.isEnumDeclaration(stmt)) {
    const props = emptyRecord<Value>();
    for (const m of stmt.members) {
      const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : null;
      if (name && m.initializer) props[name] = valueOf(m.initializer, 0);
    }
    out.values[stmt.name.text] = { kind: "object", props };
    return;
  }
  if (ts.isClassDeclaration(stmt)) {
    const name = stmt.name?.text ?? (isDefault ? "default" : null);
    if (!name) return;
    classSymbol(stmt, name, out, sf);
    if (isDefault && stmt.name) out.exportAliases.default = stmt.name.text;
    return;
  }
  if (ts.isFunctionDeclaration(stmt) && stmt.name) {
    factory(stmt.name.text, stmt, out, calledNames);
    if (isDefault) out.exportAliases.default = stmt.name.text;
    return;
  }
  if (ts.isTypeAliasDeclaration(stmt)) {
    const t = typeRefOf(stmt.type);
    if (t) out.typeAliases[stmt.name.text] = t;
    return;
  }
  if (ts.isInterfaceDeclaration(stmt)) {
    out.interfaces.push(stmt.name.text);
    return;
  }
  // `exports.X = …` / `module.exports.X = …` constants in CommonJS files.
  if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = stmt.expression.left;
    if (ts.isPropertyAccessExpression(left) && /^(module\.)?exports$/.test(left.expression.getText(sf))) {
      const v = valueOf(unwrap(stmt.expression.right), 0);
      if (v.kind !== "unknown") out.values[left.name.text] = v;
    }
  }
  void exported;
}

/** `x.getRepository(Cart)` / `…getRepository(Cart).extend({…})`: the class names passed. */
function repositoryCall(e: ts.Expression): string[] {
  let call = e;
  while (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "extend") call = unwrap(call.expression.expression);
  if (!ts.isCallExpression(call)) return [];
  const callee = call.expression;
  const method = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  if (!/^get(Tree|Mongo|Custom)?Repository$/.test(method)) return [];
  return call.arguments.flatMap((a) => {
    const x = thunkBody(unwrap(a));
    return ts.isIdentifier(x) && /^[A-Z]/.test(x.text) ? [x.text] : [];
  });
}

function factory(name: string, fn: ts.FunctionLikeDeclaration, out: FileSymbols, calledNames: ReadonlySet<string>): void {
  if (!fn.body || calledNames.size === 0) return;
  // Only a body whose text names one of the calls (by its own name or the local name it is imported as)
  // can call it: most functions are not walked at all.
  const body = fn.body.getSourceFile().text.slice(fn.body.pos, fn.body.end);
  let named = false;
  for (const c of calledNames) if (body.includes(c)) named = true;
  if (!named) for (const [local, b] of Object.entries(out.imports)) if (calledNames.has(b.name) && body.includes(local)) named = true;
  if (!named) return;
  const found = new Set<string>();
  walkTree(fn.body, (n) => {
    // By the name imported (`import { Entity as TypeOrmEntity } from "typeorm"` calls `Entity`).
    const local = ts.isCallExpression(n) && ts.isIdentifier(n.expression) ? n.expression.text : null;
    const called = local ? (out.imports[local]?.name ?? local) : null;
    // `Entity@typeorm`, `Entity@@mikro-orm/core`: the call and the package it comes from.
    if (local && called && calledNames.has(called)) found.add(`${called}@${out.imports[local]?.specifier ?? ""}`);
  });
  if (found.size) out.decoratorFactories[name] = [...found].sort();
}

function classSymbol(cls: ts.ClassLikeDeclaration, name: string, out: FileSymbols, sf: ts.SourceFile): void {
  const sym: ClassSymbol = {
    name,
    line: sf.getLineAndCharacterOfPosition(cls.getStart(sf)).line + 1,
    abstract: hasModifier(cls, ts.SyntaxKind.AbstractKeyword),
    extends: null,
    implements: [],
    decorators: decoratorSymbols(cls, sf),
    ctorParams: [],
    superArgs: null,
    fieldInits: emptyRecord(),
    openFields: [],
  };
  for (const clause of cls.heritageClauses ?? []) {
    for (const t of clause.types) {
      const ref = expressionTypeRef(t);
      if (!ref) continue;
      if (clause.token === ts.SyntaxKind.ExtendsKeyword) sym.extends = ref;
      else sym.implements.push(ref);
    }
  }
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) {
      const v = valueOf(unwrap(m.initializer), 0);
      if (v.kind !== "object") sym.fieldInits[m.name.text] = v;
    }
    // A getter that returns a value (`protected get tableName(): string { return "users"; }`, `static get
    // tableName()`): read as a field holding it. A getter that computes, throws or branches holds nothing known.
    if (ts.isGetAccessorDeclaration(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) && !(m.name.text in sym.fieldInits)) {
      const only = m.body?.statements.length === 1 ? m.body.statements[0] : undefined;
      if (only && ts.isReturnStatement(only) && only.expression) {
        const v = valueOf(unwrap(only.expression), 0);
        if (v.kind === "string" || v.kind === "name" || v.kind === "template") sym.fieldInits[m.name.text] = v;
      }
      if (!(m.name.text in sym.fieldInits)) sym.openFields.push(m.name.text);
    } else if (ts.isPropertyDeclaration(m) && !m.initializer && hasModifier(m, ts.SyntaxKind.AbstractKeyword) && ts.isIdentifier(m.name)) sym.openFields.push(m.name.text);
    if (ts.isConstructorDeclaration(m)) {
      sym.ctorParams = m.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));
      const params = new Map(sym.ctorParams.map((p, i) => [p, i]));
      for (const st of m.body?.statements ?? []) {
        if (!ts.isExpressionStatement(st)) continue;
        const e = st.expression;
        if (ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword) {
          sym.superArgs = e.arguments.map((a) => paramAware(valueOf(unwrap(a), 0), params));
        } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(e.left) && e.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
          sym.fieldInits[e.left.name.text] = paramAware(valueOf(unwrap(e.right), 0), params);
        }
      }
    }
  }
  out.classes[name] = sym;
}

/** A constructor parameter's name read as the parameter, not as a module constant. */
function paramAware(v: Value, params: Map<string, number>): ValueRef {
  if (v.kind === "object") return { kind: "unknown", text: "{…}" };
  if (v.kind === "name" && v.path.length === 0 && params.has(v.name)) return { kind: "param", index: params.get(v.name)! };
  return v;
}

export function decoratorSymbols(node: ts.Node, sf: ts.SourceFile): DecoratorSymbol[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).flatMap((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
    if (!name) return [];
    const args = ts.isCallExpression(e) ? e.arguments.map((a) => valueOf(thunkBody(unwrap(a)), 0)).map((v) => (v.kind === "object" ? ({ kind: "unknown", text: "{…}" } as ValueRef) : v)) : [];
    return [{ name, line: sf.getLineAndCharacterOfPosition(d.getStart(sf)).line + 1, args }];
  });
}

/** `() => User` → `User`; anything else as it is. */
export function thunkBody(e: ts.Expression): ts.Expression {
  if (ts.isArrowFunction(e) && !ts.isBlock(e.body)) return unwrap(e.body as ts.Expression);
  return e;
}

/** What an expression is, as far as names and literals tell. */
/**
 * A Medusa module definition, `Module("blog", { service })` (or `Module(BLOG_MODULE, …)`), stands for its name:
 * the name its links and container use (src/scan/sources/medusa.ts).
 */
function moduleName(e: ts.Expression): Value | null {
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "Module" || e.arguments.length !== 2) return null;
  const v = valueOf(e.arguments[0], 0);
  return v.kind === "string" || v.kind === "name" ? v : null;
}

export function valueOf(e: ts.Expression, depth: number): Value {
  if (depth > MAX_DEPTH) return { kind: "unknown", text: "…" };
  e = unwrap(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: "string", value: e.text };
  const ref = nameRef(e);
  if (ref) return ref;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return { kind: "unknown", text: "this" };
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return { kind: "this", field: e.name.text };
  if (ts.isTemplateExpression(e)) {
    const parts: Array<string | ValueRef> = [e.head.text];
    for (const span of e.templateSpans) {
      const v = valueOf(span.expression, depth + 1);
      parts.push(v.kind === "object" ? { kind: "unknown", text: "{…}" } : v, span.literal.text);
    }
    return { kind: "template", parts: parts.filter((p) => p !== "") };
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const part = (v: Value): Array<string | ValueRef> =>
      v.kind === "string" ? [v.value] : v.kind === "template" ? v.parts : v.kind === "object" ? [{ kind: "unknown", text: "{…}" }] : [v];
    return { kind: "template", parts: plusOperands(e).flatMap((x) => part(valueOf(x, depth + 1))) };
  }
  if (ts.isObjectLiteralExpression(e)) {
    const props = emptyRecord<Value>();
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) props[p.name.text] = valueOf(p.initializer, depth + 1);
      else if (ts.isShorthandPropertyAssignment(p)) props[p.name.text] = { kind: "name", name: p.name.text, path: [] };
    }
    return { kind: "object", props };
  }
  const text = e.getText();
  return { kind: "unknown", text: text.length > 60 ? `${text.slice(0, 57)}…` : text };
}

/** `A` / `A.b.c` (not starting with `this`) as a name reference. */
export function nameRef(e: ts.Expression): Extract<ValueRef, { kind: "name" }> | null {
  const path: string[] = [];
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur)) {
    path.unshift(cur.name.text);
    cur = unwrap(cur.expression);
  }
  if (ts.isElementAccessExpression(cur)) return null;
  return ts.isIdentifier(cur) ? { kind: "name", name: cur.text, path } : null;
}

export function typeRefOf(t: ts.TypeNode | undefined): TypeRef | null {
  if (!t) return null;
  if (ts.isTypeReferenceNode(t)) {
    return { name: entityNameText(t.typeName), args: (t.typeArguments ?? []).flatMap((a) => typeRefOf(a) ?? []) };
  }
  if (ts.isImportTypeNode(t) && t.qualifier && ts.isLiteralTypeNode(t.argument) && ts.isStringLiteral(t.argument.literal)) {
    return { name: entityNameText(t.qualifier), args: (t.typeArguments ?? []).flatMap((a) => typeRefOf(a) ?? []), from: t.argument.literal.text };
  }
  if (ts.isParenthesizedTypeNode(t)) return typeRefOf(t.type);
  // `typeof CartRepository`: the type of a value, a repository constant (TypeORM 0.3's custom repositories).
  if (ts.isTypeQueryNode(t)) return { name: entityNameText(t.exprName), args: [] };
  if (ts.isArrayTypeNode(t)) return typeRefOf(t.elementType);
  if (ts.isUnionTypeNode(t)) {
    // `Repo | undefined`, `X | null`: the one named member.
    const named = t.types.map(typeRefOf).filter((x): x is TypeRef => !!x);
    return named.length === 1 ? named[0] : null;
  }
  return null;
}

function expressionTypeRef(t: ts.ExpressionWithTypeArguments): TypeRef | null {
  const ref = nameRef(t.expression);
  if (!ref) return null;
  return { name: [ref.name, ...ref.path].join("."), args: (t.typeArguments ?? []).flatMap((a) => typeRefOf(a) ?? []) };
}

function entityNameText(n: ts.EntityName): string {
  return ts.isIdentifier(n) ? n.text : `${entityNameText(n.left)}.${n.right.text}`;
}

function requireOf(e: ts.Expression): string | null | undefined {
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require" && e.arguments[0] && ts.isStringLiteral(e.arguments[0])) return e.arguments[0].text;
  return undefined;
}

export function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(n) ? (ts.getModifiers(n) ?? []).some((m) => m.kind === kind) : false;
}

/**
 * Gives back the prototype-less records of a file's symbols after they crossed a copy that drops it (the fact
 * cache's JSON, a worker thread's message): a name such as `constructor` stays a key like any other.
 */
export function reviveSymbols(s: FileSymbols): FileSymbols {
  const bare = <T>(r: Record<string, T>, each?: (v: T) => T): Record<string, T> => {
    const out = emptyRecord<T>();
    for (const k of Object.keys(r)) out[k] = each ? each(r[k]) : r[k];
    return out;
  };
  const value = (v: Value): Value => (v.kind === "object" ? { kind: "object", props: bare(v.props, value) } : v);
  return {
    ...s,
    imports: bare(s.imports),
    exportAliases: bare(s.exportAliases),
    values: bare(s.values, value),
    classes: bare(s.classes, (c) => ({ ...c, fieldInits: bare(c.fieldInits) })),
    typeAliases: bare(s.typeAliases),
    decoratorFactories: bare(s.decoratorFactories),
    registry: bare(s.registry),
    repositories: bare(s.repositories),
  };
}
