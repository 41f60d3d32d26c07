import { ts } from "#ts";
import { functionName } from "./function-name.js";
import { walkNodes } from "../../util/ast-walk.js";

/*
 * What the roadmap needs to see in the code beyond the tables: functions with their ranges, the calls each
 * makes (to follow a transaction into the functions it calls and out to payment, shipping or mail clients),
 * events published, and the bindings that say where a called name comes from. Read from the scan's own tree
 * of each file (the roadmap never parses again), as plain data the fact cache keeps; syntax only (no type
 * checker), never executed. Scope ids are the scan's (`file#name:line`), so a function found here is the
 * scope of the scan's accesses.
 */

export interface FunctionInfo {
  file: string;
  /** The scan's name: `checkout`, `<arrow>`, `Cls.method`, an object literal's property name. */
  name: string;
  /** `file#name:line`, as the scan writes a scope. */
  scope: string;
  line: number;
  endLine: number;
  /** The enclosing function's scope, or null at module level. */
  parent: string | null;
  /** A callback handed to `transaction(…)`, `$transaction(…)`, `knex.transaction(…)`: its body is one database transaction. */
  transactionCallback: boolean;
}

export interface CallInfo {
  file: string;
  line: number;
  /** The callee as written, without arguments: `fetch`, `tx.query`, `paymentRepository.method`. */
  callee: string;
  /** Innermost enclosing function's scope (null at module level). */
  scope: string | null;
  /** Awaited (`await f()`), or returned from an async function. */
  awaited: boolean;
  /** First argument when it is a string literal (an event name, a status …). */
  firstString: string | null;
  /** String literal arguments (any position) and string values of an object literal argument's properties. */
  strings: string[];
  /** `{ type: "order.placed", … }` as an argument: the event type. */
  eventType: string | null;
  /** For fetch-like calls: the HTTP method and URL as written (constants of the file filled in). */
  http?: { method: string; url: string };
  /** Text of the call's option object (timeouts, signals, idempotency headers are looked up in it). */
  optionsText: string;
}

export interface ImportBinding {
  local: string;
  /** Imported name (`default`, `*` for a namespace). */
  imported: string;
  specifier: string;
  line: number;
}

/**
 * A file's functions, calls and bindings as plain data (kept in the fact cache, sent from worker threads),
 * compact: no `file` (the file they belong to), and every scope written without the file's path (`#name:line`).
 */
export interface CallFacts {
  functions: Array<Omit<FunctionInfo, "file">>;
  calls: Array<Omit<CallInfo, "file">>;
  imports: ImportBinding[];
  /** Top-level functions and function-valued constants: [name, scope]. */
  topFunctions: Array<[string, string]>;
  /** `export const repo = { method() {…} }`: [object name, [[property, scope]…]]. */
  objects: Array<[string, Array<[string, string]>]>;
  /** `const transport = nodemailer.createTransport(…)`: [variable, the imported name it is made from]. */
  derived: Array<[string, string]>;
  /** Top-level string constants (`const PG_BASE = "https://…"`): [name, value]. */
  strings: Array<[string, string]>;
  /** Names this file declares at top level (functions, classes, constants). */
  declared: string[];
}

/** The same, indexed for the roadmap's look-ups. */
export interface ParsedFile {
  path: string;
  functions: FunctionInfo[];
  calls: CallInfo[];
  imports: Map<string, ImportBinding>;
  /** Top-level functions and function-valued constants by name → scope. */
  topFunctions: Map<string, string>;
  /** `export const repo = { method() {…} }`: object name → property → scope. */
  objects: Map<string, Map<string, string>>;
  /** `const transport = nodemailer.createTransport(…)`: variable → the imported name it is made from. */
  derived: Map<string, string>;
  /** Top-level string constants (`const PG_BASE = "https://…"`). */
  strings: Map<string, string>;
  /** Names this file declares at top level (functions, classes, constants). */
  declared: Set<string>;
}

/** A file's call facts, indexed. */
export function indexCallFacts(path: string, c: CallFacts): ParsedFile {
  const full = (scope: string) => `${path}${scope}`;
  return {
    path,
    functions: c.functions.map((f) => ({ file: path, ...f, scope: full(f.scope), parent: f.parent === null ? null : full(f.parent) })),
    calls: c.calls.map((x) => ({ file: path, ...x, scope: x.scope === null ? null : full(x.scope) })),
    imports: new Map(c.imports.map((b) => [b.local, b])),
    topFunctions: new Map(c.topFunctions.map(([k, v]) => [k, full(v)])),
    objects: new Map(c.objects.map(([k, v]) => [k, new Map(v.map(([p, sc]) => [p, full(sc)]))])),
    derived: new Map(c.derived),
    strings: new Map(c.strings),
    declared: new Set(c.declared),
  };
}

/** Parses one file's text into what the roadmap reads (the scan reads the same from its own tree: readCallFacts). */
export function parseCode(path: string, text: string): ParsedFile {
  const kind = path.endsWith(".tsx") || path.endsWith(".jsx") ? ts.ScriptKind.TSX : path.endsWith(".js") || path.endsWith(".mjs") || path.endsWith(".cjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return indexCallFacts(path, readCallFacts(ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind), path));
}

const TRANSACTION_CALLEES = /(^|\.)(\$?transaction|withTransaction|runInTransaction|inTransaction|transact|startTransaction)$/i;
const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head"];

/** Reads a parsed file's functions, calls and bindings (see the module comment). */
export function readCallFacts(sf: ts.SourceFile, path: string): CallFacts {
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const endLineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getEnd()).line + 1;
  const out: ParsedFile = { path, functions: [], calls: [], imports: new Map(), topFunctions: new Map(), objects: new Map(), derived: new Map(), strings: new Map(), declared: new Set() };

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.importClause && !stmt.importClause.isTypeOnly) {
      const spec = stmt.moduleSpecifier.text;
      const c = stmt.importClause;
      if (c.name) out.imports.set(c.name.text, { local: c.name.text, imported: "default", specifier: spec, line: lineOf(stmt) });
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) out.imports.set(b.name.text, { local: b.name.text, imported: "*", specifier: spec, line: lineOf(stmt) });
      if (b && ts.isNamedImports(b)) for (const el of b.elements) if (!el.isTypeOnly) out.imports.set(el.name.text, { local: el.name.text, imported: (el.propertyName ?? el.name).text, specifier: spec, line: lineOf(stmt) });
    }
    if (ts.isFunctionDeclaration(stmt) && stmt.name) out.declared.add(stmt.name.text);
    if (ts.isClassDeclaration(stmt) && stmt.name) out.declared.add(stmt.name.text);
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        out.declared.add(d.name.text);
        const init = d.initializer ? unwrap(d.initializer) : undefined;
        if (!init) continue;
        if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) out.strings.set(d.name.text, init.text);
        if (ts.isCallExpression(init) || ts.isNewExpression(init)) {
          const head = headOf(init.expression);
          if (head) out.derived.set(d.name.text, head);
        }
      }
    }
  }

  const stack: FunctionInfo[] = [];
  // Returns true for a function, whose scope closes when the walk leaves it. Tokens are never visited
  // (walkNodes): only function-likes and calls are read here.
  const visit = (n: ts.Node): boolean => {
    const name = functionName(n);
    let fn: FunctionInfo | null = null;
    if (name !== null) {
      const line = lineOf(n);
      fn = {
        file: path,
        name,
        scope: `${path}#${name}:${line}`,
        line,
        endLine: endLineOf(n),
        parent: stack.length ? stack[stack.length - 1].scope : null,
        transactionCallback: isTransactionCallback(n),
      };
      out.functions.push(fn);
      stack.push(fn);
      if (fn.parent === null) topLevelBinding(n, fn, out);
    }
    if (ts.isCallExpression(n)) {
      const call = callInfo(n, sf, path, stack.length ? stack[stack.length - 1].scope : null, lineOf, out.strings);
      if (call) out.calls.push(call);
    }
    return fn !== null;
  };
  walkNodes(sf, visit, () => {
    stack.pop();
  });
  // Scopes all start with the file's path: kept without it.
  const local = (scope: string) => scope.slice(path.length);
  return {
    functions: out.functions.map(({ file: _file, ...f }) => ({ ...f, scope: local(f.scope), parent: f.parent === null ? null : local(f.parent) })),
    calls: out.calls.map(({ file: _file, ...x }) => ({ ...x, scope: x.scope === null ? null : local(x.scope) })),
    imports: [...out.imports.values()],
    topFunctions: [...out.topFunctions].map(([k, v]) => [k, local(v)]),
    objects: [...out.objects].map(([k, v]) => [k, [...v].map(([p, sc]) => [p, local(sc)])]),
    derived: [...out.derived],
    strings: [...out.strings],
    declared: [...out.declared],
  };
}

function topLevelBinding(n: ts.Node, fn: FunctionInfo, out: ParsedFile): void {
  if (ts.isFunctionDeclaration(n) && n.name) out.topFunctions.set(n.name.text, fn.scope);
  const p = n.parent;
  if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) out.topFunctions.set(p.name.text, fn.scope);
  // A method or function-valued property of a top-level object literal: `export const repo = { find() {…} }`.
  const holder = ts.isMethodDeclaration(n) ? n.parent : p && ts.isPropertyAssignment(p) ? p.parent : undefined;
  if (holder && ts.isObjectLiteralExpression(holder)) {
    const decl = holder.parent;
    if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
      const m = out.objects.get(decl.name.text) ?? new Map<string, string>();
      m.set(fn.name, fn.scope);
      out.objects.set(decl.name.text, m);
    }
  }
  // A class method: `Cls.method`.
  if (ts.isMethodDeclaration(n) && ts.isClassLike(n.parent) && n.parent.name) {
    const m = out.objects.get(n.parent.name.text) ?? new Map<string, string>();
    m.set(fn.name.slice(fn.name.indexOf(".") + 1), fn.scope);
    out.objects.set(n.parent.name.text, m);
  }
}

function callInfo(n: ts.CallExpression, sf: ts.SourceFile, path: string, scope: string | null, lineOf: (n: ts.Node) => number, consts: Map<string, string>): CallInfo | null {
  const callee = calleeText(n.expression);
  if (!callee) return null;
  const strings: string[] = [];
  let eventType: string | null = null;
  let optionsText = "";
  for (const a of n.arguments) {
    const v = unwrap(a);
    if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) strings.push(v.text);
    if (ts.isObjectLiteralExpression(v)) {
      optionsText += v.getText(sf);
      for (const p of v.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const pv = unwrap(p.initializer);
        if (ts.isStringLiteral(pv) || ts.isNoSubstitutionTemplateLiteral(pv)) {
          strings.push(pv.text);
          if (propName(p.name) === "type" || propName(p.name) === "event" || propName(p.name) === "topic") eventType ??= pv.text;
        }
      }
    }
  }
  const first = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
  const firstString = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : null;
  const p = n.parent;
  const awaited = !!p && (ts.isAwaitExpression(p) || ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n));
  const call: CallInfo = { file: path, line: lineOf(n), callee, scope, awaited, firstString, strings, eventType, optionsText };
  const http = httpOf(n, callee, sf, consts);
  if (http) call.http = http;
  return call;
}

/** `fetch(url, { method })`, `axios.post(url)`, `got.put(url)`, `http.request(url)`: method and URL as written. */
function httpOf(n: ts.CallExpression, callee: string, sf: ts.SourceFile, consts: Map<string, string>): { method: string; url: string } | undefined {
  const last = callee.split(".").pop()!.toLowerCase();
  const isFetch = callee === "fetch" || callee.endsWith(".fetch") || callee === "request" || callee.endsWith(".request");
  const isVerb = HTTP_METHODS.includes(last) && callee.includes(".");
  if (!isFetch && !isVerb) return undefined;
  const urlNode = n.arguments[0];
  if (!urlNode) return undefined;
  const url = literalText(urlNode, sf, consts);
  let method = isVerb ? last.toUpperCase() : "GET";
  const opts = n.arguments[1] ? unwrap(n.arguments[1]) : undefined;
  if (opts && ts.isObjectLiteralExpression(opts)) {
    for (const p of opts.properties) {
      if (ts.isPropertyAssignment(p) && propName(p.name) === "method") {
        const v = unwrap(p.initializer);
        if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) method = v.text.toUpperCase();
      }
    }
  }
  return { method, url };
}

/** A URL argument as text: string literals, templates with the file's string constants filled in, `${…}` kept. */
function literalText(node: ts.Expression, sf: ts.SourceFile, consts: Map<string, string>): string {
  const v = unwrap(node);
  if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) return v.text;
  if (ts.isTemplateExpression(v)) {
    let s = v.head.text;
    for (const span of v.templateSpans) {
      const e = span.expression;
      s += ts.isIdentifier(e) && consts.has(e.text) ? consts.get(e.text)! : `\${${e.getText(sf)}}`;
      s += span.literal.text;
    }
    return s;
  }
  if (ts.isIdentifier(v) && consts.has(v.text)) return consts.get(v.text)!;
  return v.getText(sf);
}

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x) || ts.isTypeAssertionExpression(x)) x = x.expression;
  return x;
}

function propName(n: ts.PropertyName): string {
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : "";
}

/** `a.b.c` for identifiers and property accesses (`this` kept), else null (a call on a call's result …). */
function calleeText(e: ts.Expression): string | null {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (x.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isPropertyAccessExpression(x)) {
    const left = calleeText(x.expression);
    return left === null ? null : `${left}.${x.name.text}`;
  }
  return null;
}

/** The first identifier of a callee chain: `nodemailer` in `nodemailer.createTransport(…)`. */
function headOf(e: ts.Expression): string | null {
  const t = calleeText(e);
  return t === null ? null : t.split(".")[0];
}

function isTransactionCallback(n: ts.Node): boolean {
  if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return false;
  const p = n.parent;
  if (!p || !ts.isCallExpression(p) || !p.arguments.includes(n as ts.Expression)) return false;
  const callee = calleeText(p.expression);
  return callee !== null && TRANSACTION_CALLEES.test(callee);
}

