import type { Clustering } from "../../cluster/index.js";
import { agreedDomain } from "../../cluster/agreed-domain.js";
import type { Measurement } from "../../score/metrics.js";
import { scoreContexts, type ScoreInputs } from "../../score/order.js";
import type { Domain } from "../../rules/domains.js";
import type { Scoring } from "../../rules/scoring.js";
import type { TeamValues } from "../../config/team-fields.js";
import type { ColumnFact } from "../../scan/columns.js";
import type { AccessFact } from "../../scan/facts.js";
import type { History } from "../../scan/git/history.js";
import type { Partition } from "./partition-metrics.js";

/** What the extraction order needs besides the partition and its metrics, as plain JSON for the page. */
export interface OrderData {
  domains: Domain[];
  scoring: Scoring;
  team: TeamValues;
  /** Commits per unit (churn); null without git. */
  units: History["units"] | null;
  /** File → its unit. */
  files: Array<[string, string]>;
  /** Table accesses of the scan, counted by table and mode (the order reads nothing else of them). */
  accesses: Array<[string, AccessFact["mode"], number]>;
  columns: Record<string, ColumnFact[]>;
  trafficShare: Record<string, number> | null;
  undeclaredTables: string[] | null;
  platformWords: string[];
}

/**
 * The extraction order of a partition (each context's difficulty, risk and rank) by the code of `roadmap`
 * (score/order.ts). Contexts are named as in contexts.yaml: a context's domain is the vocabulary's domain of
 * its name, as `assess` gives agreed contexts.
 */
export function orderPartition(partition: Partition, measurement: Measurement, owner: ReadonlyMap<string, string>, data: OrderData): Array<{ name: string; rank: number; difficulty: number; risk: number }> {
  const unitOf = new Map(data.files);
  const accesses = data.accesses.flatMap(([table, mode, n]) => Array.from({ length: n }, () => ({ table, mode, file: "", line: 0, scope: null }) as AccessFact));
  const clustering = {
    contexts: partition.contexts.map((c) => ({ name: c.name, units: c.units, tables: c.tables, domain: agreedDomain(c.name, data.domains), agreed: true })),
    owner,
  } as unknown as Clustering;
  const inputs: ScoreInputs = {
    clustering,
    measurement,
    domains: data.domains,
    scoring: data.scoring,
    team: data.team,
    history: data.units ? ({ units: data.units } as History) : null,
    contextOfFile: (f) => {
      const u = unitOf.get(f);
      return u === undefined ? undefined : owner.get(`module:${u}`);
    },
    accesses,
    columns: data.columns,
    ...(data.trafficShare ? { trafficShare: data.trafficShare } : {}),
    undeclaredTables: data.undeclaredTables ? new Set(data.undeclaredTables) : undefined,
    platformWords: data.platformWords,
  };
  return scoreContexts(inputs).map((s) => ({ name: s.name, rank: s.rank, difficulty: s.difficulty, risk: s.risk }));
}
