import type { AccessFact, Evidence, Facts } from "../scan/facts.js";
import { uniqueBy } from "../util/unique.js";
import { compareStrings } from "../util/sort.js";
import { shortTable as bare } from "../scan/sql/dialect.js";
import type { CodeIndex, ExternalCall } from "./code/index.js";
import type { SchemaShapes } from "./code/schema.js";
import { statesIn } from "./code/schema.js";
import type { ClientKind, SagaRules, StepKind } from "../rules/saga.js";
import type { FunctionInfo } from "../scan/code/call-facts.js";

/*
 * Sagas from the code. Every function or transaction callback that writes tables of two or more contexts
 * (directly, or through the functions it calls) is a transaction a saga must replace. Its steps are what the
 * transaction does in line order, grouped by context (one local transaction per service): table writes, and
 * calls that leave the process (a payment gateway, a carrier, a mail server), each with the compensation
 * that undoes it: a function the code already has (void, cancel, refund, release), a state change where the
 * table has a status column, an inverse delta for a counter, and only then a delete.
 */

export type ActionVerb = "insert" | "update" | "delete" | "write";

export type Compensation =
  /** A function of the repository that undoes it (`pgCancel`, `releaseReservations`). */
  | { kind: "call"; name: string; file: string; line: number; verb: string }
  /** The client library's own undo (`stripe.refunds.create`). */
  | { kind: "library"; call: string; client: string }
  /** Move the row to a cancelled state; `from` guards against a concurrent change. */
  | { kind: "status"; table: string; column: string; to: string; from: string | null; newState: boolean }
  /** `reserved = reserved + $2` undone by `reserved = reserved - $2`: commutative, no lost update. */
  | { kind: "inverse"; table: string; set: string }
  /** A child row that lives with a parent row the saga already compensates (ON DELETE CASCADE). */
  | { kind: "covered"; table: string; by: string }
  /** No status column and nothing else refers to the new row yet: delete it by its key. */
  | { kind: "delete"; table: string }
  /** Any other update: write the old value back only if the row still holds the new one (version check). */
  | { kind: "compare-and-set"; table: string }
  /** A delete: keep the row and mark it deleted instead, so it can be restored. */
  | { kind: "soft-delete"; table: string }
  /** Nothing undoes it: a mail sent, a message published. */
  | { kind: "irreversible"; target: string }
  /** An external call with no undo found in the code or the client library: one must be written. */
  | { kind: "missing"; target: string };

export interface SagaAction {
  kind: ActionVerb | "external";
  context: string;
  /** Writes: the table (short name) and, for an update, its SET clause. */
  table?: string;
  set?: string;
  /** The call in the transaction's code that leads to it (`authorizePayment`), when it is not a direct write. */
  callee?: string;
  /** External: what leaves the process (`POST https://…/authorizations`, `transport.sendMail`), and through which client. */
  target?: string;
  client?: string;
  clientKind?: ClientKind;
  /** Where the transaction's code does it, then the lines on the way (the external call itself). */
  evidence: Evidence;
  via: Evidence[];
  compensation: Compensation;
}

export type StepGap = { id: "no-timeout" | "no-idempotency-key"; evidence: Evidence } | { id: "no-retry"; evidence: null };

export interface SagaStep {
  order: number;
  context: string;
  kind: StepKind;
  actions: SagaAction[];
  timeoutSeconds: number;
  retries: number;
  /** What the code lacks today for this step to be retried safely. */
  gaps: StepGap[];
}

export interface Saga {
  /** The function whose transaction it replaces (`checkout`). */
  name: string;
  /** The transaction's own scope (`file#<arrow>:15`). */
  scope: string;
  /** Where that function is. */
  at: Evidence;
  /** The context whose code runs it today: the orchestrator. */
  orchestrator: string;
  participants: string[];
  steps: SagaStep[];
  /** The id the first step creates (`orders.id`): the saga's id and the root of every step's idempotency key. */
  key: { table: string; column: string } | null;
  /** Other contexts' data the transaction reads before it writes (to carry in the saga or ask with a timeout). */
  reads: Array<{ context: string; what: string; evidence: Evidence }>;
  /** Calls into other contexts after the transaction commits, in the same function. */
  after: Array<{ context: string; callee: string; awaited: boolean; evidence: Evidence }>;
  /** Events the function publishes (`order.placed`). */
  events: Array<{ type: string; evidence: Evidence }>;
}

export interface SagaInputs {
  facts: Facts;
  code: CodeIndex;
  shapes: SchemaShapes;
  rules: SagaRules;
  tableOwner: (table: string) => string | undefined;
  contextOfFile: (file: string) => string | undefined;
  /** Files of a context's units. */
  filesOf: (context: string) => string[];
  /** The domain a context is named after (for the state a new cancellation takes). */
  domainOf: (context: string) => string | null;
  dependencies: string[];
}

const PUBLISH = /(^|\.)(publish|emit|dispatch|produce|send|fire|raise)(Event)?$/i;

/** What every saga of one derivation looks up, indexed once (the scan's SQL sites run to the hundred thousand). */
interface SagaIndex {
  /** The SQL text sent at a line. */
  siteText: SiteTexts;
  /** Accesses by the scope they are made in. */
  accessesByScope: Map<string, AccessFact[]>;
  /** Files some file of another context (or of none) imports. */
  importedFromOutside: (file: string) => boolean;
  /** `words(name)`, kept. */
  wordsOf: (name: string) => string[];
}

function sagaIndex(inp: SagaInputs): SagaIndex {
  const accessesByScope = new Map<string, AccessFact[]>();
  for (const a of inp.facts.accesses) {
    if (!a.scope) continue;
    const list = accessesByScope.get(a.scope);
    if (list) list.push(a);
    else accessesByScope.set(a.scope, [a]);
  }
  let outside: Set<string> | null = null;
  const importedFromOutside = (file: string) => {
    if (!outside) {
      outside = new Set();
      for (const i of inp.facts.imports) if (inp.contextOfFile(i.from) !== inp.contextOfFile(i.to)) outside.add(i.to);
    }
    return outside.has(file);
  };
  const wordsKept = new Map<string, string[]>();
  const wordsOf = (name: string) => {
    let w = wordsKept.get(name);
    if (!w) wordsKept.set(name, (w = words(name)));
    return w;
  };
  return { siteText: new SiteTexts(inp.facts.sqlSites), accessesByScope, importedFromOutside, wordsOf };
}

/**
 * The text of the SQL sent at a file's line (of several sites on one line, the last). The sites are grouped
 * by file once; a file's lines are indexed when a saga first looks at it (a repo's migrations send SQL from
 * a hundred thousand lines no saga reads).
 */
export class SiteTexts {
  private readonly byFile = new Map<string, Facts["sqlSites"]>();
  private readonly lines = new Map<string, Map<number, string>>();

  constructor(sites: Facts["sqlSites"]) {
    for (const s of sites) {
      const list = this.byFile.get(s.file);
      if (list) list.push(s);
      else this.byFile.set(s.file, [s]);
    }
  }

  get(file: string, line: number): string | undefined {
    let lines = this.lines.get(file);
    if (!lines) {
      lines = new Map();
      for (const s of this.byFile.get(file) ?? []) lines.set(s.line, s.text);
      this.lines.set(file, lines);
    }
    return lines.get(line);
  }
}

export function deriveSagas(inp: SagaInputs): Saga[] {
  const { facts, code, tableOwner } = inp;
  const candidates = new Set<string>();
  // Writes of two contexts' tables in one function or transaction callback (the scan's own scopes).
  const byScope = new Map<string, Set<string>>();
  for (const a of facts.accesses) {
    if (a.mode !== "write" || !a.scope || !tableOwner(a.table)) continue;
    byScope.set(a.scope, (byScope.get(a.scope) ?? new Set()).add(tableOwner(a.table)!));
  }
  for (const [scope, owners] of byScope) if (owners.size >= 2) candidates.add(scope);
  // Transaction callbacks that reach two contexts' writes through the functions they call.
  for (const f of facts.files) {
    if (!code.mayHoldTransaction(f.path) || !/transact/i.test(code.text(f.path) ?? "")) continue;
    const parsed = code.file(f.path);
    if (!parsed) continue;
    for (const fn of parsed.functions) {
      if (!fn.transactionCallback || candidates.has(fn.scope)) continue;
      const owners = new Set(code.reach(fn.scope, 2).writes.map((w) => tableOwner(w.table)).filter((x): x is string => !!x));
      if (owners.size >= 2) candidates.add(fn.scope);
    }
  }
  const index = sagaIndex(inp);
  const sagas = [...candidates].sort(compareStrings).map((s) => sagaOf(s, inp, index)).filter((s): s is Saga => s !== null);
  return sagas.sort((a, b) => compareStrings(a.orchestrator, b.orchestrator) || compareStrings(a.at.file, b.at.file) || a.at.line - b.at.line);
}

function sagaOf(scope: string, inp: SagaInputs, index: SagaIndex): Saga | null {
  const { code, tableOwner, contextOfFile } = inp;
  const file = scope.slice(0, scope.indexOf("#"));
  const fn = code.fn(scope);
  const named = code.namedFunction(scope);
  const orchestrator = contextOfFile(file);
  if (!orchestrator) return null;
  const { siteText } = index;
  const actions: SagaAction[] = [];
  const reads: Saga["reads"] = [];

  const direct = fn ? code.accessesIn(scope) : (index.accessesByScope.get(scope) ?? []);
  for (const a of direct) {
    const owner = tableOwner(a.table);
    if (!owner) continue;
    if (a.mode === "write") actions.push(writeAction(a, owner, siteText.get(a.file, a.line) ?? ""));
    else if (owner !== orchestrator) reads.push({ context: owner, what: bare(a.table), evidence: { file: a.file, line: a.line } });
  }
  for (const c of fn ? code.callsIn(scope) : []) {
    const r = code.resolve(c);
    if (r?.kind === "external") {
      actions.push(externalAction(c.callee, { client: r.client, callee: c.callee, file: c.file, line: c.line, http: c.http, optionsText: c.optionsText, scope: c.scope }, orchestrator, inp));
      continue;
    }
    if (r?.kind !== "function") continue;
    const reach = code.reach(r.fn.scope, 3);
    const calleeContext = contextOfFile(r.fn.file);
    const at = { file: c.file, line: c.line };
    for (const x of reach.externals) {
      const a = externalAction(c.callee, x, contextOfFile(x.file) ?? calleeContext ?? orchestrator, inp);
      a.via = [{ ...a.evidence }];
      a.evidence = at;
      actions.push(a);
    }
    const written = new Map<string, AccessFact>();
    for (const w of reach.writes) if (tableOwner(w.table) && !written.has(w.table)) written.set(w.table, w);
    for (const [table, w] of [...written].sort(([a], [b]) => compareStrings(a, b))) {
      const action: SagaAction = { ...writeAction(w, tableOwner(table)!, siteText.get(w.file, w.line) ?? ""), callee: c.callee, evidence: at, via: [{ file: w.file, line: w.line }] };
      forwardFunctions.set(action, new Set(reach.functions.map((f) => f.scope)));
      actions.push(action);
    }
    if (!reach.externals.length && !written.size && calleeContext && calleeContext !== orchestrator && reach.reads.length) reads.push({ context: calleeContext, what: c.callee, evidence: at });
  }
  // A read in the very statement that writes (INSERT … SELECT) belongs to that write's step.
  const writeLines = new Set(actions.filter((a) => a.kind !== "external").map((a) => `${a.context}|${a.evidence.file}:${a.evidence.line}`));
  for (let i = reads.length - 1; i >= 0; i--) if (writeLines.has(`${reads[i].context}|${reads[i].evidence.file}:${reads[i].evidence.line}`)) reads.splice(i, 1);
  actions.sort((a, b) => a.evidence.line - b.evidence.line || (a.via[0]?.line ?? 0) - (b.via[0]?.line ?? 0) || compareStrings(a.table ?? "", b.table ?? ""));
  const contexts = new Set(actions.map((a) => a.context));
  if (contexts.size < 2 && !(contexts.size === 1 && !contexts.has(orchestrator))) return null;

  // Steps: consecutive actions of one context are one local transaction of its service.
  const steps: SagaStep[] = [];
  for (const a of actions) {
    const last = steps[steps.length - 1];
    if (last && last.context === a.context) last.actions.push(a);
    else steps.push({ order: steps.length + 1, context: a.context, kind: "local", actions: [a], timeoutSeconds: 0, retries: 0, gaps: [] });
  }
  for (const s of steps) s.kind = s.actions.find((a) => a.kind === "external")?.clientKind ?? "local";
  const key = sagaKey(actions, siteText);
  compensate(steps, orchestrator, scope, index, inp);
  const hasRetryPackage = inp.rules.retryPackages.some((p) => inp.dependencies.includes(p));
  for (const s of steps) {
    const policy = inp.rules.steps[s.kind];
    s.timeoutSeconds = policy.timeoutSeconds;
    s.retries = policy.retries;
    for (const a of s.actions) {
      if (a.kind !== "external") continue;
      const where = a.via[0] ?? a.evidence;
      const opts = externalMeta.get(a)?.options ?? "";
      if (!/signal|timeout|abort/i.test(opts)) s.gaps.push({ id: "no-timeout", evidence: where });
      if (!/idempot/i.test(opts)) s.gaps.push({ id: "no-idempotency-key", evidence: where });
    }
    if (s.kind !== "local" && !hasRetryPackage) s.gaps.push({ id: "no-retry", evidence: null });
  }

  const after: Saga["after"] = [];
  const events: Saga["events"] = [];
  if (named && fn && named.scope !== fn.scope) {
    for (const c of code.callsIn(named.scope)) {
      if (c.line >= fn.line && c.line <= fn.endLine) continue;
      if (c.eventType && PUBLISH.test(c.callee)) {
        events.push({ type: c.eventType, evidence: { file: c.file, line: c.line } });
        continue;
      }
      const r = code.resolve(c);
      if (r?.kind !== "function") continue;
      const ctx = contextOfFile(r.fn.file);
      if (ctx && ctx !== orchestrator && c.line > fn.endLine) after.push({ context: ctx, callee: c.callee, awaited: c.awaited, evidence: { file: c.file, line: c.line } });
    }
  }
  const at = named ?? fn;
  return {
    name: at && !at.name.startsWith("<") ? at.name : scope.slice(scope.indexOf("#") + 1).replace(/:\d+$/, ""),
    scope,
    at: { file, line: at?.line ?? Number(scope.slice(scope.lastIndexOf(":") + 1)) },
    orchestrator,
    participants: [...contexts].filter((c) => c !== orchestrator).sort(compareStrings),
    steps,
    key,
    reads: uniqueBy(reads, (r) => `${r.context}|${r.what}`),
    after,
    events,
  };
}

/** The functions a call-made write goes through: never its own compensation. */
const forwardFunctions = new WeakMap<SagaAction, Set<string>>();

/** What an external action's call looked like: its option object's text and the function it is made in. */
const externalMeta = new WeakMap<SagaAction, { options: string; scope: string | null }>();

function writeAction(a: AccessFact, context: string, sql: string): SagaAction {
  const verb = /^\s*(?:with[\s\S]*?\)\s*)?(insert|update|delete|merge|upsert|replace)\b/i.exec(sql)?.[1]?.toLowerCase();
  const kind: ActionVerb = verb === "insert" || verb === "upsert" || verb === "replace" ? "insert" : verb === "update" || verb === "merge" ? "update" : verb === "delete" ? "delete" : "write";
  const action: SagaAction = { kind, context, table: bare(a.table), evidence: { file: a.file, line: a.line }, via: [], compensation: { kind: "compare-and-set", table: bare(a.table) } };
  if (kind === "update") {
    const set = /\bset\s+([\s\S]*?)(?=\bwhere\b|\bfrom\b|\breturning\b|$)/i.exec(sql)?.[1];
    if (set) action.set = set.replace(/\s+/g, " ").trim();
  }
  return action;
}

function externalAction(callee: string, x: ExternalCall, context: string, inp: SagaInputs): SagaAction {
  const domain = inp.domainOf(context);
  const pkgKind = inp.rules.clients.get(x.client) ?? "http";
  const kind: ClientKind = pkgKind !== "http" ? pkgKind : domain === "payment" ? "payment" : domain === "notification" ? "mail" : "http";
  const target = x.http ? `${x.http.method} ${x.http.url}` : x.callee;
  const a: SagaAction = { kind: "external", context, callee, target, client: x.client, clientKind: kind, evidence: { file: x.file, line: x.line }, via: [], compensation: { kind: "missing", target } };
  externalMeta.set(a, { options: x.optionsText, scope: x.scope });
  return a;
}

function sagaKey(actions: SagaAction[], siteText: SiteTexts): Saga["key"] {
  const first = actions.find((a) => a.kind === "insert");
  if (!first) return null;
  const at = first.via[0] ?? first.evidence;
  const m = /\breturning\s+"?(\w+)"?/i.exec(siteText.get(at.file, at.line) ?? "");
  return m ? { table: first.table!, column: m[1] } : null;
}

function compensate(steps: SagaStep[], orchestrator: string, scope: string, index: SagaIndex, inp: SagaInputs): void {
  const { code, shapes, rules } = inp;
  const { siteText } = index;
  const compensatedRows = new Map<string, string>(); // table → how its new rows are compensated ("status")
  const readsInScope = new Map<string, string[]>(); // table → SQL texts the transaction reads it with
  for (const a of code.fn(scope) ? code.accessesIn(scope) : []) {
    if (a.mode !== "read") continue;
    const t = bare(a.table);
    readsInScope.set(t, [...(readsInScope.get(t) ?? []), siteText.get(a.file, a.line) ?? ""]);
  }
  for (const step of steps) {
    const files = inp.filesOf(step.context);
    for (const a of step.actions) {
      if (a.kind === "external") {
        a.compensation = externalCompensation(a, files, inp, index);
        continue;
      }
      const table = a.table!;
      const shape = shapes.tables.get(table);
      // A participant's own undo, when its code has one that writes this table (a step that calls out is
      // undone by the external undo and a state change of its own record instead).
      if (step.context !== orchestrator && !step.actions.some((x) => x.kind === "external")) {
        const forward = forwardFunctions.get(a) ?? new Set<string>();
        const fn = compensatingFunction(files, rules.compensations.get("default") ?? [], code, index, (f) => !forward.has(f.scope) && code.reach(f.scope, 1).writes.some((w) => bare(w.table) === table));
        if (fn) {
          a.compensation = fn;
          continue;
        }
      }
      if (a.kind === "insert" || a.kind === "write") {
        // A lifecycle status (a DEFAULT or states the code uses), not a recorded value of a history row.
        if (shape?.statusColumn && (shape.initialState || shape.states.length)) {
          const known = rules.cancelStates.find((s) => shape.states.includes(s));
          const domain = inp.domainOf(step.context) ?? "default";
          a.compensation = { kind: "status", table, column: shape.statusColumn, to: known ?? rules.newCancelState[domain] ?? rules.newCancelState.default ?? "cancelled", from: null, newState: !known };
          compensatedRows.set(table, "status");
          continue;
        }
        const parent = [...compensatedRows.keys()].find((p) => shapes.cascades.has(`${table}→${p}`));
        a.compensation = parent ? { kind: "covered", table, by: parent } : a.kind === "insert" ? { kind: "delete", table } : { kind: "compare-and-set", table };
        continue;
      }
      if (a.kind === "update") {
        const set = a.set ?? "";
        const delta = /^"?(\w+)"?\s*=\s*"?(?:\w+\.)?\1"?\s*([+-])\s*(.+)$/i.exec(set);
        if (delta) {
          a.compensation = { kind: "inverse", table, set: `${delta[1]} = ${delta[1]} ${delta[2] === "+" ? "-" : "+"} ${delta[3].trim()}` };
          continue;
        }
        if (compensatedRows.has(table)) {
          a.compensation = { kind: "covered", table, by: table };
          continue;
        }
        const column = shape?.statusColumn;
        const setTo = column ? new RegExp(`"?${column}"?\\s*=\\s*'([\\w-]+)'`, "i").exec(set)?.[1] : undefined;
        if (column && setTo) {
          const before = (readsInScope.get(table) ?? []).flatMap((t) => statesIn(t, table, column)).filter((s) => s !== setTo);
          const prior = before[0] ?? (shape!.initialState !== setTo ? shape!.initialState : null);
          a.compensation = { kind: "status", table, column, to: prior ?? "", from: setTo, newState: false };
          continue;
        }
        a.compensation = { kind: "compare-and-set", table };
        continue;
      }
      a.compensation = { kind: "soft-delete", table };
    }
  }
}

function externalCompensation(a: SagaAction, files: string[], inp: SagaInputs, index: SagaIndex): Compensation {
  const { code, rules } = inp;
  const scope = externalMeta.get(a)?.scope ?? null;
  const inner = scope ? code.fn(scope) : null;
  const verbs = [...words(a.callee ?? ""), ...words(inner?.name ?? "")];
  const forward = verbs.find((v) => rules.compensations.has(v));
  const preferred = forward ? rules.compensations.get(forward)! : rules.compensations.get("default") ?? [];
  // The library's own undo.
  const lib = rules.library.get(a.client ?? "");
  const member = a.target && a.client !== "fetch" ? a.target.split(".").slice(1).join(".") : "";
  if (lib && lib.has(member)) {
    const undo = lib.get(member);
    return undo ? { kind: "library", call: undo, client: a.client! } : { kind: "irreversible", target: a.target! };
  }
  if (forward && preferred.length === 0) return { kind: "irreversible", target: a.target! };
  const external = a.via[0]?.file ?? a.evidence.file;
  const self = new Set([inner?.scope, ...code.reach(scope ?? "", 0).functions.map((f) => f.scope)].filter(Boolean));
  const fn =
    compensatingFunction([external], preferred, code, index, (f) => !self.has(f.scope)) ??
    compensatingFunction(files.filter((f) => f !== external), preferred, code, index, (f) => !self.has(f.scope) && code.reach(f.scope, 2).externals.length > 0);
  return fn ?? { kind: "missing", target: a.target! };
}

/** A function named with one of the verbs (preferred first) among the files, that `fits`; public entry points first. */
function compensatingFunction(files: string[], verbs: string[], code: CodeIndex, index: SagaIndex, fits: (f: FunctionInfo) => boolean): Compensation | null {
  const fns = code.functionsOf(files).filter((f) => !f.name.startsWith("<") && f.parent === null);
  const { importedFromOutside, wordsOf } = index;
  for (const verb of verbs) {
    const hits = fns
      .filter((f) => wordsOf(f.name).includes(verb) && fits(f))
      .sort((x, y) => Number(importedFromOutside(y.file)) - Number(importedFromOutside(x.file)) || compareStrings(x.file, y.file) || x.line - y.line);
    if (hits.length) return { kind: "call", name: hits[0].name, file: hits[0].file, line: hits[0].line, verb };
  }
  return null;
}

/** `authorizePayment` → [authorize, payment]; `pg_cancel` → [pg, cancel]; `Repo.release` → [repo, release]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

