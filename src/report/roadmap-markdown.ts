import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Roadmap, Risk, Pattern } from "../plan/roadmap.js";
import type { Reason } from "../score/order.js";
import { trafficReasonKo } from "../score/traffic.js";
import type { SagaStep } from "../plan/saga.js";
import { escapeMermaid, render } from "./template.js";
import { linkageWarningText } from "./linkage-text.js";

export type Lang = "en" | "ko";
export const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../templates");

const PATTERN: Record<Pattern, { en: string; ko: string }> = {
  "event-choreography": { en: "event choreography", ko: "이벤트 코레오그래피" },
  "saga-orchestration": { en: "saga orchestration", ko: "사가 오케스트레이션" },
  "saga-participant": { en: "saga participant", ko: "사가 참여자" },
  "cqrs-read-model": { en: "CQRS read model", ko: "CQRS 읽기 모델" },
  cache: { en: "cache", ko: "캐시" },
};
const CONSISTENCY = { eventual: { en: "eventual", ko: "최종 일관성" }, "read-your-writes": { en: "read-your-writes", ko: "자기 쓰기 읽기 보장" }, strong: { en: "strong", ko: "강한 일관성" } } as const;
const LAG_KO: Record<string, string> = {
  "60 s": "60초",
  "1 s for the writer, 60 s for others": "작성자 1초, 그 외 60초",
  "none: saga steps with compensations, no stale reads of owned data": "없음: 보상이 있는 사가 단계, 소유 데이터의 오래된 읽기 없음",
};

/** The roadmap as Markdown from `templates/roadmap.<lang>.md`; identifiers from code are escaped. */
export function roadmapMarkdown(r: Roadmap, repo: string, lang: Lang): string {
  const template = fs.readFileSync(path.join(TEMPLATES, `roadmap.${lang}.md`), "utf8");
  const money = (n: number) => `${r.currency === "KRW" ? "₩" : "$"}${Math.round(n).toLocaleString("en-US")}`;
  const where = (ev: Array<{ file: string; line: number; commit?: string }>) => ev.map((e) => (e.commit ? `commit ${e.commit.slice(0, 10)}` : `${e.file}:${e.line}`)).join(", ");
  const risk = (x: Risk) => ({
    crossFk: x.id === "cross-context-fk",
    noCircuitBreaker: x.id === "no-circuit-breaker",
    noTracing: x.id === "no-tracing",
    noCorrelation: x.id === "no-correlation-id",
    singleGateway: x.id === "single-gateway",
    detail: x.detail,
    where: where(x.evidence),
  });
  const contexts = r.contexts.map((c) => ({
    rank: c.rank,
    name: c.name,
    phase: c.phase,
    difficulty: c.difficulty.toFixed(1),
    risk: c.risk,
    consistencyEn: CONSISTENCY[c.consistency].en,
    consistencyKo: CONSISTENCY[c.consistency].ko,
    patternsEn: c.patterns.map((p) => PATTERN[p].en).join(", "),
    patternsKo: c.patterns.map((p) => PATTERN[p].ko).join(", "),
    allowedLag: lang === "ko" ? (LAG_KO[c.allowedLag] ?? c.allowedLag) : c.allowedLag,
    personWeeks: c.effort.personWeeks,
    people: c.effort.people,
    weeks: c.effort.weeks,
    weeksEn: `${c.effort.weeks} week${c.effort.weeks === 1 ? "" : "s"}`,
    startWeek: c.startWeek + 1,
    units: c.units.join(", "),
    tables: c.tables.join(", "),
    reasons: c.reasons.map((x) => ({ en: x.text, ko: reasonKo(x), where: where(x.evidence) })),
    sagas: c.sagas.map((s) => ({
      scope: s.scope,
      orchestrator: s.orchestrator,
      steps: s.steps.map((st) => ({ ...st, compensationKo: compensationKo(st), where: where([st.evidence]) })),
    })),
    risks: c.risks.map(risk),
  }));
  const first = r.contexts[0];
  const view = {
    repo,
    dataWarnings: r.dataWarnings.map((w) => linkageWarningText(w, lang)),
    contextCount: r.contexts.length,
    totalWeeks: r.totalWeeks,
    startLabel: r.start === "" ? "weeks counted from the start" : `starting ${r.start}`,
    startLabelKo: r.start === "" ? "시작일로부터 주 단위" : `${r.start} 시작`,
    currency: r.currency,
    contexts,
    pilot: first ? { name: first.name, firstReasonEn: first.reasons[0]?.text ?? "", firstReasonKo: first.reasons[0] ? reasonKo(first.reasons[0]) : "" } : null,
    foundation: {
      weeks: r.foundation.weeks,
      people: r.foundation.people,
      kafka: r.foundation.broker === "kafka",
      rabbitmq: r.foundation.broker === "rabbitmq",
      managed: r.foundation.broker === "managed-queue",
      risks: r.foundation.risks.map(risk),
    },
    contextMapEn: contextMap(r, "en"),
    contextMapKo: contextMap(r, "ko"),
    ganttEn: gantt(r, "en"),
    ganttKo: gantt(r, "ko"),
    cost: {
      services: r.cost.services,
      infraMonth: money(r.cost.infraMonth),
      apmMonth: money(r.cost.apmMonth),
      brokerMonth: money(r.cost.brokerMonth),
      hires: r.cost.hires,
      hiresYear: money(r.cost.hiresYear),
    },
    hires: r.cost.hires > 0,
    staffing: r.staffing,
    assumptions: r.assumptions,
    openQuestions: r.openQuestions,
  };
  return render(template, view).replace(/\n{3,}/g, "\n\n");
}

function contextMap(r: Roadmap, lang: Lang): string {
  const id = new Map(r.contexts.map((c, i) => [c.name, `c${i + 1}`]));
  const lines = ["flowchart LR"];
  for (const c of r.contexts) lines.push(`  ${id.get(c.name)}["${escapeMermaid(`${c.rank}. ${c.name}`)}"]`);
  for (const e of r.contextMap) {
    if (!id.has(e.from) || !id.has(e.to)) continue;
    const parts =
      lang === "en"
        ? [e.joins && `${e.joins} joins`, e.foreignKeys && `${e.foreignKeys} FKs`, e.transactions && `${e.transactions} tx`, e.access && `${e.access} table access`]
        : [e.joins && `조인 ${e.joins}`, e.foreignKeys && `FK ${e.foreignKeys}`, e.transactions && `트랜잭션 ${e.transactions}`, e.access && `테이블 접근 ${e.access}`];
    lines.push(`  ${id.get(e.from)} ---|"${escapeMermaid(parts.filter(Boolean).join(", "))}"| ${id.get(e.to)}`);
  }
  return lines.join("\n");
}

function gantt(r: Roadmap, lang: Lang): string {
  const task = (s: string) => s.replace(/[:;#]/g, "-");
  const start = r.start || "2000-01-03";
  const lines = [
    "gantt",
    `  title ${lang === "en" ? "Strangler Fig roadmap" : "스트랭글러 피그 로드맵"}`,
    "  dateFormat YYYY-MM-DD",
    `  axisFormat ${r.start ? "%Y-%m-%d" : "W%W"}`,
    `  section ${lang === "en" ? "Phase 1 foundation" : "1단계 기반"}`,
    `  ${lang === "en" ? "Foundation" : "기반 구축"} :f, ${start}, ${r.foundation.weeks}w`,
  ];
  let prev = "f";
  r.contexts.forEach((c, i) => {
    if (i === 0) lines.push(`  section ${lang === "en" ? "Phase 2 pilot" : "2단계 파일럿"}`);
    if (i === 1) lines.push(`  section ${lang === "en" ? "Phase 3 core" : "3단계 핵심"}`);
    lines.push(`  ${task(c.name)} :c${i + 1}, after ${prev}, ${Math.max(1, c.effort.weeks)}w`);
    prev = `c${i + 1}`;
  });
  return lines.join("\n");
}

function reasonKo(x: Reason): string {
  const n = x.count ?? 0;
  const p = x.partner ?? "";
  switch (x.kind) {
    case "join": return `${p}의 테이블과 조인 ${n}건`;
    case "join-performed": return `코드가 ${p}의 테이블끼리 조인함 (${n}개 문장)`;
    case "fk": return `${p}와(과)의 외래 키 ${n}개`;
    case "tx": return `${p}와(과) 한 트랜잭션으로 묶인 쓰기 ${n}건`;
    case "foreign-access-out": return `${p}의 테이블 읽기/쓰기 ${n}건`;
    case "foreign-access-in": return `${p}이(가) 이 컨텍스트의 테이블을 ${n}번 읽거나 씀`;
    case "import": return `${p}와(과)의 import ${n}건`;
    case "tx-strong": return `${p}와(과) 한 트랜잭션에서 쓰기: 현재 강한 일관성`;
    case "most-damaging": return "팀이 장애 시 가장 치명적인 도메인으로 꼽음";
    case "clean": return `경계를 넘는 조인, 외래 키, 트랜잭션, 다른 컨텍스트의 테이블 접근이 없음${p ? `; ${p}이(가) import로 사용` : ""}`;
    case "entangled": return `${p}처럼 보통 가장 먼저 분리하기 쉬운 이름이지만 코드가 얽혀 있음`;
    case "traffic": return trafficReasonKo(x);
    default: return x.text;
  }
}

function compensationKo(s: SagaStep): string {
  switch (s.action) {
    case "insert": return `이 단계가 넣은 ${s.table} 행 삭제`;
    case "update": return `단계 전에 읽어 둔 ${s.table} 값으로 복원`;
    case "delete": return `단계 전에 보관한 ${s.table} 행 다시 삽입`;
    default: return `${s.table} 변경 되돌리기 (단계 전에 기록)`;
  }
}
