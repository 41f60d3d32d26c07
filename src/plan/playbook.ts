/**
 * The cutover of one extraction, step by step, from its evidence: how its tables are copied and kept in
 * sync (change data capture where the database has a change stream, dual writes from the monolith where it
 * has none), the backfill, shadow reads, reads then writes switched, and the old tables retired; at each
 * step its rollback, including what the new service wrote once it owns the writes (a reverse sync keeps the
 * monolith's tables current until they are retired); and the go/no-go gate each switch must pass, held for
 * the extraction's observation period (the same weeks the schedule gives it beside the monolith).
 */
export type PlaybookStepId = "sync" | "backfill" | "shadow-reads" | "switch-reads" | "switch-writes" | "retire";

export interface PlaybookStep {
  id: PlaybookStepId;
  /** What must hold before the next step (null: nothing to measure yet). */
  gate: "reconciliation" | "shadow-diff" | "error-p99" | "error-p99-reconciliation" | null;
}

export interface Playbook {
  sync: "cdc" | "dual-writes";
  tables: string[];
  /** Other contexts whose code reads its tables today: they keep reading the monolith's copy, fed by the reverse sync, until they move to its API or events. */
  readers: string[];
  /** Other contexts whose code writes its tables today: their writes must become commands to it before writes switch. */
  writers: string[];
  /** Sagas that must be in place before writes switch. */
  sagas: string[];
  observationWeeks: number;
  gates: CutoverGates;
  steps: PlaybookStep[];
}

export interface CutoverGates {
  /** Error rate at most the baseline + this many percentage points. */
  errorRatePoints: number;
  /** p99 latency at most the baseline × this. */
  p99Factor: number;
  /** Rows that differ between the two copies (counts and checksums, both ways): 0. */
  reconciliationDiff: number;
}

export function playbookOf(inp: { dialect: string; tables: string[]; readers: string[]; writers: string[]; sagas: string[]; observationWeeks: number; gates: CutoverGates }): Playbook {
  const sync: Playbook["sync"] = ["postgresql", "mysql", "mariadb"].includes(inp.dialect) ? "cdc" : "dual-writes";
  return {
    sync,
    tables: inp.tables,
    readers: inp.readers,
    writers: inp.writers,
    sagas: inp.sagas,
    observationWeeks: inp.observationWeeks,
    gates: inp.gates,
    steps: [
      { id: "sync", gate: null },
      { id: "backfill", gate: "reconciliation" },
      { id: "shadow-reads", gate: "shadow-diff" },
      { id: "switch-reads", gate: "error-p99" },
      { id: "switch-writes", gate: "error-p99-reconciliation" },
      { id: "retire", gate: null },
    ],
  };
}
