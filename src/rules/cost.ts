import type { Diagnostic } from "../scan/facts.js";
import type { Criticality } from "./domains.js";
import { loadRuleFile, numberAt } from "./load.js";

export type Currency = "KRW" | "USD";
export const CURRENCIES: Currency[] = ["KRW", "USD"];
export type Broker = "managed" | "rabbitmq" | "kafka";
export type Compute = "managed" | "kubernetes" | "existing";
export type Cadence = "daily" | "weekly" | "biweekly" | "monthly";

export interface Rates {
  salaryYear: number;
  perService: number;
  apmPerService: number;
  broker: Record<Broker, number>;
  perDau: number;
  perMau: number;
  plausibleSalary: [number, number];
}

export interface CostRules {
  effort: {
    perContext: number; perTable: number; perThousandLoc: number; perCrossJoin: number; perCrossForeignKey: number;
    perForeignAccess: number; perInboundAccess: number; perSagaStep: number; perExternalStep: number; perSagaParticipation: number;
    criticality: Record<Criticality, number>;
  };
  coverage: { target: number; penaltyPerPoint: number; testsPerContext: number };
  dataVolume: { referenceMau: number; perDecade: number };
  verification: Record<Criticality, number>;
  pilot: { overhead: number; observeWeeks: number };
  /** A plan past `maxWeeks`, or with more contexts than the team staffs at `engineersPerService`, plans a scope (src/plan/scope.ts). */
  scope: { maxWeeks: number; engineersPerService: number };
  streams: { migrationShare: number; squadSize: number; maxStreams: number };
  foundation: {
    contextMap: number; ciGate: number; pipelines: number; cadence: Record<Cadence, number>; observability: number; tracing: number;
    correlationId: number; resilience: number; gateway: number; cdc: number; broker: Record<Broker, number>; compute: Record<Compute, number>;
    loadTest: number; autoscaling: number; characterisation: { perThousandLoc: number; minimum: number };
  };
  cost: { increase: { low: number; high: number }; peakDays: number; rates: Record<Currency, Rates> };
  staffing: { peoplePerServiceFleet: number; servicesPerPlatformEngineer: number };
  uncertainty: { low: number; mode: number; high: number; runs: number; seed: number };
  cutover: { errorRatePoints: number; p99Factor: number; reconciliationDiff: number };
  training: { sagaNone: number; sagaSome: number; kubernetesSome: number };
}

type Obj = Record<string, unknown>;

export function loadCost(repo: string | null): { cost: CostRules; diagnostics: Diagnostic[] } {
  const { data, diagnostics } = loadRuleFile("cost", repo);
  const w = "cost.yaml";
  const o = (x: unknown): Obj => (x && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : {});
  const n = (obj: Obj, key: string, d: number) => numberAt(obj, key, d, w, diagnostics);
  const rec = <K extends string>(obj: Obj, defaults: Record<K, number>): Record<K, number> =>
    Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, n(obj, k, d as number)])) as Record<K, number>;
  const e = o(data.effort);
  const f = o(data.foundation);
  const c = o(data.cost);
  const pair = (v: unknown, d: [number, number]): [number, number] => (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number") ? (v as [number, number]) : d);
  const rates = (cur: Currency, d: Rates): Rates => {
    const r = o(c[cur]);
    return {
      salaryYear: n(r, "salaryYear", d.salaryYear),
      perService: n(r, "perService", d.perService),
      apmPerService: n(r, "apmPerService", d.apmPerService),
      broker: rec(o(r.broker), d.broker),
      perDau: n(r, "perDau", d.perDau),
      perMau: n(r, "perMau", d.perMau),
      plausibleSalary: pair(r.plausibleSalary, d.plausibleSalary),
    };
  };
  return {
    cost: {
      effort: {
        perContext: n(e, "perContext", 3),
        perTable: n(e, "perTable", 1),
        perThousandLoc: n(e, "perThousandLoc", 1.5),
        perCrossJoin: n(e, "perCrossJoin", 0.5),
        perCrossForeignKey: n(e, "perCrossForeignKey", 0.5),
        perForeignAccess: n(e, "perForeignAccess", 0.3),
        perInboundAccess: n(e, "perInboundAccess", 0.2),
        perSagaStep: n(e, "perSagaStep", 2),
        perExternalStep: n(e, "perExternalStep", 1),
        perSagaParticipation: n(e, "perSagaParticipation", 1.5),
        criticality: rec(o(e.criticality), { low: 1, medium: 1.15, high: 1.3, critical: 1.5 }),
      },
      coverage: { target: n(o(data.coverage), "target", 50), penaltyPerPoint: n(o(data.coverage), "penaltyPerPoint", 0.01), testsPerContext: n(o(data.coverage), "testsPerContext", 3) },
      dataVolume: { referenceMau: Math.max(1, n(o(data.dataVolume), "referenceMau", 100_000)), perDecade: n(o(data.dataVolume), "perDecade", 0.25) },
      verification: rec(o(data.verification), { low: 1, medium: 2, high: 3, critical: 4 }),
      pilot: { overhead: n(o(data.pilot), "overhead", 8), observeWeeks: n(o(data.pilot), "observeWeeks", 4) },
      scope: { maxWeeks: Math.max(1, n(o(data.scope), "maxWeeks", 104)), engineersPerService: Math.max(1, n(o(data.scope), "engineersPerService", 2)) },
      streams: { migrationShare: n(o(data.streams), "migrationShare", 0.6), squadSize: Math.max(1, n(o(data.streams), "squadSize", 4)), maxStreams: Math.max(1, n(o(data.streams), "maxStreams", 4)) },
      foundation: {
        contextMap: n(f, "contextMap", 2),
        ciGate: n(f, "ciGate", 1),
        pipelines: n(f, "pipelines", 3),
        cadence: rec(o(f.cadence), { daily: 0, weekly: 1, biweekly: 2, monthly: 4 }),
        observability: n(f, "observability", 4),
        tracing: n(f, "tracing", 2),
        correlationId: n(f, "correlationId", 1),
        resilience: n(f, "resilience", 2),
        gateway: n(f, "gateway", 3),
        cdc: n(f, "cdc", 3),
        broker: rec(o(f.broker), { managed: 2, rabbitmq: 4, kafka: 6 }),
        compute: rec(o(f.compute), { managed: 3, kubernetes: 5, existing: 1 }),
        loadTest: n(f, "loadTest", 3),
        autoscaling: n(f, "autoscaling", 2),
        characterisation: { perThousandLoc: n(o(f.characterisation), "perThousandLoc", 4), minimum: n(o(f.characterisation), "minimum", 2) },
      },
      cost: {
        increase: { low: n(o(c.increase), "low", 0.3), high: n(o(c.increase), "high", 0.5) },
        peakDays: n(c, "peakDays", 5),
        rates: {
          KRW: rates("KRW", { salaryYear: 90_000_000, perService: 700_000, apmPerService: 150_000, broker: { managed: 800_000, rabbitmq: 1_500_000, kafka: 3_000_000 }, perDau: 150, perMau: 10, plausibleSalary: [20_000_000, 600_000_000] }),
          USD: rates("USD", { salaryYear: 120_000, perService: 520, apmPerService: 110, broker: { managed: 600, rabbitmq: 1100, kafka: 2200 }, perDau: 0.11, perMau: 0.008, plausibleSalary: [20_000, 1_000_000] }),
        },
      },
      staffing: { peoplePerServiceFleet: n(o(data.staffing), "peoplePerServiceFleet", 5), servicesPerPlatformEngineer: Math.max(1, n(o(data.staffing), "servicesPerPlatformEngineer", 4)) },
      training: { sagaNone: n(o(data.training), "sagaNone", 2), sagaSome: n(o(data.training), "sagaSome", 1), kubernetesSome: n(o(data.training), "kubernetesSome", 1) },
      cutover: { errorRatePoints: n(o(data.cutover), "errorRatePoints", 0.1), p99Factor: n(o(data.cutover), "p99Factor", 1.2), reconciliationDiff: n(o(data.cutover), "reconciliationDiff", 0) },
      uncertainty: (() => {
        const u = o(data.uncertainty);
        const low = Math.max(0.01, n(u, "low", 0.8));
        const high = Math.max(low, n(u, "high", 1.6));
        return { low, mode: Math.min(high, Math.max(low, n(u, "mode", 1))), high, runs: Math.min(5000, Math.max(1, Math.round(n(u, "runs", 400)))), seed: Math.round(n(u, "seed", 2026)) };
      })(),
    },
    diagnostics,
  };
}
