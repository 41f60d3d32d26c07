import { ts } from "#ts";
import { walkNodes, walkTree } from "../../util/ast-walk.js";
import type { Diagnostic, SqlSite } from "../facts.js";
import { sqlCallAt } from "./sql-call.js";
import type { OrmRecord, Source, VisitContext } from "../sources/source.js";
import { collectSymbols, type FileSymbols } from "../link/symbols.js";
import { endAccessFile, isQueryBuilderReceiver, visitAccess } from "../link/access-visitor.js";
import { ENTITY_DECORATOR_CALLS } from "../link/index.js";
import { dialectHintAt, type DialectHint } from "../sources/dialect-hints.js";
import { isRollbackScope } from "../scope.js";
import { siteDialect } from "./dialect-branch.js";
import { rollbackHelpers } from "./rollback-helpers.js";
import { pathCallAt, type PathCall } from "./http-paths.js";
import { functionName } from "./function-name.js";

/**
 * The kinds of node the fact readers act on (see Source.visit): calls, `new` and tagged templates, the declarations
 * and assignments that bind names, object literals and their properties, classes, and the function-likes
 * that open a scope. Every other node is walked through without a visit: most of a tree is names, literals,
 * types and property reads, which the readers only look at from the nodes above them.
 */
const VISITED_KINDS: Uint8Array = (() => {
  const k = ts.SyntaxKind;
  const out = new Uint8Array(k.Count + 1);
  for (const kind of [
    k.CallExpression, k.NewExpression, k.TaggedTemplateExpression, k.BinaryExpression, k.ObjectLiteralExpression, k.PropertyAssignment,
    k.VariableDeclaration, k.Parameter, k.PropertyDeclaration, k.ClassDeclaration, k.ClassExpression,
    k.FunctionDeclaration, k.FunctionExpression, k.ArrowFunction, k.MethodDeclaration, k.GetAccessor, k.SetAccessor, k.Constructor,
  ]) out[kind] = 1;
  return out;
})();

export type ImportKind = "import" | "reexport" | "dynamic" | "require";

export interface ImportRecord {
  specifier: string;
  line: number;
  /** 1-based, in UTF-16 code units (as editors and SARIF count): where the statement or call starts. */
  column: number;
  typeOnly: boolean;
  /** Names taken from the module (`default` for a default import); null when the whole module is used. */
  names: string[] | null;
  kind: ImportKind;
}

/** What a file exports, enough to follow barrels without a type checker. */
export interface ExportTable {
  /** Names declared (or re-bound) in this file and exported. */
  local: string[];
  /** `export { imported as exported } from "specifier"`; imported `*` for `export * as ns`. */
  named: Array<{ exported: string; imported: string; specifier: string }>;
  /** `export * from "specifier"`. */
  star: string[];
}

export interface FileFacts {
  path: string;
  loc: number;
  imports: ImportRecord[];
  exports: ExportTable;
  sqlSites: SqlSite[];
  /** What ORM and query-builder sources saw in this file. */
  orm: OrmRecord[];
  /** The text mentions a correlation or request id header or field. */
  correlationId: boolean;
  /** Declarations and imports, for following names across files. */
  symbols: FileSymbols;
  /** Database configuration seen in the code (`type: "postgres"`, `client: "pg"` …). */
  dialectHints: DialectHint[];
  /** URL paths written in calls: a client's requests or a backend's routes (its role decides). */
  paths: PathCall[];
  diagnostics: Diagnostic[];
}

/** Everything the code scanner needs from one parsed file. Reads the AST only; never runs the code. */
export function extractFileFacts(sf: { compilerNode: ts.SourceFile }, path: string, sources: Source[] = [], options: { everyNode?: boolean } = {}): FileFacts {
  const node = sf.compilerNode;
  const lineOf = (n: ts.Node) => node.getLineAndCharacterOfPosition(n.getStart(node)).line + 1;
  const columnOf = (n: ts.Node) => node.getLineAndCharacterOfPosition(n.getStart(node)).character + 1;
  const facts: FileFacts = {
    path,
    loc: countLoc(node.text),
    imports: [],
    exports: { local: [], named: [], star: [] },
    sqlSites: [],
    orm: [],
    correlationId: /correlation[-_ ]?id|x-request-id|traceparent/i.test(node.text),
    symbols: collectSymbols(node, ENTITY_DECORATOR_CALLS),
    dialectHints: [],
    paths: [],
    diagnostics: syntaxDiagnostics(node, path),
  };

  // Collected the first time a name is looked up: most files never look one up.
  let consts: Map<string, ts.Expression> | null = null;
  const lookup = (name: string) => (consts ??= collectConstants(node)).get(name);

  for (const stmt of node.statements) topLevel(stmt, facts, lineOf, columnOf);

  const scopes: string[] = [];
  // A migration class's methods reached only from down(), and the scopes opened for them.
  const helpers = rollbackHelpers(node);
  const helperScopes = new Set<string>();
  const inRollback = () => scopes.some((s) => isRollbackScope(s) || helperScopes.has(s));
  const ctx: VisitContext = {
    path,
    lineOf,
    scope: () => (scopes.length ? scopes[scopes.length - 1] : null),
    inRollback,
    lookup,
    symbols: facts.symbols,
    classOf: enclosingClass,
    isQueryBuilder: (receiver, n) => isQueryBuilderReceiver(ctx, receiver, n),
    // A migration API call (`ddl`) is SQL in effect: it joins the SQL sites once its names are linked.
    emit: (r) => facts.orm.push(r),
  };
  const visitors = sources.filter((s) => s.visit);
  const link = sources.length > 0;
  // Returns true when the node opens a scope, to be closed when the walk leaves it.
  const visit = (n: ts.Node): boolean => {
    if (VISITED_KINDS[n.kind] !== 1 && !everyNode) return false;
    const scopeName = functionName(n);
    if (scopeName !== null) {
      scopes.push(`${path}#${scopeName}:${lineOf(n)}`);
      if (helpers.has(n)) helperScopes.add(scopes[scopes.length - 1]);
    }

    if (ts.isCallExpression(n)) {
      const dyn = dynamicImport(n);
      if (dyn) facts.imports.push({ specifier: dyn, line: lineOf(n), column: columnOf(n), typeOnly: false, names: null, kind: n.expression.kind === ts.SyntaxKind.ImportKeyword ? "dynamic" : "require" });
    }
    const sql = sqlCallAt(n, lookup);
    if (sql) {
      const site: SqlSite = {
        file: path,
        line: lineOf(sql.at),
        callee: sql.callee,
        text: sql.text,
        scope: scopes.length ? scopes[scopes.length - 1] : null,
      };
      if (inRollback()) site.rollback = true;
      const dialect = siteDialect(n, scopes);
      if (dialect) site.dialect = dialect;
      facts.sqlSites.push(site);
    }
    if (link) visitAccess(n, ctx);
    const hint = ts.isPropertyAssignment(n) ? dialectHintAt(n, path, lineOf) : null;
    if (hint) facts.dialectHints.push(hint);
    const pathCall = pathCallAt(n, lineOf);
    if (pathCall) facts.paths.push(pathCall);
    for (const s of visitors) s.visit!(n, ctx);
    return scopeName !== null;
  };
  // Iterative: a deep expression (a 2,000-term `+` chain) cannot overflow the stack.
  const everyNode = options.everyNode === true;
  if (everyNode) {
    // Every node, tokens included (a test's reference: the facts must be the same as with VISITED_KINDS).
    const open = new Set<ts.Node>();
    walkTree(node, (n) => void (visit(n) && open.add(n)), (n) => {
      if (open.delete(n)) scopes.pop();
    });
  } else {
    walkNodes(node, visit, () => {
      scopes.pop();
    });
  }
  for (const s of sources) s.endFile?.(ctx);
  if (link) endAccessFile(ctx);
  return facts;
}

/** A migration API call's SQL as a site of its file. */
export function ddlSite(r: Extract<OrmRecord, { kind: "ddl" }>, text: string): SqlSite {
  return { file: r.file, line: r.line, callee: r.source, text, scope: r.scope, ...(r.rollback ? { rollback: true } : {}) };
}

/** The class a node sits in (a class expression takes its variable's name), or null. */
function enclosingClass(n: ts.Node): string | null {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isClassDeclaration(p) || ts.isClassExpression(p)) {
      if (p.name) return p.name.text;
      if (ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) return p.parent.name.text;
      return ts.isClassDeclaration(p) ? "default" : null;
    }
  }
  return null;
}

function topLevel(stmt: ts.Statement, facts: FileFacts, lineOf: (n: ts.Node) => number, columnOf: (n: ts.Node) => number): void {
  if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
    const clause = stmt.importClause;
    let names: string[] | null = null;
    let typeOnly = false;
    if (clause) {
      typeOnly = clause.isTypeOnly;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names = null;
      } else {
        names = [];
        if (clause.name) names.push("default");
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
          if (!typeOnly && bindings.elements.length > 0 && !clause.name) {
            typeOnly = bindings.elements.every((el) => el.isTypeOnly);
          }
        }
      }
    }
    facts.imports.push({ specifier: stmt.moduleSpecifier.text, line: lineOf(stmt), column: columnOf(stmt), typeOnly, names, kind: "import" });
    return;
  }
  if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
    const expr = stmt.moduleReference.expression;
    if (ts.isStringLiteral(expr)) {
      facts.imports.push({ specifier: expr.text, line: lineOf(stmt), column: columnOf(stmt), typeOnly: stmt.isTypeOnly, names: null, kind: "require" });
    }
    return;
  }
  if (ts.isExportDeclaration(stmt)) {
    const spec = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : null;
    const clause = stmt.exportClause;
    if (spec === null) {
      if (clause && ts.isNamedExports(clause)) for (const el of clause.elements) facts.exports.local.push(el.name.text);
      return;
    }
    let names: string[] | null = null;
    if (!clause) {
      facts.exports.star.push(spec);
    } else if (ts.isNamespaceExport(clause)) {
      facts.exports.named.push({ exported: clause.name.text, imported: "*", specifier: spec });
    } else {
      names = [];
      for (const el of clause.elements) {
        const imported = (el.propertyName ?? el.name).text;
        names.push(imported);
        facts.exports.named.push({ exported: el.name.text, imported, specifier: spec });
      }
    }
    const typeOnly =
      stmt.isTypeOnly || (!!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
    facts.imports.push({ specifier: spec, line: lineOf(stmt), column: columnOf(stmt), typeOnly, names, kind: "reexport" });
    return;
  }
  if (ts.isExportAssignment(stmt)) {
    facts.exports.local.push("default");
    return;
  }
  const mods = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined;
  if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
  if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
    facts.exports.local.push("default");
    return;
  }
  if (ts.isVariableStatement(stmt)) {
    for (const decl of stmt.declarationList.declarations) bindingNames(decl.name, facts.exports.local);
  } else if (
    (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isInterfaceDeclaration(stmt) ||
      ts.isTypeAliasDeclaration(stmt) || ts.isEnumDeclaration(stmt) || ts.isModuleDeclaration(stmt)) &&
    stmt.name && (ts.isIdentifier(stmt.name) || ts.isStringLiteral(stmt.name))
  ) {
    facts.exports.local.push(stmt.name.text);
  }
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** `import("x")` or `require("x")` with a literal argument. */
function dynamicImport(call: ts.CallExpression): string | null {
  const isImport = call.expression.kind === ts.SyntaxKind.ImportKeyword;
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === "require";
  if (!isImport && !isRequire) return null;
  const arg = call.arguments[0];
  return arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : null;
}


/** `const NAME = <expr>` anywhere in the file; the first declaration of a name wins. */
function collectConstants(sf: ts.SourceFile): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  walkTree(sf, (n) => {
    if (
      ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.Const) !== 0
    ) {
      for (const d of n.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && !out.has(d.name.text)) out.set(d.name.text, d.initializer);
      }
    }
  });
  return out;
}

/** Non-blank lines. */
function countLoc(text: string): number {
  let n = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!blank) n++;
      blank = true;
    } else if (c !== 32 && c !== 9 && c !== 13) {
      blank = false;
    }
  }
  return blank ? n : n + 1;
}

/** Syntax errors the parser recorded (no type checker involved). */
function syntaxDiagnostics(sf: ts.SourceFile, path: string): Diagnostic[] {
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return parseDiagnostics.slice(0, 1).map((d) => ({
    file: path,
    line: sf.getLineAndCharacterOfPosition(d.start).line + 1,
    code: "syntax-error",
    severity: "warning" as const,
    message: `${ts.flattenDiagnosticMessageText(d.messageText, " ")}${parseDiagnostics.length > 1 ? ` (+${parseDiagnostics.length - 1} more)` : ""}; facts before and after the error are still read`,
  }));
}
