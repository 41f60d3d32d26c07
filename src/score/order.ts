import type { Evidence } from "../scan/facts.js";
import type { Clustering } from "../cluster/index.js";
import type { Measurement, Crossing } from "./metrics.js";
import type { Consistency, Criticality, Domain } from "../rules/domains.js";
import type { Scoring } from "../rules/scoring.js";
import type { TeamValues } from "../config/team-fields.js";
import type { History } from "../scan/git/history.js";
import type { AccessFact } from "../scan/facts.js";
import { compareStrings } from "../util/sort.js";
import { wordsOf } from "../util/words.js";
import { isAccessKind } from "../graph/model.js";
import { contextsNamed } from "./match-domain.js";
import { trafficOf, type Traffic } from "./traffic.js";
import { criticalityOf, type CriticalityEvidence } from "./criticality.js";
import type { ColumnFact } from "../scan/columns.js";

export interface Reason {
  /** What kind of reason, for templates in other languages: join, fk, tx, foreign-access-out, … */
  kind: string;
  /** How many, and with which context(s). */
  count?: number;
  partner?: string;
  /** The contexts `partner` names, one by one (for templates that join them in another language). */
  partners?: string[];
  /** A share (0..1), for priority reasons: how much the rule moved the context up. */
  share?: number;
  /** The sentence in English. */
  text: string;
  /** `criticality` reasons: the level, and the kinds of evidence behind it (money, secret, stock …). */
  level?: Criticality;
  signals?: string[];
  evidence: Evidence[];
}

export interface ContextScore {
  name: string;
  rank: number;
  /** Measured: what crosses the boundary, weighted by kind and by the partner's risk, and size. */
  difficulty: number;
  /** Criticality and consistency (domain vocabulary and measured), and the team's most damaging domain. */
  risk: number;
  /** Change frequency: commits touching its units in the last 6 and 12 months (0 without git). */
  value: { commits6m: number; commits12m: number; hot: boolean };
  /** Share of the access to its tables that is reads (0..1; 0 without tables). */
  readShare: number;
  /** The priority rules' discount on (difficulty + risk): most deployed, churn, high-traffic read path. */
  discount: number;
  /** (difficulty + risk) × (1 − discount): lower is extracted earlier. */
  total: number;
  criticality: Criticality;
  /** What decides the criticality: money, secrets, stock, inbound keys, shared writes, traffic, the vocabulary's prior. */
  criticalityEvidence: CriticalityEvidence[];
  consistency: Consistency;
  /** Why it ranks where it does, each with the lines behind it. */
  reasons: Reason[];
}

const MAX_EVIDENCE = 3;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The extraction order: independent, low-risk contexts first; the strongly consistent, transaction-bound
 * core last. A name only brings the domain's default criticality; what the code does decides the rest, and
 * a context named like an easy one but entangled is told so.
 */
export interface ScoreInputs {
  clustering: Clustering;
  measurement: Measurement;
  domains: Domain[];
  scoring: Scoring;
  team: TeamValues;
  history: History | null;
  contextOfFile: (file: string) => string | undefined;
  /**
   * Tables no DDL, migration or entity of the repo declares, when the repo declares others: a context of
   * only such tables (a query against another database, or a test's) is planned after the rest.
   */
  undeclaredTables?: ReadonlySet<string>;
  /** Leading words of platform tables (rules/domains.yaml `platform`): cache, job, scheduler, settings … */
  platformWords?: readonly string[];
  /** The scan's table accesses: how read-heavy each context's tables are. */
  accesses: AccessFact[];
  /** Columns each table declares (src/scan/columns.ts): money, secrets and stock raise criticality. */
  columns?: Record<string, ColumnFact[]>;
  /**
   * Per-context share of the database traffic (0..1), from runtime query statistics when a scan has them.
   * Absent, every read path counts alike and traffic comes from the team's answers alone.
   */
  trafficShare?: Record<string, number>;
}

export function scoreContexts(inp: ScoreInputs): ContextScore[] {
  const { clustering, measurement, domains, scoring, team, history, contextOfFile } = inp;
  const named = (key: string) => {
    const v = team[key];
    return v === undefined || (Array.isArray(v) && v.length === 0) ? [] : contextsNamed(v as string | string[], clustering.contexts, domains);
  };
  const damaging = new Map(named("business.mostDamagingOutage").map((m) => [m.context, m.word]));
  const deployed = new Map(named("team.mostDeployedAreas").map((m) => [m.context, m.word]));
  const traffic: Traffic = trafficOf(team, scoring);
  const readShare = readShares(clustering, inp.accesses);
  // Each context's crossings (from it or to it), in the measurement's order, grouped once.
  const crossingsBy = new Map<string, Crossing[]>();
  for (const x of measurement.crossings) {
    for (const c of x.fromContext === x.toContext ? [x.fromContext] : [x.fromContext, x.toContext]) {
      const list = crossingsBy.get(c);
      if (list) list.push(x);
      else crossingsBy.set(c, [x]);
    }
  }
  const crossingsOf = (name: string): Crossing[] => crossingsBy.get(name) ?? [];
  // A join's lines by the context whose code holds them, in the join's order, grouped once per join.
  const joinLinesBy = new Map<Crossing, Map<string | undefined, Evidence[]>>();
  const joinLinesOf = (x: Crossing, name: string): Evidence[] => {
    let by = joinLinesBy.get(x);
    if (!by) {
      by = new Map();
      for (const e of x.evidence) {
        const ctx = contextOfFile(e.file);
        const list = by.get(ctx);
        if (list) list.push(e);
        else by.set(ctx, [e]);
      }
      joinLinesBy.set(x, by);
    }
    return by.get(name) ?? [];
  };

  // Risk first: it does not depend on other contexts, and difficulty weighs partners by it.
  const base = new Map<string, { risk: number; criticality: Criticality; criticalityEvidence: CriticalityEvidence[]; consistency: Consistency; reasons: Reason[] }>();
  // Write sites per table: a context's share of the repo's writes.
  const writesOf = new Map<string, number>();
  let allWrites = 0;
  for (const a of inp.accesses) {
    if (a.mode !== "write") continue;
    writesOf.set(a.table, (writesOf.get(a.table) ?? 0) + 1);
    allWrites++;
  }
  for (const ctx of clustering.contexts) {
    const domain = domains.find((d) => d.name === ctx.domain);
    // Criticality from the context's own evidence; the domain vocabulary is only a prior (src/score/criticality.ts).
    const judged = criticalityOf({
      name: ctx.name,
      tables: ctx.tables,
      columns: inp.columns ?? {},
      crossings: crossingsOf(ctx.name),
      writes: { own: ctx.tables.reduce((n, t) => n + (writesOf.get(t) ?? 0), 0), all: allWrites },
      trafficShare: inp.trafficShare?.[ctx.name],
      prior: domain ? { domain: domain.name, criticality: domain.criticality } : undefined,
    });
    let criticality = judged.criticality;
    if (damaging.has(ctx.name) && criticality !== "critical") {
      judged.evidence.push({ kind: "most-damaging", level: "critical", text: `the team named it the domain that hurts most when it fails ("${damaging.get(ctx.name)}")`, evidence: [] });
      criticality = "critical";
    }
    let consistency: Consistency = domain?.consistency ?? "eventual";
    const reasons: Reason[] = [];
    if (judged.evidence.length) {
      reasons.push({ kind: "criticality", level: criticality, signals: judged.evidence.map((e) => e.kind), text: `criticality ${criticality}: ${judged.evidence.map((e) => e.text).join("; ")}`, evidence: judged.evidence.flatMap((e) => e.evidence).slice(0, MAX_EVIDENCE) });
    }
    const tx = crossingsOf(ctx.name).filter((x) => x.kind === "tx");
    if (tx.length && consistency !== "strong") {
      consistency = "strong";
      reasons.push({ kind: "tx-strong", partner: partners(tx, ctx.name).join(", "), partners: partners(tx, ctx.name), text: `writes in one transaction with ${partners(tx, ctx.name).join(", ")}: strongly consistent today`, evidence: evidenceOf(tx) });
    }
    let risk = scoring.risk.criticality[criticality] + scoring.risk.consistency[consistency];
    if (damaging.has(ctx.name)) {
      risk += scoring.risk.mostDamaging;
      reasons.push({ kind: "most-damaging", partner: damaging.get(ctx.name), text: `the team named ${ctx.name} ("${damaging.get(ctx.name)}") the domain that hurts most when it fails`, evidence: [] });
    }
    base.set(ctx.name, { risk, criticality, criticalityEvidence: judged.evidence, consistency, reasons });
  }

  const scores: ContextScore[] = clustering.contexts.map((ctx) => {
    const b = base.get(ctx.name)!;
    const m = measurement.contexts[ctx.name];
    const weights = scoring.difficulty;
    let difficulty = (m.loc / 1000) * weights.perThousandLoc;
    const groups = new Map<string, { kind: string; partner: string; partners: string[]; outgoing: boolean; occurrences: number; weight: number; evidence: Evidence[] }>();
    // Joins between two other contexts' tables written in this context's code: its code must change too.
    for (const x of measurement.crossings) {
      if (x.kind !== "join" || x.fromContext === ctx.name || x.toContext === ctx.name) continue;
      const mine = joinLinesOf(x, ctx.name);
      if (mine.length === 0) continue;
      const partnerRisk = Math.max(base.get(x.fromContext)?.risk ?? 0, base.get(x.toContext)?.risk ?? 0);
      const w = weights.crossJoin * mine.length * (1 + weights.partnerRiskFactor * partnerRisk);
      difficulty += w;
      const partner = `${x.fromContext} and ${x.toContext}`;
      const key = `join-performed|${partner}`;
      const g = groups.get(key) ?? { kind: "join-performed", partner, partners: [x.fromContext, x.toContext], outgoing: true, occurrences: 0, weight: 0, evidence: [] };
      g.occurrences += mine.length;
      g.weight += w;
      g.evidence.push(...mine);
      groups.set(key, g);
    }
    for (const x of crossingsOf(ctx.name)) {
      const outgoing = x.fromContext === ctx.name;
      const partner = outgoing ? x.toContext : x.fromContext;
      const per =
        x.kind === "join" ? weights.crossJoin
        : x.kind === "fk" ? weights.crossForeignKey
        : x.kind === "tx" ? weights.crossTransaction
        : isAccessKind(x.kind) ? (outgoing ? weights.foreignAccessOut : weights.foreignAccessIn)
        : x.kind === "import" ? weights.crossImport
        : 0;
      if (per === 0) continue;
      const w = per * x.occurrences * (1 + weights.partnerRiskFactor * (base.get(partner)?.risk ?? 0));
      difficulty += w;
      const kind = isAccessKind(x.kind) ? (outgoing ? "foreign-access-out" : "foreign-access-in") : x.kind;
      const key = `${kind}|${partner}`;
      const g = groups.get(key) ?? { kind, partner, partners: [partner], outgoing, occurrences: 0, weight: 0, evidence: [] };
      g.occurrences += x.occurrences;
      g.weight += w;
      g.evidence.push(...x.evidence);
      groups.set(key, g);
    }
    const reasons = [...b.reasons];
    const heavy = [...groups.values()].sort((a, c) => c.weight - a.weight || compareStrings(a.kind, c.kind) || compareStrings(a.partner, c.partner));
    for (const g of heavy.slice(0, 4)) reasons.push({ kind: g.kind, count: g.occurrences, partner: g.partner, partners: g.partners, text: describe(g.kind, g.occurrences, g.partner), evidence: dedupe(g.evidence).slice(0, MAX_EVIDENCE) });
    if (heavy.every((g) => g.kind === "import")) {
      const users = heavy.filter((g) => !g.outgoing).map((g) => g.partner);
      reasons.unshift({ kind: "clean", partner: users.join(", "), partners: users, text: `no join, foreign key, transaction or foreign table access crosses its boundary${users.length ? `; ${users.join(", ")} use it through imports` : ""}`, evidence: [] });
    }
    const domain = domains.find((d) => d.name === ctx.domain);
    if (domain && domain.criticality === "low" && difficulty > 10 * (1 + weights.partnerRiskFactor * 4)) {
      reasons.unshift({ kind: "entangled", partner: domain.name, partners: [domain.name], text: `named like ${domain.name}, usually an easy first extraction, but its code is entangled: ${heavy.slice(0, 2).map((g) => describe(g.kind, g.occurrences, g.partner)).join("; ")}`, evidence: dedupe(heavy.slice(0, 2).flatMap((g) => g.evidence)).slice(0, MAX_EVIDENCE) });
    }
    const commits6m = ctx.units.reduce((s, u) => s + (history?.units[u]?.commits6m ?? 0), 0);
    const commits12m = ctx.units.reduce((s, u) => s + (history?.units[u]?.commits12m ?? 0), 0);
    return {
      name: ctx.name,
      rank: 0,
      difficulty: round(difficulty),
      risk: b.risk,
      value: { commits6m, commits12m, hot: deployed.has(ctx.name) },
      readShare: readShare.get(ctx.name) ?? 0,
      discount: 0,
      total: round(difficulty + b.risk),
      criticality: b.criticality,
      criticalityEvidence: b.criticalityEvidence,
      consistency: b.consistency,
      reasons,
    };
  });
  applyPriority(scores, deployed, traffic, scoring, inp.trafficShare);
  // A context with code and no table, or tables and no code, is not a service to extract on its own: it
  // comes after every context that owns both, and says why.
  const partial = new Map<string, "no-table" | "no-code" | "undeclared" | "platform">();
  const undeclared = inp.undeclaredTables ?? new Set<string>();
  const platform = new Set(inp.platformWords ?? []);
  const isPlatform = (t: string) => platform.has(wordsOf(t.slice(t.indexOf(".") + 1))[0] ?? "");
  for (const ctx of inp.clustering.contexts) {
    if (ctx.tables.length === 0) partial.set(ctx.name, "no-table");
    else if (ctx.units.length === 0) partial.set(ctx.name, "no-code");
    else if (ctx.tables.every((t) => undeclared.has(t))) partial.set(ctx.name, "undeclared");
    else if (ctx.tables.every(isPlatform)) partial.set(ctx.name, "platform");
  }
  for (const s of scores) {
    const kind = partial.get(s.name);
    if (kind === "no-table") s.reasons.unshift({ kind, text: "owns no table: no data to move; logic or a gateway, extracted with the context that calls it most or kept as a shared library, after the contexts that own data", evidence: [] });
    if (kind === "platform") s.reasons.unshift({ kind, text: "a platform capability, not a business domain (its tables are a cache, a job queue, a scheduler, settings or the like): usually replaced by managed infrastructure in the foundation; planned after the domains, never the pilot", evidence: [] });
    if (kind === "undeclared") s.reasons.unshift({ kind, text: "its tables appear in no schema, migration or entity of the repo, only in queries: another database's, or a test's; confirm them before planning it, after the contexts that own declared data", evidence: [] });
    if (kind === "no-code") s.reasons.unshift({ kind, text: "tables and no backend code: nothing to extract but the schema; moves with the context that uses it, after the contexts that own data", evidence: [] });
  }
  const late = (x: ContextScore) => (partial.has(x.name) ? 1 : 0);
  scores.sort((a, b) => late(a) - late(b) || a.total - b.total || b.value.commits12m - a.value.commits12m || compareStrings(a.name, b.name));
  // The first extraction is the pilot: it proves the platform, so it is never a high or critical context
  // when one of low or medium criticality owns data too. The best such one goes first, and says why.
  const pilotOk = (x: ContextScore) => !partial.has(x.name) && (x.criticality === "low" || x.criticality === "medium");
  if (scores.length > 1 && !partial.has(scores[0].name) && !pilotOk(scores[0])) {
    const i = scores.findIndex(pilotOk);
    if (i > 0) {
      const [pilot] = scores.splice(i, 1);
      const passed = scores.slice(0, i).filter((x) => !partial.has(x.name)).map((x) => `${x.name} (${x.criticality})`);
      pilot.reasons.unshift({ kind: "pilot-criticality", partner: passed.join(", "), partners: scores.slice(0, i).filter((x) => !partial.has(x.name)).map((x) => x.name), text: `first as the pilot: the pilot proves the platform on a context whose failure hurts least, so it goes before ${passed.join(", ")}, easier to cut but more critical`, evidence: [] });
      scores.unshift(pilot);
    }
  }
  scores.forEach((s, i) => (s.rank = i + 1));
  return scores;
}

/**
 * The consultant's priority rules as discounts on (difficulty + risk): most deployed first (the team's
 * answer, else git churn), high-traffic read paths early. Each adds a reason saying by how much.
 */
function applyPriority(scores: ContextScore[], deployed: Map<string, string>, traffic: Traffic, scoring: Scoring, share?: Record<string, number>): void {
  const w = scoring.priority;
  const maxChurn = Math.max(0, ...scores.map((s) => s.value.commits12m));
  const maxShare = share ? Math.max(0, ...Object.values(share)) : 0;
  for (const s of scores) {
    const parts: Reason[] = [];
    let discount = 0;
    if (deployed.has(s.name)) {
      discount += w.mostDeployed;
      parts.push({ kind: "most-deployed", partner: deployed.get(s.name), share: w.mostDeployed, text: `the team named it ("${deployed.get(s.name)}") among the most deployed areas: extracting it early pays back with every deploy`, evidence: [] });
    } else if (deployed.size === 0 && maxChurn > 0 && s.value.commits12m > 0) {
      const d = w.churn * (s.value.commits12m / maxChurn);
      discount += d;
      parts.push({ kind: "churn", count: s.value.commits12m, share: round(d), text: `${s.value.commits12m} commits in the last 12 months, the team's most changed code is extracted earlier`, evidence: [] });
    }
    if (traffic.level > 0 && s.readShare > 0.5 && s.consistency !== "strong") {
      const pathShare = share ? (maxShare > 0 ? (share[s.name] ?? 0) / maxShare : 0) : 1;
      const d = w.trafficReadPath * traffic.level * (2 * s.readShare - 1) * pathShare;
      if (d > 0.005) {
        discount += d;
        parts.push({ kind: "traffic-read-path", count: traffic.dau ?? 0, share: round(d), text: `a read path (${Math.round(s.readShare * 100)}% of the access to its tables is reads) serving ${Math.round(traffic.dau ?? 0).toLocaleString("en-US")} daily users${traffic.peak > 1 ? ` with peaks of ×${traffic.peak}` : ""}: high-traffic read paths go early`, evidence: [] });
      }
    }
    s.discount = round(Math.min(w.maxDiscount, discount));
    s.total = round((s.difficulty + s.risk) * (1 - s.discount));
    s.reasons.push(...parts);
  }
}

/** Reads ÷ (reads + writes) of every access to a context's tables, by anyone. */
function readShares(clustering: Clustering, accesses: AccessFact[]): Map<string, number> {
  const counts = new Map<string, { r: number; w: number }>();
  for (const a of accesses) {
    const ctx = clustering.owner.get(`table:${a.table}`);
    if (!ctx || a.mode === "uses") continue;
    const c = counts.get(ctx) ?? { r: 0, w: 0 };
    if (a.mode === "read") c.r++;
    else c.w++;
    counts.set(ctx, c);
  }
  return new Map([...counts].map(([k, c]) => [k, round(c.r / (c.r + c.w))]));
}

function partners(xs: Crossing[], self: string): string[] {
  return [...new Set(xs.map((x) => (x.fromContext === self ? x.toContext : x.fromContext)))].sort(compareStrings);
}

function evidenceOf(xs: Crossing[]): Evidence[] {
  return dedupe(xs.flatMap((x) => x.evidence)).slice(0, MAX_EVIDENCE);
}

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line)
    .filter((e) => {
      const k = `${e.file}:${e.line}:${e.commit ?? ""}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

function describe(kind: string, n: number, partner: string): string {
  const s = n === 1 ? "" : "s";
  switch (kind) {
    case "join": return `${n} join${s} with ${partner}'s tables`;
    case "join-performed": return `its code joins ${partner}'s tables with each other (${n} statement${s})`;
    case "fk": return `${n} foreign key${s} to or from ${partner}`;
    case "tx": return `${n} transaction link${s} with ${partner}`;
    case "foreign-access-out": return `${n} read${s}/write${s} of ${partner}'s tables`;
    case "foreign-access-in": return `${partner} reads or writes its tables ${n} time${s}`;
    default: return `${n} import${s} across to or from ${partner}`;
  }
}
