import type { Diagnostic } from "../scan/facts.js";
import { loadRuleFile, numberAt } from "./load.js";

export type ClientKind = "http" | "payment" | "mail" | "message";
export type StepKind = "local" | ClientKind;

export interface SagaRules {
  /** Package (or `fetch`) → the kind of system it calls. */
  clients: Map<string, ClientKind>;
  /** Verb of a forward call → compensating verbs, preferred first (empty: not compensable). */
  compensations: Map<string, string[]>;
  /** Package → call → the library's compensating call (null: none). */
  library: Map<string, Map<string, string | null>>;
  cancelStates: string[];
  newCancelState: Record<string, string>;
  steps: Record<StepKind, { timeoutSeconds: number; retries: number }>;
  retryPackages: string[];
}

const KINDS: ClientKind[] = ["http", "payment", "mail", "message"];

/** `rules/saga.yaml` (and the repo's override). */
export function loadSaga(repo: string | null): { saga: SagaRules; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("saga", repo);
  const w = "saga.yaml";
  const clients = new Map<string, ClientKind>();
  const rawClients = (data.clients ?? {}) as Record<string, unknown>;
  for (const kind of KINDS) for (const p of strings(rawClients[kind])) clients.set(p, kind);
  clients.set("fetch", clients.get("fetch") ?? "http");
  const compensations = new Map<string, string[]>();
  for (const [verb, list] of Object.entries((data.compensations ?? {}) as Record<string, unknown>)) compensations.set(verb.toLowerCase(), strings(list).map((s) => s.toLowerCase()));
  const library = new Map<string, Map<string, string | null>>();
  for (const [pkg, calls] of Object.entries((data.library ?? {}) as Record<string, Record<string, unknown>>)) {
    library.set(pkg, new Map(Object.entries(calls ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : null])));
  }
  const steps = (data.steps ?? {}) as Record<string, Record<string, unknown>>;
  const step = (k: StepKind, t: number, r: number) => ({ timeoutSeconds: numberAt(steps[k], "timeoutSeconds", t, w, diagnostics), retries: numberAt(steps[k], "retries", r, w, diagnostics) });
  const newCancel = (data.newCancelState ?? {}) as Record<string, unknown>;
  return {
    saga: {
      clients,
      compensations,
      library,
      cancelStates: strings(data.cancelStates).map((s) => s.toLowerCase()),
      newCancelState: Object.fromEntries(Object.entries(newCancel).filter(([, v]) => typeof v === "string")) as Record<string, string>,
      steps: { local: step("local", 2, 3), http: step("http", 5, 2), payment: step("payment", 10, 1), mail: step("mail", 10, 3), message: step("message", 5, 3) },
      retryPackages: strings(data.retryPackages),
    },
    diagnostics,
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
