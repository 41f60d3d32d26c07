import fs from "node:fs";
import path from "node:path";
import type { AccessFact, Facts } from "../../scan/facts.js";
import { indexCallFacts, parseCode, type CallFacts, type CallInfo, type FunctionInfo, type ParsedFile } from "../../scan/code/call-facts.js";

/** A call that leaves the process: an HTTP request, a payment, mail or messaging SDK. */
export interface ExternalCall {
  /** `fetch`, or the package the client comes from (`nodemailer`, `stripe` …). */
  client: string;
  /** The call as written (`fetch`, `transport.sendMail`, `stripe.paymentIntents.create`). */
  callee: string;
  file: string;
  line: number;
  http?: { method: string; url: string };
  /** The call's option object as written (for timeouts, signals, idempotency headers). */
  optionsText: string;
  /** The function the call is made in. */
  scope: string | null;
}

/** What calling a function reaches: its own writes and reads, the functions it calls, and the calls that leave the process. */
export interface Reach {
  functions: FunctionInfo[];
  writes: AccessFact[];
  reads: AccessFact[];
  externals: ExternalCall[];
}

const FACTORY = /^(create\w*|new\w*|init\w*|configure|config|setApiKey|use|defaults|extend|instance)$/;

export type Resolved = { kind: "function"; fn: FunctionInfo } | { kind: "external"; client: string } | null;

/**
 * The repository's code as the roadmap reads it: files parsed on demand (only those a plan looks at),
 * calls resolved to the function they call through the scan's own import resolution (barrels, path
 * aliases), and what a function reaches a few calls deep.
 */
export class CodeIndex {
  private parsed = new Map<string, ParsedFile | null>();
  private texts = new Map<string, string | null>();
  private accessesByScope = new Map<string, AccessFact[]>();
  /** File → line of an import → the files it resolves to (value imports only). */
  private importsByLine = new Map<string, Map<number, string[]>>();
  /** File → callee → what it resolves to. */
  private resolved = new Map<string, Map<string, Resolved>>();
  readonly codeFiles: Set<string>;

  constructor(
    private readonly root: string,
    readonly facts: Facts,
    /** Packages whose clients are external systems (rules/saga.yaml), plus `fetch`. */
    private readonly externalPackages: Set<string>,
    /** The scan's functions and calls of each file it read (read from its own tree): no file is parsed again. */
    private readonly callFacts: Map<string, CallFacts> | null = null,
    private readonly read: (abs: string) => string | null = readText,
  ) {
    this.codeFiles = new Set(facts.files.map((f) => f.path));
    for (const a of facts.accesses) {
      if (!a.scope) continue;
      const list = this.accessesByScope.get(a.scope) ?? [];
      list.push(a);
      this.accessesByScope.set(a.scope, list);
    }
    for (const i of facts.imports) {
      if (i.typeOnly) continue;
      let lines = this.importsByLine.get(i.from);
      if (!lines) this.importsByLine.set(i.from, (lines = new Map()));
      const targets = lines.get(i.line);
      if (targets) targets.push(i.to);
      else lines.set(i.line, [i.to]);
    }
  }

  file(p: string): ParsedFile | null {
    if (this.parsed.has(p)) return this.parsed.get(p)!;
    if (this.callFacts) {
      const calls = this.callFacts.get(p);
      const indexed = calls && this.codeFiles.has(p) ? indexCallFacts(p, calls) : null;
      this.parsed.set(p, indexed);
      return indexed;
    }
    const text = this.text(p);
    let parsed: ParsedFile | null = null;
    try {
      parsed = text === null ? null : parseCode(p, text);
    } catch {
      // a file the parser cannot take (nested past its stack): the scan has already said so
      parsed = null;
    }
    this.parsed.set(p, parsed);
    return parsed;
  }

  /** A code file's text, unparsed (for cheap searches before parsing); null for a file the scan did not read. */
  text(p: string): string | null {
    if (this.texts.has(p)) return this.texts.get(p)!;
    const text = this.codeFiles.has(p) ? this.read(path.join(this.root, p)) : null;
    this.texts.set(p, text);
    return text;
  }

  /** The function of a scope id (`file#name:line`). */
  fn(scope: string): FunctionInfo | null {
    const file = scope.slice(0, scope.indexOf("#"));
    return this.file(file)?.functions.find((f) => f.scope === scope) ?? null;
  }

  /** The nearest enclosing function with a name of its own (an arrow passed to `transaction` is named after its caller). */
  namedFunction(scope: string): FunctionInfo | null {
    for (let f = this.fn(scope); f; f = f.parent ? this.fn(f.parent) : null) {
      if (!f.name.startsWith("<")) return f;
    }
    return null;
  }

  /** Calls made in a function, its nested callbacks included, in line order. */
  callsIn(scope: string): CallInfo[] {
    const file = this.file(scope.slice(0, scope.indexOf("#")));
    if (!file) return [];
    const inside = new Set([scope]);
    for (const f of file.functions) if (f.parent && inside.has(f.parent)) inside.add(f.scope);
    return file.calls.filter((c) => c.scope !== null && inside.has(c.scope)).sort((a, b) => a.line - b.line);
  }

  /** Accesses the scan found directly in a function and its nested callbacks. */
  accessesIn(scope: string): AccessFact[] {
    const file = this.file(scope.slice(0, scope.indexOf("#")));
    const scopes = [scope];
    if (file) for (const f of file.functions) if (f.parent && scopes.includes(f.parent)) scopes.push(f.scope);
    return scopes.flatMap((s) => this.accessesByScope.get(s) ?? []);
  }

  /** The files an import of `file` at `line` resolves to; undefined when it resolves to none (a package). */
  private importTargets(file: string, line: number): string[] | undefined {
    return this.importsByLine.get(file)?.get(line);
  }

  /**
   * Whether a file may hold a transaction callback: false only when the scan's call facts say it has none
   * (a cheap look before its text is searched and its facts indexed).
   */
  mayHoldTransaction(p: string): boolean {
    const calls = this.callFacts?.get(p);
    if (!this.callFacts || !this.codeFiles.has(p)) return this.callFacts === null;
    return !!calls && calls.functions.some((f) => f.transactionCallback);
  }

  /**
   * Whether a call of the file may leave the process: false only when the scan's call facts show neither an
   * import of an external client's package nor a call of `fetch` (what resolve needs to answer "external").
   */
  mayCallOut(p: string): boolean {
    if (!this.callFacts) return true;
    const calls = this.callFacts.get(p);
    if (!calls || !this.codeFiles.has(p)) return false;
    return calls.imports.some((b) => {
      const pkg = packageOf(b.specifier);
      return pkg !== null && this.externalPackages.has(pkg);
    }) || calls.calls.some((c) => c.callee === "fetch");
  }

  /** What a call calls: a function of the repository, an external client, or nothing known (it depends on the call's file and callee alone: kept). */
  resolve(call: CallInfo): Resolved {
    let byCallee = this.resolved.get(call.file);
    if (!byCallee) this.resolved.set(call.file, (byCallee = new Map()));
    if (byCallee.has(call.callee)) return byCallee.get(call.callee)!;
    const r = this.resolveCall(call);
    byCallee.set(call.callee, r);
    return r;
  }

  private resolveCall(call: CallInfo): Resolved {
    const file = this.file(call.file);
    if (!file) return null;
    const parts = call.callee.split(".");
    const head = parts[0];
    if (head === "this") return null;
    const binding = file.imports.get(head);
    if (binding) {
      const targets = this.importTargets(call.file, binding.line);
      if (!targets) {
        const pkg = packageOf(binding.specifier);
        // `nodemailer.createTransport(…)`, `axios.create(…)`: a client is made, nothing is sent yet.
        if (parts.length > 1 && FACTORY.test(parts[parts.length - 1])) return null;
        return pkg && this.externalPackages.has(pkg) ? { kind: "external", client: pkg } : null;
      }
      const name = binding.imported === "*" ? parts[1] : binding.imported;
      const rest = binding.imported === "*" ? parts.slice(2) : parts.slice(1);
      for (const t of targets) {
        const hit = this.resolveIn(t, [name, ...rest], 2);
        if (hit) return { kind: "function", fn: hit };
      }
      return null;
    }
    const derived = file.derived.get(head);
    if (derived && derived !== head) {
      const from = file.imports.get(derived);
      const pkg = from && !this.importTargets(call.file, from.line) ? packageOf(from.specifier) : null;
      if (pkg && this.externalPackages.has(pkg)) return { kind: "external", client: pkg };
    }
    if (parts.length === 1 && head === "fetch" && !file.declared.has("fetch")) return { kind: "external", client: "fetch" };
    const local = this.resolveIn(call.file, parts, 2);
    return local ? { kind: "function", fn: local } : null;
  }

  private resolveIn(file: string, parts: string[], hops: number): FunctionInfo | null {
    const f = this.file(file);
    if (!f) return null;
    let scope: string | undefined;
    if (parts.length === 1) scope = f.topFunctions.get(parts[0]);
    else if (parts.length === 2) scope = f.objects.get(parts[0])?.get(parts[1]);
    if (scope) return f.functions.find((x) => x.scope === scope) ?? null;
    // A name this file only imports (a wrapper module re-exporting it): follow once more.
    const b = f.imports.get(parts[0]);
    if (b && hops > 0) {
      for (const t of this.importTargets(file, b.line) ?? []) {
        const hit = this.resolveIn(t, [b.imported, ...parts.slice(1)], hops - 1);
        if (hit) return hit;
      }
    }
    return null;
  }

  /** What a function reaches, `depth` calls deep: functions, table reads and writes, external calls. */
  reach(scope: string, depth = 3): Reach {
    const out: Reach = { functions: [], writes: [], reads: [], externals: [] };
    const seen = new Set<string>();
    const walk = (s: string, d: number) => {
      if (seen.has(s)) return;
      seen.add(s);
      const fn = this.fn(s);
      if (fn) out.functions.push(fn);
      for (const a of this.accessesIn(s)) (a.mode === "write" ? out.writes : out.reads).push(a);
      for (const c of this.callsIn(s)) {
        const r = this.resolve(c);
        if (r?.kind === "external") out.externals.push(externalOf(c, r.client));
        else if (r?.kind === "function" && d > 0) walk(r.fn.scope, d - 1);
      }
    };
    walk(scope, depth);
    return out;
  }

  /** Every parsed or parseable code file's functions (for searching a context's compensating functions). */
  functionsOf(files: string[]): FunctionInfo[] {
    return files.flatMap((f) => this.file(f)?.functions ?? []);
  }
}

export function externalOf(c: CallInfo, client: string): ExternalCall {
  return { client, callee: c.callee, file: c.file, line: c.line, ...(c.http ? { http: c.http } : {}), optionsText: c.optionsText, scope: c.scope };
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; null for relative paths. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return null;
  const parts = specifier.replace(/^node:/, "").split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function readText(abs: string): string | null {
  try {
    return fs.readFileSync(abs, "utf8");
  } catch {
    return null;
  }
}
