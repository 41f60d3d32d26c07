import type { Clustering } from "../cluster/index.js";
import type { Evidence, RuntimeFacts, RuntimeStatement } from "../scan/facts.js";
import { isSystemTable } from "../scan/sql/system-tables.js";
import { compareStrings } from "../util/sort.js";
import { EVIDENCE_CHARS, truncate } from "../scan/database/runtime-facts.js";
import type { Reason } from "./order.js";

/**
 * RuntimeTraffic: how the database's calls fall on the contexts, from the statistics `--database` or `--queries`
 * read. A statement's calls go to the context whose code sends it (its SQL sites); a statement found in no
 * code goes to the owners of the tables it writes, else of those it reads. A statement of several contexts
 * is split evenly between them. Calls of statements on tables no context owns are counted as unattributed.
 */

export interface ContextTraffic {
  name: string;
  calls: number;
  /** calls ÷ all application calls (0–1). */
  share: number;
  /** Calls of statements that only read. */
  readCalls: number;
  writeCalls: number;
  statements: number;
  /** 1 = the most calls. */
  rank: number;
  /** Its busiest statement, as evidence (the code line that sends it, or the statistics row). */
  top: Evidence | null;
}

export interface TableTraffic {
  name: string;
  /** The context that owns the table; null for infrastructure or unplaced tables. */
  context: string | null;
  calls: number;
  readCalls: number;
  writeCalls: number;
  statements: number;
}

export interface RuntimeTraffic {
  /** Where the statistics came from (URL without password, or the export's name). */
  origin: string;
  /** Calls of statements that read or write an application table. */
  calls: number;
  /** Every context, by calls (most first), then name; those without calls too (share 0). */
  contexts: ContextTraffic[];
  tables: TableTraffic[];
  /** Calls of statements whose code and tables belong to no context. */
  unattributedCalls: number;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function measureTraffic(runtime: RuntimeFacts | undefined, clustering: Clustering, unitOfFile: (file: string) => string | undefined): RuntimeTraffic | null {
  if (!runtime) return null;
  const ownerOfTable = (t: string) => clustering.owner.get(`table:${t}`);
  const acc = new Map<string, { calls: number; readCalls: number; writeCalls: number; statements: number; top: RuntimeStatement | null }>(
    clustering.contexts.map((c) => [c.name, { calls: 0, readCalls: 0, writeCalls: 0, statements: 0, top: null }]),
  );
  let unattributed = 0;
  for (const s of runtime.statements) {
    if (!s.application) continue;
    const contexts = contextsOf(s, (f) => {
      const unit = unitOfFile(f);
      return unit === undefined ? undefined : clustering.owner.get(`module:${unit}`);
    }, ownerOfTable);
    if (!contexts.length) {
      unattributed += s.calls;
      continue;
    }
    const writes = s.accesses.some((a) => a.mode === "write" && !isSystemTable(a.table));
    const part = s.calls / contexts.length;
    for (const name of contexts) {
      const a = acc.get(name)!;
      a.calls += part;
      if (writes) a.writeCalls += part;
      else a.readCalls += part;
      a.statements++;
      // Its busiest statement; of equally busy ones, a read (what a read model would serve).
      if (!a.top || s.calls > a.top.calls || (s.calls === a.top.calls && !writes && writesAny(a.top))) a.top = s;
    }
  }
  const contexts: ContextTraffic[] = [...acc.entries()]
    .map(([name, a]) => ({
      name,
      calls: round(a.calls, 2),
      share: runtime.calls ? round(a.calls / runtime.calls) : 0,
      readCalls: round(a.readCalls, 2),
      writeCalls: round(a.writeCalls, 2),
      statements: a.statements,
      rank: 0,
      top: a.top ? topEvidence(a.top) : null,
    }))
    .sort((x, y) => y.calls - x.calls || compareStrings(x.name, y.name));
  contexts.forEach((c, i) => (c.rank = i + 1));
  return {
    origin: runtime.origin,
    calls: runtime.calls,
    contexts,
    tables: runtime.tables.map((t) => ({ name: t.name, context: ownerOfTable(t.name) ?? null, calls: t.calls, readCalls: t.readCalls, writeCalls: t.writeCalls, statements: t.statements })),
    unattributedCalls: round(unattributed, 2),
  };
}

const writesAny = (s: RuntimeStatement) => s.accesses.some((a) => a.mode === "write" && !isSystemTable(a.table));

/** The contexts a statement's calls belong to: its code's, else its written tables' owners, else its read tables'. */
function contextsOf(s: RuntimeStatement, contextOfFile: (f: string) => string | undefined, ownerOfTable: (t: string) => string | undefined): string[] {
  const distinct = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => x !== undefined))].sort(compareStrings);
  const byCode = distinct(s.sites.map((x) => contextOfFile(x.file)));
  if (byCode.length) return byCode;
  const tables = s.accesses.filter((a) => !isSystemTable(a.table));
  const byWrites = distinct(tables.filter((a) => a.mode === "write").map((a) => ownerOfTable(a.table)));
  if (byWrites.length) return byWrites;
  return distinct(tables.map((a) => ownerOfTable(a.table)));
}

function topEvidence(s: RuntimeStatement): Evidence {
  const at = s.sites[0] ?? { file: s.file, line: s.line };
  return { file: at.file, line: at.line, source: "runtime", statement: truncate(s.text, EVIDENCE_CHARS), calls: s.calls };
}

/** "62%" / "0.4%": a share as people read it. */
export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : Math.round(p * 10) / 10}%`;
}

/** A reason that says where a context ranks by traffic (`kind: "traffic"`), in both languages. */
export interface TrafficReason extends Reason {
  kind: "traffic";
  share: number;
  rank: number;
  /** Contexts ranked. */
  of: number;
  /** Share of its calls that only read. */
  readShare: number;
}

/**
 * The roadmap's hook for runtime traffic (issue 16): each context's score gets its `traffic` figures, and a
 * context the database ran any statement for gets a reason saying its share of the calls and its rank by
 * traffic (the busiest one first among its reasons: a high-traffic read path is worth extracting early
 * behind its own read model). The order itself is the scorer's; this only measures and says.
 */
export function withTraffic<S extends { name: string; reasons: Reason[] }>(scores: S[], traffic: RuntimeTraffic | null): Array<S & { traffic?: ContextTraffic }> {
  if (!traffic) return scores;
  const byName = new Map(traffic.contexts.map((c) => [c.name, c]));
  const ranked = traffic.contexts.filter((c) => c.calls > 0).length;
  for (const s of scores as Array<S & { traffic?: ContextTraffic }>) {
    const t = byName.get(s.name);
    if (!t) continue;
    s.traffic = t;
    if (t.calls <= 0) continue;
    const reason: TrafficReason = { kind: "traffic", count: Math.round(t.calls), share: t.share, rank: t.rank, of: ranked, readShare: t.calls ? round(t.readCalls / t.calls) : 0, text: trafficText(t, ranked), evidence: t.top ? [t.top] : [] };
    if (t.rank === 1) s.reasons.unshift(reason);
    else s.reasons.push(reason);
  }
  return scores;
}

function trafficText(t: ContextTraffic, of: number): string {
  const reads = t.calls ? t.readCalls / t.calls : 0;
  const base = `${percent(t.share)} of the database's calls (${ordinal(t.rank)} of ${of} by traffic; ${percent(reads)} reads)`;
  if (t.rank === 1) return `carries ${base}, the most of any context${reads >= 0.5 ? ": a high-traffic read path, worth extracting early behind its own read model or cache" : ": the busiest write path"}`;
  return `carries ${base}`;
}

/** The Korean sentence of a traffic reason (templates/roadmap.ko.md). */
export function trafficReasonKo(x: Reason): string {
  const t = x as TrafficReason;
  const base = `데이터베이스 호출의 ${percent(t.share)} (트래픽 순위 ${t.of}개 중 ${t.rank}위, 읽기 ${percent(t.readShare)})`;
  if (t.rank === 1) return `${base}: 가장 많은 호출${t.readShare >= 0.5 ? ", 자체 읽기 모델이나 캐시 뒤로 먼저 분리할 가치가 있는 고트래픽 읽기 경로" : ", 가장 바쁜 쓰기 경로"}`;
  return base;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${s}`;
}
