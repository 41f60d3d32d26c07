import type { Reason } from "../score/order.js";
import type { Compensation, SagaAction, SagaStep, StepGap } from "../plan/saga.js";
import type { RankedRisk } from "../plan/risks.js";
import type { FoundationItem } from "../plan/foundation.js";
import type { EffortItem } from "../plan/effort.js";
import type { AnswerEffect, Notice, Pattern, Roadmap } from "../plan/roadmap.js";
import type { AnswerChange } from "../plan/what-if.js";
import type { Playbook } from "../plan/playbook.js";
import type { Consistency } from "../rules/domains.js";
import { FIELDS, keyOf } from "../config/team-fields.js";
import { code, count, money, moneyRange, places } from "./markdown-text.js";
import { josa } from "./korean.js";
import { trafficReasonKo } from "../score/runtime-traffic.js";
import { weakStructureText } from "./structure-text.js";

/*
 * Every sentence of the roadmap that is built from data, in English and in Korean side by side, so one
 * cannot drift from the other. Identifiers, paths and SQL from the scanned code are code spans; Korean
 * particles follow the last syllable actually printed (src/report/korean.ts).
 */

export type Lang = "en" | "ko";

const c = code;
const ko = (lang: Lang) => lang === "ko";
/** Korean names of the contexts being written (from rules/domains.yaml), set only while a roadmap is rendered. */
let koreanLabels = new Map<string, string>();
export function withKoreanLabels<T>(labels: Map<string, string>, render: () => T): T {
  const before = koreanLabels;
  koreanLabels = labels;
  try {
    return render();
  } finally {
    koreanLabels = before;
  }
}
/** A context's name: its id as a code span; in Korean its Korean name with the id beside it: 결제(`payment`). */
export function contextName(x: string, lang: Lang): string {
  const label = ko(lang) ? koreanLabels.get(x) : undefined;
  return label ? `${label}(${c(x)})` : c(x);
}
/** Context names joined: `a`, `b` and `c` / 결제(`payment`), 재고(`inventory`). */
export function names(xs: string[], lang: Lang): string {
  const spans = xs.map((x) => contextName(x, lang));
  if (ko(lang) || spans.length < 2) return spans.join(", ");
  return `${spans.slice(0, -1).join(", ")} and ${spans[spans.length - 1]}`;
}
export const more = (lang: Lang) => (n: number) => (ko(lang) ? `외 ${n}곳` : `and ${n} more`);
export const where = (ev: Parameters<typeof places>[0], lang: Lang, max = 4, total = ev.length) => places(ev, more(lang), max, total);

export const PATTERN: Record<Pattern, { en: string; ko: string }> = {
  "event-choreography": { en: "event choreography", ko: "이벤트 코레오그래피" },
  "saga-orchestration": { en: "saga orchestration", ko: "사가 오케스트레이션" },
  "saga-participant": { en: "saga participant", ko: "사가 참여자" },
  "cqrs-read-model": { en: "CQRS read model", ko: "CQRS 읽기 모델" },
  cache: { en: "cache", ko: "캐시" },
};
export const CONSISTENCY: Record<Consistency, { en: string; ko: string }> = {
  eventual: { en: "eventual", ko: "최종 일관성" },
  "read-your-writes": { en: "read-your-writes", ko: "쓰기 후 읽기 일관성" },
  strong: { en: "strong", ko: "강한 일관성" },
};
const VALUE_KO: Record<string, string> = {
  daily: "매일", weekly: "주 1회", biweekly: "2주 1회", monthly: "월 1회",
  none: "없음", some: "일부 경험", production: "운영 경험",
  commerce: "커머스", other: "기타",
};

/** The plan's scope: the whole would not be right, so a part is planned and the rest is a backlog. */
function scopeText(n: Extract<Notice, { kind: "scope" }>, lang: Lang): string {
  const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(", ");
  if (ko(lang)) {
    const weeks = n.reasons.includes("weeks") ? `지금 팀으로 ${n.fullContexts}개 컨텍스트를 모두 분리하면 ${n.fullWeeks}주가 걸려 ${n.maxWeeks}주(2년)를 넘` : null;
    const staff = n.reasons.includes("staff") ? `팀이 맡을 수 있는 서비스는 서비스당 엔지니어 ${n.engineersPerService}명 기준으로 ${n.staffable}개인데 컨텍스트는 ${n.fullContexts}개` : null;
    const why = weeks && staff ? `${weeks}고, ${staff}라` : weeks ? `${weeks}어` : `${staff}라`;
    return `이 계획은 범위를 줄였습니다. ${why} 전체를 한 번에 계획해서는 맞을 수 없습니다. 그래서 분리 순서의 앞쪽 ${n.planned.length}개 컨텍스트(${list(n.planned)})만 단계별로 계획하고, 나머지 ${n.backlog.length}개는 단계 없이 백로그로 둡니다: ${list(n.backlog)}. 범위 안의 분리가 끝난 뒤 측정값으로 다시 계획하거나, 이웃 컨텍스트를 합쳐 수를 줄이십시오.`;
  }
  const why = [
    ...(n.reasons.includes("weeks") ? [`extracting all ${n.fullContexts} contexts with this team would take ${n.fullWeeks} weeks, past ${n.maxWeeks} (two years)`] : []),
    ...(n.reasons.includes("staff") ? [`the team can own ${n.staffable} services at ${n.engineersPerService} engineers each, and there are ${n.fullContexts} contexts`] : []),
  ].join("; and ");
  return `This plan covers a scope, not the whole: ${why}. No plan for the whole can be right with these figures, so it plans the first ${n.planned.length} contexts of the order (${list(n.planned)}) and lists the other ${n.backlog.length} as a backlog, without phases: ${list(n.backlog)}. Plan again from measured figures once the scope is done, or merge neighbouring contexts to make fewer.`;
}

export function notice(n: Notice, lang: Lang): string {
  if (n.kind === "weak-structure") return weakStructureText(n.modularity, ko(lang) ? "ko" : "en");
  if (n.kind === "scope") return scopeText(n, lang);
  if (n.kind === "no-contexts") {
    return ko(lang)
      ? "분리할 것이 없습니다. 공유 인프라 밖에서 바운디드 컨텍스트를 하나도 찾지 못했으므로(테이블을 읽거나 쓰는 코드 단위도, 서로 참조하는 코드 단위도 없음) 일정과 비용을 계산하지 않았습니다."
      : "Nothing to extract: no bounded context was found outside shared infrastructure (no code unit that reads or writes a table, or that other units use), so no schedule or cost is computed.";
  }
  return ko(lang)
    ? "코드와 스키마에서 테이블을 하나도 찾지 못했습니다. 컨텍스트와 순서는 모듈 간 참조만으로 정했고, 데이터 접근에서 나오는 사가, 일관성, 데이터 이전 계획은 세우지 못했습니다."
    : "No table was found in the code or the schema: the contexts and their order come from imports alone, and no saga, consistency level or data move could be planned from data access.";
}

export function calendarText(r: Roadmap, lang: Lang): string {
  if (!r.calendar) return ko(lang) ? "시작일이 없어 주 차로만 셉니다. 날짜가 필요하면 `--start`로 시작일을 주거나 git 저장소에서 실행하세요." : "Weeks are counted from the start: give a first day with `--start`, or run it on a git repository, to get dates.";
  if (r.calendar.from === "git") return ko(lang) ? `최신 커밋 다음 월요일인 ${r.calendar.start}에 시작합니다.` : `It starts on ${r.calendar.start}, the Monday after the newest commit.`;
  return ko(lang) ? `${r.calendar.start}에 시작합니다.` : `It starts on ${r.calendar.start}.`;
}

/** "3 parallel streams of 4 engineers" / "one stream of 4 engineers" (4명씩 3개 스트림). */
export function streamsText(streams: number, squad: number, lang: Lang): string {
  if (ko(lang)) return streams === 1 ? `${squad}명으로 된 스트림 하나가 진행합니다` : `${squad}명씩 ${streams}개 스트림이 동시에 진행합니다`;
  return streams === 1 ? `one stream of ${squad} engineer${squad === 1 ? "" : "s"}` : `${streams} parallel streams of ${squad} engineers`;
}

// ───────────────────────────── reasons ─────────────────────────────

const LEVEL_KO: Record<string, string> = { low: "낮음", medium: "보통", high: "높음", critical: "매우 높음" };
const SIGNAL_KO: Record<string, string> = {
  money: "금액을 저장하는 컬럼",
  price: "가격 컬럼",
  secret: "비밀번호·토큰 같은 비밀 정보",
  stock: "재고 예약",
  "inbound-fk": "다른 컨텍스트 테이블의 외래 키 참조",
  "shared-tx": "다른 컨텍스트와 한 트랜잭션에서 쓰기",
  "write-share": "저장소 전체 쓰기 중 큰 비중",
  traffic: "데이터베이스 호출 중 큰 비중",
  prior: "도메인 어휘의 기본값",
  "most-damaging": "팀이 꼽은 가장 치명적인 도메인",
};

/** A criticality reason in Korean: the level and the kinds of evidence behind it (the lines follow). */
function criticalityKo(x: Reason): string {
  const signals = (x.signals ?? []).map((k) => SIGNAL_KO[k] ?? k);
  return `중요도 ${LEVEL_KO[x.level ?? ""] ?? x.level ?? ""}: 근거는 ${signals.join(", ")}`;
}

export function reasonText(x: Reason, lang: Lang): string {
  const n = x.count ?? 0;
  const ps = x.partners ?? (x.partner ? [x.partner] : []);
  const p = ps.length ? c(ps[0]) : "";
  const s = n === 1 ? "" : "s";
  if (ko(lang)) {
    switch (x.kind) {
      case "join": return `${p}의 테이블과 조인 ${n}건`;
      case "join-performed": return `코드가 ${josa(c(ps[0]), "과/와")} ${c(ps[1] ?? "")}의 테이블을 서로 조인함(SQL 문 ${n}개)`;
      case "fk": return `${josa(p, "과/와")}의 외래 키 ${n}개`;
      case "tx": return `${josa(p, "과/와")} 한 트랜잭션으로 묶인 쓰기 ${n}건`;
      case "foreign-access-out": return `${p}의 테이블을 읽거나 쓰는 곳 ${n}건`;
      case "foreign-access-in": return `${josa(p, "이/가")} 이 컨텍스트의 테이블을 읽거나 쓰는 곳 ${n}건`;
      case "import": return `${josa(p, "과/와")} 주고받는 모듈 참조 ${n}건`;
      case "tx-strong": return `${josa(names(ps, lang), "과/와")} 한 트랜잭션에서 씀: 지금은 강한 일관성`;
      case "most-damaging": return `팀이 장애 시 가장 치명적인 도메인으로 꼽음("${x.partner ?? ""}")`;
      case "clean": return `경계를 넘는 조인, 외래 키, 트랜잭션, 다른 컨텍스트의 테이블 접근이 없${ps.length ? `고, ${josa(names(ps, lang), "은/는")} 모듈 참조로만 씁니다` : "습니다"}`;
      case "entangled": return `${p}처럼 보통 처음 분리하기 쉬운 이름이지만 코드가 얽혀 있음`;
      case "most-deployed": return `팀이 가장 자주 배포되는 영역으로 꼽음("${x.partner ?? ""}"): 일찍 분리할수록 배포할 때마다 이득`;
      case "churn": return `최근 12개월 커밋 ${n}건: 가장 자주 바뀌는 코드를 먼저 분리`;
      case "traffic": return trafficReasonKo(x);
      case "no-table": return "소유한 테이블이 없음: 옮길 데이터가 없는 로직이나 게이트웨이이므로, 가장 많이 호출하는 컨텍스트와 함께 분리하거나 공유 라이브러리로 두고, 데이터를 가진 컨텍스트 뒤에 둡니다";
      case "platform": return "비즈니스 도메인이 아닌 플랫폼 기능(캐시, 작업 큐, 스케줄러, 설정 등의 테이블): 보통 기반 구축 단계에서 관리형 인프라로 대체하므로 도메인 뒤에 두며 파일럿으로 삼지 않습니다";
      case "undeclared": return "테이블이 저장소의 스키마, 마이그레이션, 엔티티 어디에도 선언되지 않고 쿼리에만 나옴: 다른 데이터베이스나 테스트의 쿼리일 수 있어 계획 전에 확인이 필요하며, 선언된 데이터를 가진 컨텍스트 뒤에 둡니다";
      case "no-code": return "테이블만 있고 백엔드 코드가 없음: 스키마 외에 분리할 것이 없어, 이를 쓰는 컨텍스트와 함께 옮기며 데이터를 가진 컨텍스트 뒤에 둡니다";
      case "traffic-read-path": return `읽기 경로이고 일간 사용자 ${count(n)}명의 트래픽을 받음: 트래픽이 많은 읽기 경로를 먼저 분리`;
      case "criticality": return criticalityKo(x);
      case "pilot-criticality": return `파일럿이므로 먼저 분리: 파일럿은 장애 영향이 가장 작은 컨텍스트로 플랫폼을 검증하므로, 분리는 더 쉽지만 중요도가 더 높은 ${names(x.partners ?? [], lang)}보다 앞에 둡니다`;
      default: return x.text;
    }
  }
  switch (x.kind) {
    case "join": return `${n} join${s} with ${p}'s tables`;
    case "join-performed": return `its code joins ${c(ps[0])} and ${c(ps[1] ?? "")}'s tables with each other (${n} statement${s})`;
    case "fk": return `${n} foreign key${s} to or from ${p}`;
    case "tx": return `${n} transaction link${s} with ${p}`;
    case "foreign-access-out": return `${n} read${s} or write${s} of ${p}'s tables`;
    case "foreign-access-in": return `${p} reads or writes its tables ${n} time${s}`;
    case "import": return `${n} import${s} across to or from ${p}`;
    case "tx-strong": return `writes in one transaction with ${names(ps, lang)}: strongly consistent today`;
    case "most-damaging": return `the team named it ("${x.partner ?? ""}") the domain that hurts most when it fails`;
    case "clean": return `no join, foreign key, transaction or foreign table access crosses its boundary${ps.length ? `; ${names(ps, lang)} use it through imports` : ""}`;
    case "entangled": return `named like ${p}, usually an easy first extraction, but its code is entangled`;
    case "most-deployed": return `the team named it ("${x.partner ?? ""}") among the most deployed areas: extracting it early pays back with every deploy`;
    case "churn": return `${n} commits in the last 12 months: the most changed code goes first`;
    case "traffic-read-path": return `a read path serving ${count(n)} daily users: high-traffic read paths go early`;
    default: return x.text;
  }
}

// ───────────────────────────── effort ─────────────────────────────

export function effortItems(items: EffortItem[], lang: Lang): string {
  const t = (i: EffortItem) => {
    const pw = i.personWeeks;
    if (ko(lang)) {
      switch (i.id) {
        case "service": return `서비스 구축 ${pw}`;
        case "tables": return `테이블 ${i.count}개 이관 ${pw}`;
        case "code": return `코드 ${count(i.count)}줄 ${pw}`;
        case "joins": return `조인 ${i.count}건 ${pw}`;
        case "foreign-keys": return `외래 키 ${i.count}개 ${pw}`;
        case "foreign-access": return `다른 컨텍스트 테이블 접근 ${i.count}건 ${pw}`;
        case "inbound-access": return `외부에서 오는 테이블 접근 ${i.count}건 ${pw}`;
        case "saga-participation": return `사가 참여 ${i.count}건 ${pw}`;
        case "saga-steps": return `사가 단계 ${i.count}개 ${pw}`;
        case "external-steps": return `외부 호출 단계 ${i.count}개 ${pw}`;
        case "pilot": return `파일럿 추가 작업 ${pw}`;
        case "tests-first": return `분리 전 테스트 보강(커버리지 부족 ${i.count}%p) ${pw}`;
      }
    }
    switch (i.id) {
      case "service": return `new service ${pw}`;
      case "tables": return `${i.count} table${i.count === 1 ? "" : "s"} to move ${pw}`;
      case "code": return `${count(i.count)} lines of code ${pw}`;
      case "joins": return `${i.count} cross join${i.count === 1 ? "" : "s"} ${pw}`;
      case "foreign-keys": return `${i.count} foreign key${i.count === 1 ? "" : "s"} ${pw}`;
      case "foreign-access": return `${i.count} foreign table access${i.count === 1 ? "" : "es"} ${pw}`;
      case "inbound-access": return `${i.count} inbound table access${i.count === 1 ? "" : "es"} ${pw}`;
      case "saga-participation": return `${i.count} saga participation${i.count === 1 ? "" : "s"} ${pw}`;
      case "saga-steps": return `${i.count} saga step${i.count === 1 ? "" : "s"} ${pw}`;
      case "external-steps": return `${i.count} external call step${i.count === 1 ? "" : "s"} ${pw}`;
      case "pilot": return `pilot overhead ${pw}`;
      case "tests-first": return `tests first (coverage ${i.count} points under target) ${pw}`;
    }
  };
  return items.map(t).join(", ");
}

// ───────────────────────────── sagas ─────────────────────────────

export function actionText(a: SagaAction, lang: Lang): string {
  const via = a.callee && a.kind !== "external" ? (ko(lang) ? `${josa(c(a.callee), "을/를")} 통해 ` : `through ${c(a.callee)}: `) : "";
  const t = a.table ? c(a.table) : "";
  const set = a.set ? ` (${c(a.set)})` : "";
  switch (a.kind) {
    case "insert": return via + (ko(lang) ? `${t}에 행 추가` : `insert into ${t}`);
    case "update": return via + (ko(lang) ? `${t} 갱신${set}` : `update ${t}${set}`);
    case "delete": return via + (ko(lang) ? `${t}에서 행 삭제` : `delete from ${t}`);
    case "write": return via + (ko(lang) ? `${t}에 쓰기` : `write ${t}`);
    case "external": return ko(lang) ? `${c(a.callee ?? "")} 호출 → ${c(a.target ?? "")}` : `${c(a.callee ?? "")} → ${c(a.target ?? "")}`;
  }
}

export function compensationText(x: Compensation, lang: Lang, stepOf: (table: string) => number | null): string {
  const k = ko(lang);
  switch (x.kind) {
    case "call": return k ? `${josa(c(x.name), "으로/로")} 취소(${c(`${x.file}:${x.line}`)})` : `call ${c(x.name)} (${c(`${x.file}:${x.line}`)})`;
    case "library": return k ? `${c(`${x.client}`)}의 ${c(x.call)} 호출` : `call ${c(x.call)} of ${c(x.client)}`;
    case "status": {
      const col = c(`${x.table}.${x.column}`);
      if (x.from !== null && x.to) return k ? `${josa(col, "이/가")} 아직 ${c(`'${x.from}'`)}이면 ${josa(c(`'${x.to}'`), "으로/로")} 되돌림` : `set ${col} back to ${c(`'${x.to}'`)} where it is still ${c(`'${x.from}'`)}`;
      if (x.from !== null) return k ? `${josa(col, "이/가")} 아직 ${c(`'${x.from}'`)}이면 단계 전에 읽은 상태로 되돌림` : `set ${col} back to the state read before the step, where it is still ${c(`'${x.from}'`)}`;
      return k ? `${josa(col, "을/를")} ${josa(c(`'${x.to}'`), "으로/로")} 변경${x.newState ? "(새로 추가할 상태)" : ""}` : `set ${col} to ${c(`'${x.to}'`)}${x.newState ? " (a new state to add)" : ""}`;
    }
    case "inverse": return k ? `${c(x.table)}에 역연산 ${c(x.set)} 적용(갱신 유실 없음)` : `apply the inverse change ${c(x.set)} to ${c(x.table)} (no lost update)`;
    case "covered": {
      if (x.by === x.table) {
        const step = stepOf(x.table);
        return k ? `별도 보상 없음: ${step ? `${step}단계의 ` : ""}보상이 ${c(x.table)} 행을 취소함` : `none of its own: ${step ? `step ${step}'s compensation` : "an earlier compensation"} cancels the ${c(x.table)} row`;
      }
      return k ? `별도 보상 없음: 취소되는 ${c(x.by)} 행에 딸린 행(${c("ON DELETE CASCADE")})` : `none of its own: it belongs to the ${c(x.by)} row, which is cancelled (${c("ON DELETE CASCADE")})`;
    }
    case "delete": return k ? `넣은 행을 키로 삭제(상태 열이 없고 아직 참조하는 곳이 없음)` : `delete the row it inserted, by its key (no status column; nothing refers to it yet)`;
    case "compare-and-set": return k ? `행이 아직 이 단계의 값일 때만 이전 값으로 되돌림(버전 확인)` : `write back the value read before, only where the row still holds this step's value (version check)`;
    case "soft-delete": return k ? `지우지 말고 삭제 표시를 해 되살릴 수 있게 함` : `mark the row deleted instead of deleting it, so it can be restored`;
    case "irreversible": return k ? `되돌릴 수 없음: 사가가 커밋된 뒤로 옮김` : `none: it cannot be undone; move it after the saga commits`;
    case "missing": return k ? `코드와 클라이언트 라이브러리에 취소 기능이 없음: ${c(x.target)}의 취소 호출부터 만들어야 함` : `none in the code or the client library: write a void or cancel call for ${c(x.target)} first`;
  }
}

export function stepPolicy(s: SagaStep, lang: Lang): string {
  if (ko(lang)) return `${s.timeoutSeconds}초, ${s.retries ? `재시도 ${s.retries}회` : "재시도 없음"}`;
  return `${s.timeoutSeconds} s, ${s.retries ? `${s.retries} ${s.retries === 1 ? "retry" : "retries"}` : "no retry"}`;
}

export function gapText(g: StepGap, lang: Lang): string {
  const at = g.evidence ? ` (${where([g.evidence], lang)})` : "";
  switch (g.id) {
    case "no-timeout": return ko(lang) ? `타임아웃 없음${at}` : `no timeout${at}`;
    case "no-idempotency-key": return ko(lang) ? `멱등 키를 보내지 않음${at}` : `no idempotency key sent${at}`;
    case "no-retry": return ko(lang) ? "`package.json`에 재시도 라이브러리 없음" : "no retry library in `package.json`";
  }
}

// ───────────────────────────── risks ─────────────────────────────

const RISK_TITLE: Record<RankedRisk["id"], { en: string; ko: string }> = {
  "external-call-in-transaction": { en: "A call out of the process inside a database transaction", ko: "데이터베이스 트랜잭션 안의 외부 호출" },
  "distributed-transaction": { en: "Transactions that span contexts", ko: "여러 컨텍스트에 걸친 트랜잭션" },
  "pilot-sync-call": { en: "The pilot is called synchronously", ko: "파일럿을 동기로 호출함" },
  "sync-call-across-boundary": { en: "Synchronous calls across new boundaries", ko: "새 경계를 넘는 동기 호출" },
  "single-gateway": { en: "The gateway is a single point of failure", ko: "게이트웨이가 단일 장애 지점" },
  "no-circuit-breaker": { en: "No circuit breaker", ko: "서킷 브레이커 없음" },
  "no-timeouts-retries": { en: "Calls without timeouts or retries", ko: "타임아웃과 재시도 없는 호출" },
  "shared-write": { en: "Tables written by more than one context", ko: "여러 컨텍스트가 쓰는 테이블" },
  "no-correlation-id": { en: "No correlation id on incoming requests", ko: "들어오는 요청에 상관관계 ID 없음" },
  "no-tracing": { en: "No distributed tracing", ko: "분산 추적 없음" },
  "cross-context-fk": { en: "Foreign keys across contexts", ko: "컨텍스트를 넘는 외래 키" },
  "cross-context-join": { en: "Queries that join across contexts", ko: "컨텍스트를 넘는 조인 쿼리" },
};

export function riskTitle(r: RankedRisk, lang: Lang): string {
  return RISK_TITLE[r.id][lang];
}

/** What the code shows of it. */
export function riskEvidence(r: RankedRisk, lang: Lang): string {
  const d = r.detail;
  const k = ko(lang);
  const at = r.evidence.length ? ` (${where(r.evidence, lang, 4, r.evidenceTotal)})` : "";
  const list = (xs: string[] = [], max = 4) => xs.slice(0, max).map((x) => c(x)).join(", ") + (xs.length > max ? (k ? ` 외 ${xs.length - max}개` : ` and ${xs.length - max} more`) : "");
  switch (r.id) {
    case "external-call-in-transaction": return k ? `사가 ${list(d.sagas)}의 트랜잭션 안에서 ${list(d.calls)} 호출${at}` : `${list(d.calls)} inside the transaction of ${list(d.sagas)}${at}`;
    case "distributed-transaction": return k ? `${list(d.sagas)}의 트랜잭션이 ${names(d.participants ?? [], lang)}의 테이블까지 씀${at}` : `${list(d.sagas)} write${(d.sagas ?? []).length === 1 ? "s" : ""} the tables of ${names(d.participants ?? [], lang)} in one transaction${at}`;
    case "pilot-sync-call": return k ? `${josa(names(d.callers ?? [], lang), "이/가")} ${list(d.calls)}의 결과를 기다림: ${r.count}곳${at}` : `${names(d.callers ?? [], lang)} await ${list(d.calls)} in ${r.count} place${r.count === 1 ? "" : "s"}${at}`;
    case "sync-call-across-boundary": return k ? `${list(d.calls, 6)}${at}` : `${list(d.calls, 6)}${at}`;
    case "single-gateway": return k ? `조립 지점 하나(${c(d.root ?? "")})가 모든 요청을 받음` : `one composition root, ${c(d.root ?? "")}, takes every request`;
    case "no-circuit-breaker": return k ? `\`package.json\`에 서킷 브레이커 라이브러리가 없는데, 경계를 넘거나 프로세스 밖으로 나가는 호출이 ${r.count}곳${at}` : `no circuit breaker library in \`package.json\`, and ${r.count} calls across boundaries or out of the process${at}`;
    case "no-timeouts-retries": return k ? `${list(d.calls)}${at}` : `${list(d.calls)}${at}`;
    case "shared-write": return k ? `${list(d.tables)}${at}` : `${list(d.tables)}${at}`;
    case "no-correlation-id": {
      const out = d.outbound?.length ? (k ? ` 요청 ID는 나가는 호출에만 있습니다(${where(d.outbound, lang)})` : `; a request id appears only on an outbound call (${where(d.outbound, lang)})`) : "";
      return k ? `들어오는 요청에서 요청 ID를 읽거나 만드는 곳이 없고, 로그에 싣는 곳도 없습니다.${out}` : `no incoming request takes or is given a request id, and no log line carries one${out}`;
    }
    case "no-tracing": return k ? "`package.json`에 분산 추적 라이브러리가 없음" : "no tracing library in `package.json`";
    case "cross-context-fk": return k ? `${r.count}개: ${list(d.tables, 3)}${at}` : `${r.count}: ${list(d.tables, 3)}${at}`;
    case "cross-context-join": return k ? `SQL 문 ${r.count}곳${at}` : `${r.count} statements${at}`;
  }
}

export function riskImpact(r: RankedRisk, lang: Lang, pilot: string | null): string {
  const k = ko(lang);
  switch (r.id) {
    case "external-call-in-transaction": return k ? "외부 시스템이 응답할 때까지 트랜잭션이 잠금을 붙잡습니다. 외부 시스템이 느리거나 실패하면 호출하는 쪽과 데이터베이스가 함께 멈추고, 외부에서 이미 처리된 뒤 롤백되면 어디에도 기록되지 않은 변경이 외부에 남습니다." : "the transaction holds its locks while the external system answers; a slow or failing one stalls its callers and the database with them, and a rollback after it said yes leaves a change there that nothing records.";
    case "distributed-transaction": return k ? "컨텍스트가 서비스로 나뉘면 데이터베이스 트랜잭션 하나로 테이블의 일관성을 지킬 수 없습니다. 사가 없이 중간에 실패하면 일부 서비스만 바뀐 채로 남습니다." : "once the contexts are services, one database transaction can no longer keep their tables consistent: without a saga, a failure half-way leaves some services changed and others not.";
    case "pilot-sync-call": return k ? `${josa(c(pilot ?? ""), "은/는")} 파일럿이고, 파일럿의 목표는 장애가 나도 나머지를 멈추지 않는 것입니다. 그런데 호출하는 쪽이 결과를 기다리므로, 서비스로 분리되는 순간 파일럿의 장애나 지연이 그 요청까지 실패시킵니다.` : `${c(pilot ?? "")} is the pilot, whose goal is to fail without taking the rest down; but its callers wait for it, so once it is a service its outage or slowness fails their requests too.`;
    case "sync-call-across-boundary": return k ? "각 호출이 네트워크 호출이 됩니다. 호출이 이어질수록 지연이 쌓이고, 호출받는 쪽이 실패하면 호출하는 쪽도 실패합니다." : "each becomes a network call: latency adds up along the chain, and the caller fails when the callee does.";
    case "single-gateway": return k ? "모놀리스와 새 서비스 앞에 놓이는 스트랭글러 파사드가 멈추면 모든 요청이 멈춥니다." : "when the strangler facade in front of the monolith and the new services goes down, everything does.";
    case "no-circuit-breaker": return k ? "느린 의존 서비스가 호출하는 쪽의 연결과 스레드를 붙잡아 결국 호출하는 쪽까지 실패하게 만듭니다. 장애 하나가 연쇄로 번집니다." : "a slow dependency ties up its callers' connections until they fail too: one failure cascades.";
    case "no-timeouts-retries": return k ? "응답이 오지 않는 호출은 요청을 무한정 붙잡습니다. 멱등 키 없이 재시도하면 이중 결제나 이중 예약이 생깁니다." : "a call that never returns holds its request forever; a call retried without an idempotency key charges or books twice.";
    case "shared-write": return k ? "분리 뒤에는 둘 중 하나가 자기 것이 아닌 데이터베이스에 쓰게 됩니다. 쓰는 쪽이 둘이면 단일 진실 공급원이 없고 스키마도 안전하게 바꿀 수 없습니다." : "after the split one of them writes a database it does not own: two writers, no single source of truth, and no safe way to change the schema.";
    case "no-correlation-id": return k ? "한 요청의 로그를 서비스 사이에서 이을 수 없어, 두 서비스에 걸친 장애를 실마리 없이 추적해야 합니다." : "the log lines of one request cannot be joined across services: an incident spanning two of them is investigated blind.";
    case "no-tracing": return k ? "서비스를 건너는 요청을 따라갈 수 없고, 구간별 지연도 나눠 볼 수 없습니다." : "a request crossing services cannot be followed, nor its latency broken down by hop.";
    case "cross-context-fk": return k ? "외래 키 제약은 두 데이터베이스에 걸칠 수 없습니다. 한쪽이 분리되는 순간 참조 무결성이 조용히 사라집니다." : "a constraint cannot span two databases: when one side leaves, referential integrity silently stops being enforced.";
    case "cross-context-join": return k ? "테이블이 두 데이터베이스로 나뉘면 쿼리가 동작하지 않고, 코드에서 다시 조합하면 지연이 늘어납니다." : "the query stops working once the tables are in two databases; recomposing it in code costs latency.";
  }
}

export function riskRemedy(r: RankedRisk, lang: Lang): string {
  const k = ko(lang);
  const d = r.detail;
  switch (r.id) {
    case "external-call-in-transaction": return k ? "호출을 트랜잭션 밖으로 꺼내 사가의 독립된 단계로 만듭니다(아래 사가 참고). 요청에 멱등 키를 붙이고, 타임아웃을 두고, 같은 키로만 재시도하며, 뒤 단계가 실패하면 보상(승인 취소나 환불)을 실행합니다." : "take the call out of the transaction as a saga step of its own (see the saga below): an idempotency key on the request, a timeout, retries only with that key, and its compensation (void or refund) when a later step fails.";
    case "distributed-transaction": return k ? "각 트랜잭션을 오케스트레이션 사가로 바꾸고, 참여 컨텍스트가 분리되기 전에 모놀리스 안에서 먼저 적용합니다(일정에 반영됨). 단계마다 보상을 두고 사가 로그를 남기며, 보상으로 해결되지 않는 경우를 위해 대사 작업을 둡니다." : "replace each with an orchestrated saga, in place in the monolith before any participant leaves (the schedule does this): a compensation per step, a saga log, and a reconciliation job for what compensation cannot reach.";
    case "pilot-sync-call":
      return d.events?.length
        ? k ? `호출하는 쪽이 이미 발행하는 이벤트(${d.events.map((e) => c(e)).join(", ")})를 파일럿이 구독하게 바꾸고 호출을 없앱니다. 이벤트가 없는 곳에서는 아웃박스로 이벤트를 발행합니다. 파일럿 오픈 전에 끝내야 합니다.` : `let the pilot subscribe to the events its callers already publish (${d.events.map((e) => c(e)).join(", ")}) and remove the calls; where there is none, publish one through an outbox. Done before the pilot goes live.`
        : k ? "호출하는 쪽에서 아웃박스로 이벤트를 발행하고 파일럿이 구독하게 바꿉니다. 그 전까지는 타임아웃을 두고 결과를 기다리지 않고 보냅니다. 파일럿 오픈 전에 끝내야 합니다." : "publish an event from the callers (through an outbox) for the pilot to subscribe to; until then, send without awaiting, behind a timeout. Done before the pilot goes live.";
    case "sync-call-across-boundary": return k ? "즉시 응답이 필요한 호출은 타임아웃, 백오프 재시도, 서킷 브레이커를 갖춘 클라이언트 뒤에 두고, 나머지는 이벤트로 바꿉니다. 읽기만 하는 데이터는 이벤트로 채우는 읽기 모델로 복제합니다." : "keep the calls that need an answer now behind a client with a timeout, retries with backoff and a circuit breaker; turn the others into events; copy data a caller only reads into a read model fed by events.";
    case "single-gateway": return k ? "상태 없는 인스턴스를 가용 영역에 나눠 두 개 이상 로드 밸런서 뒤에 두거나 관리형 API 게이트웨이를 씁니다. 상태 검사, 경로별 타임아웃과 요청 제한을 두고, 라우팅 설정은 코드로 관리해 한 번에 되돌릴 수 있게 합니다." : "run it as two or more stateless instances across zones behind a load balancer (or use a managed API gateway), with health checks, per-route timeouts and rate limits, and its routing kept as code with a one-step rollback.";
    case "no-circuit-breaker": return k ? `다른 서비스와 외부 시스템으로 가는 모든 호출을 서킷 브레이커(예: ${(d.packages ?? []).map((p) => c(p)).join(", ")})로 감싸고 대체 동작을 정합니다. 파일럿 오픈 전에 적용합니다.` : `wrap every call to another service or an external system in a circuit breaker (for example ${(d.packages ?? []).map((p) => c(p)).join(" or ")}) with a fallback, before the pilot goes live.`;
    case "no-timeouts-retries": return k ? "모든 외부 호출에 타임아웃을 둡니다(`fetch`에는 `AbortSignal.timeout`). 멱등인 호출이나 멱등 키를 붙인 호출만 지수 백오프와 지터로 재시도하고, 요청마다 재시도 한도를 둡니다." : "give every outbound call a timeout (`AbortSignal.timeout` for `fetch`); retry only idempotent calls or those carrying an idempotency key, with exponential backoff and jitter, within a budget per request.";
    case "shared-write": return k ? "테이블마다 소유 컨텍스트를 하나로 정하고(`contexts.yaml`), 다른 컨텍스트는 소유 서비스에 명령을 보내거나 API를 호출합니다. 트랜잭션의 일부였던 쓰기는 사가의 단계로 옮깁니다." : "give each table one owner (`contexts.yaml`); the others send it a command or call its API, and a write that was part of a transaction becomes a saga step.";
    case "no-correlation-id": return k ? "미들웨어에서 들어오는 모든 요청의 `traceparent`나 `x-request-id`를 읽거나 새로 만들고, `AsyncLocalStorage`에 보관해 로거에 묶으며(`pino-http`가 둘 다 해 줍니다), 나가는 모든 호출에 실어 보냅니다." : "in a middleware, read `traceparent` or `x-request-id` on every incoming request (or create one), keep it in `AsyncLocalStorage`, bind it to the logger (`pino-http` does both) and send it on every outbound call.";
    case "no-tracing": return k ? "1단계에서 OpenTelemetry(`@opentelemetry/sdk-node`와 HTTP, 데이터베이스, 브로커 계측)를 적용해 파일럿 전후를 측정합니다." : "instrument with OpenTelemetry (`@opentelemetry/sdk-node` with the HTTP, database and broker instrumentations) in Phase 1, so the pilot is measured before and after.";
    case "cross-context-fk": return k ? "분리하기 전에 제약을 지우고 ID만 남깁니다. 소유 서비스의 API나 이벤트로 채운 사본으로 검증하고, 고아 데이터를 보고하는 야간 대사 작업을 돌립니다." : "before each extraction, drop the constraint and keep the id; validate it through the owner's API or an event-fed copy, and run a nightly reconciliation that reports orphans.";
    case "cross-context-join": return k ? "화면과 보고서용으로는 소유 서비스의 이벤트로 채우는 읽기 모델(CQRS)을 만들고, 최신 데이터가 꼭 필요한 소수만 소유 서비스의 API를 호출합니다." : "build a read model (CQRS) fed by the owners' events for screens and reports; call the owner's API for the few that need fresh data.";
  }
}

// ───────────────────────────── foundation ─────────────────────────────

const DIALECT: Record<string, { en: string; ko: string }> = {
  postgresql: { en: "Debezium's PostgreSQL connector, or PostgreSQL's logical replication", ko: "Debezium PostgreSQL 커넥터나 PostgreSQL 논리적 복제" },
  mysql: { en: "Debezium's MySQL connector on the binlog", ko: "binlog를 읽는 Debezium MySQL 커넥터" },
  mariadb: { en: "Debezium's MariaDB connector on the binlog", ko: "binlog를 읽는 Debezium MariaDB 커넥터" },
  sqlite: { en: "none for SQLite, which has no change stream: write to both from the monolith, or move to a server database first", ko: "SQLite에는 변경 스트림이 없으므로 모놀리스에서 양쪽에 쓰거나 먼저 서버형 데이터베이스로 옮김" },
};

/** Person-weeks as a count: 1 person-week, 2.5 person-weeks, 3인·주. */
export function personWeeks(n: number, lang: Lang): string {
  return ko(lang) ? `${n}인·주` : `${n} person-week${n === 1 ? "" : "s"}`;
}

export function foundationText(i: FoundationItem, lang: Lang, riskRank: (id: RankedRisk["id"]) => number | null): string {
  const k = ko(lang);
  const refs: string[] = [];
  const ref = (id: RankedRisk["id"]) => {
    if (riskRank(id)) refs.push(k ? `위험 ${riskRank(id)}번` : `risk #${riskRank(id)}`);
    return "";
  };
  const tail = () => `${k ? "" : " "}(${[...refs, personWeeks(i.personWeeks, lang)].join(", ")})`;
  const d = i.detail;
  switch (i.id) {
    case "context-map": return (k ? "**바운디드 컨텍스트 맵**: `contexts.yaml`에 합의하고(`strangler assess --write-contexts`) 데이터 의존성 매트릭스(위 컨텍스트 맵을 테이블 단위로 본 것)를 만듭니다" : "**Bounded-context map**: agree on `contexts.yaml` (`strangler assess --write-contexts`) and the data-dependency matrix (the context map above, table by table)") + tail() + ".";
    case "ci-gate": return (k ? "**CI 게이트**: 모든 풀 리퀘스트에서 `strangler check --changed-since`를 실행해 새로운 컨텍스트 간 조인을 막습니다" : "**CI gate**: `strangler check --changed-since` on every pull request, so no new cross-context join lands") + tail() + ".";
    case "pipelines": return (k ? "**배포 파이프라인**: 새 서비스가 그대로 가져다 쓸 템플릿 하나" : "**Deploy pipelines**: one template every new service copies") + tail() + ".";
    case "cadence": return (k ? `**배포 주기**: 지금의 ${VALUE_KO[String(d.cadence)] ?? d.cadence} 배포에서 서비스별 수시 배포로` : `**Deploy cadence**: from ${d.cadence} releases to per-service deploys on demand`) + tail() + ".";
    case "observability": return (k ? "**모니터링과 APM**: 지금 경로의 대시보드, SLO, 알림을 갖춰 파일럿 전후를 비교합니다" : "**Monitoring and APM**: dashboards, SLOs and alerts on today's paths, so the pilot is measured before and after") + tail() + ".";
    case "tracing": return (k ? `**분산 추적**: OpenTelemetry(\`@opentelemetry/sdk-node\`). \`package.json\`에 추적 라이브러리가 없습니다${ref("no-tracing")}` : `**Tracing**: OpenTelemetry (\`@opentelemetry/sdk-node\`); \`package.json\` has no tracing library${ref("no-tracing")}`) + tail() + ".";
    case "correlation-id": return (k ? `**상관관계 ID**: 들어오는 모든 요청에 ID를 부여하거나 호출한 쪽의 ID를 이어받고, 모든 로그에 싣습니다${ref("no-correlation-id")}` : `**Correlation id**: every incoming request gets one (or keeps its caller's), and every log line carries it${ref("no-correlation-id")}`) + tail() + ".";
    case "resilience": return (k ? `**타임아웃, 재시도, 서킷 브레이커**: 정책 라이브러리 하나(\`cockatiel\`이나 \`opossum\`)와 모든 클라이언트가 쓰는 기본값${ref("no-circuit-breaker")}` : `**Timeouts, retries, circuit breakers**: one policy library (\`cockatiel\` or \`opossum\`) and defaults every client uses${ref("no-circuit-breaker")}`) + tail() + ".";
    case "gateway": return (k ? `**스트랭글러 파사드**: 모놀리스 앞에서 경로를 새 서비스로 보냈다가 되돌릴 수 있는 게이트웨이, 인스턴스 두 개 이상${ref("single-gateway")}` : `**Strangler facade**: a gateway in front of the monolith that routes a path to a new service and back, in two or more instances${ref("single-gateway")}`) + tail() + ".";
    case "cdc": return (k ? `**데이터 동기화**: 양쪽이 함께 도는 동안 컨텍스트의 테이블을 복제하는 변경 데이터 캡처(${(DIALECT[String(d.dialect)] ?? { ko: String(d.dialect) }).ko})` : `**Data synchronisation**: change data capture to copy a context's tables while both run (${(DIALECT[String(d.dialect)] ?? { en: String(d.dialect) }).en})`) + tail() + ".";
    case "broker":
      if (d.broker === "kafka") return (k ? "**메시지 브로커**: Kafka(쿠버네티스를 운영 환경에서 다루고 플랫폼 팀이 3명 이상)" : "**Message broker**: Kafka (Kubernetes in production and a platform team of three or more)") + tail() + ".";
      if (d.broker === "rabbitmq") return (k ? "**메시지 브로커**: RabbitMQ(쿠버네티스 경험이 일부 있고 플랫폼 팀이 작음)" : "**Message broker**: RabbitMQ (some Kubernetes experience, a small platform team)") + tail() + ".";
      return (k ? "**메시지 브로커**: 관리형 큐(Amazon SQS/SNS나 Google Pub/Sub). 브로커를 직접 운영할 쿠버네티스 경험이 없습니다" : "**Message broker**: a managed queue (Amazon SQS/SNS, or Google Pub/Sub): no Kubernetes experience to run a broker") + tail() + ".";
    case "compute":
      if (d.compute === "existing") return (k ? "**실행 환경**: 지금 운영하는 쿠버네티스 클러스터" : "**Compute**: the Kubernetes cluster you run today") + tail() + ".";
      if (d.compute === "kubernetes") return (k ? "**실행 환경**: 관리형 쿠버네티스(EKS나 GKE)" : "**Compute**: a managed Kubernetes cluster (EKS or GKE)") + tail() + ".";
      return (k ? "**실행 환경**: 관리형 컨테이너(AWS ECS on Fargate나 Google Cloud Run). 팀에 쿠버네티스 경험이 없습니다" : "**Compute**: managed containers (AWS ECS on Fargate, or Google Cloud Run): the team has no Kubernetes experience") + tail() + ".";
    case "characterisation": return (k ? `**특성 테스트**: 커버리지가 ${d.coverage}%로 ${d.target}%보다 낮습니다. 코드를 옮기기 전에 파일럿과 파일럿을 호출하는 코드(약 ${count(Number(d.loc))}줄)의 지금 동작을 테스트로 고정합니다` : `**Characterisation tests**: coverage is ${d.coverage}%, under ${d.target}%: pin today's behaviour of the pilot and the code that calls it (about ${count(Number(d.loc))} lines) before anything moves`) + tail() + ".";
    case "load-test": return (k ? `**부하 테스트**: 트래픽 피크("${d.text}")에 맞춰 ×${d.multiple} 부하로 파일럿이 바꾸는 경로를 시험합니다` : `**Load test** at ×${d.multiple} ("${d.text}") on the paths the pilot changes`) + tail() + ".";
    case "autoscaling": return (k ? `**오토스케일링**: 부하 테스트로 확인한 규칙을 새 서비스와 게이트웨이에 적용합니다(×${d.multiple})` : `**Autoscaling** rules that test proves, for the new services and the gateway (×${d.multiple})`) + tail() + ".";
  }
}

// ───────────────────────────── answers ─────────────────────────────

export function fieldLabel(key: string, lang: Lang): string {
  const f = FIELDS.find((x) => keyOf(x) === key);
  return f ? f.label[lang] : key;
}
export function fieldFlag(key: string): string {
  return `--${FIELDS.find((x) => keyOf(x) === key)?.flag ?? key}`;
}
export function answerValue(a: AnswerEffect, lang: Lang, currency: "KRW" | "USD"): string {
  if (!a.value) return ko(lang) ? "응답 없음" : "not answered";
  const money = a.key === "money.salaryYear" || a.key === "money.infraMonth";
  const dialectName: Record<string, string> = { postgresql: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB", sqlite: "SQLite" };
  const v = a.key === "database.dialect" ? dialectName[a.value] ?? a.value : money ? moneyOf(Number(a.value), currency, lang) : /^\d+$/.test(a.value) ? count(Number(a.value)) : a.value;
  const shown = ko(lang) ? VALUE_KO[v] ?? v : v;
  const pct = a.key === "team.testCoverage" || a.key === "business.growth" ? "%" : "";
  const suffix =
    a.key === "database.dialect" ? (ko(lang) ? " (스캔에서 감지)" : " (detected)")
    : a.key === "money.currency" ? (a.params.from === "salary" ? (ko(lang) ? " (인건비로 판단)" : " (from the salary)") : ko(lang) ? " (언어 기준)" : " (the plan's language)")
    : ko(lang) ? " (가정)" : " (assumed)";
  const assumed = a.answered ? "" : suffix;
  return `${shown}${pct}${assumed}`;
}
const moneyOf = (n: number, cur: "KRW" | "USD", lang: Lang = "en") => money(n, cur, lang);

const ITEM_TITLE: Record<string, { en: string; ko: string }> = {
  "context-map": { en: "the context map", ko: "컨텍스트 맵" }, "ci-gate": { en: "the CI gate", ko: "CI 게이트" }, pipelines: { en: "deploy pipelines", ko: "배포 파이프라인" },
  cadence: { en: "deploy automation", ko: "배포 자동화" }, observability: { en: "APM", ko: "APM" }, tracing: { en: "tracing", ko: "분산 추적" },
  "correlation-id": { en: "correlation ids", ko: "상관관계 ID" }, resilience: { en: "resilience policies", ko: "장애 격리 정책" }, gateway: { en: "the strangler facade", ko: "스트랭글러 파사드" },
  cdc: { en: "change data capture", ko: "변경 데이터 캡처" }, broker: { en: "the broker", ko: "메시지 브로커" }, compute: { en: "compute", ko: "실행 환경" },
  characterisation: { en: "characterisation tests", ko: "특성 테스트" }, "load-test": { en: "a load test", ko: "부하 테스트" }, autoscaling: { en: "autoscaling", ko: "오토스케일링" },
  training: { en: "training", ko: "교육" },
};
const CHOICE: Record<string, { en: string; ko: string }> = {
  managed: { en: "managed", ko: "관리형" }, rabbitmq: { en: "RabbitMQ", ko: "RabbitMQ" }, kafka: { en: "Kafka", ko: "Kafka" }, kubernetes: { en: "managed Kubernetes", ko: "관리형 쿠버네티스" }, existing: { en: "your cluster", ko: "운영 중인 클러스터" },
  postgresql: { en: "PostgreSQL", ko: "PostgreSQL" }, mysql: { en: "MySQL", ko: "MySQL" }, mariadb: { en: "MariaDB", ko: "MariaDB" }, sqlite: { en: "SQLite", ko: "SQLite" },
};

/** The differences measured against the plan computed again without the answer; only those. */
export function measuredText(changes: AnswerChange[], r: Roadmap, lang: Lang): string {
  const k = ko(lang);
  if (!changes.length) return k ? "이 답을 빼고 다시 계산해도 계획이 같습니다" : "the plan computed without it is the same";
  const parts = changes.map((x): string => {
    switch (x.kind) {
      case "weeks": return k ? `전체 ${x.with}주(답이 없으면 ${x.without}주)` : `${x.with} weeks in all (${x.without} without it)`;
      case "streams": return k ? `3단계 ${x.with}개 스트림, 스트림당 ${x.squadWith}명(답이 없으면 ${x.without}개, ${x.squadWithout}명)` : `Phase 3 on ${x.with} stream${x.with === 1 ? "" : "s"} of ${x.squadWith} (${x.without} of ${x.squadWithout} without it)`;
      case "foundation-weeks": return k ? `1단계 ${x.with}주(답이 없으면 ${x.without}주)` : `Phase 1 takes ${x.with} weeks (${x.without} without it)`;
      case "order": {
        const shown = x.moved.slice(0, 4).map((m) => (k ? `${c(m.context)} ${m.without}→${m.with}번째` : `${c(m.context)} ${m.without} → ${m.with}`));
        const rest = x.moved.length > 4 ? (k ? ` 외 ${x.moved.length - 4}개` : ` and ${x.moved.length - 4} more`) : "";
        return k ? `분리 순서 변경: ${shown.join(", ")}${rest}` : `order changed: ${shown.join(", ")}${rest}`;
      }
      case "items": {
        const t = (ids: string[]) => ids.map((i) => (ITEM_TITLE[i] ?? { en: i, ko: i })[lang]).join(", ");
        const add = x.added.length ? (k ? `1단계에 ${t(x.added)} 추가` : `Phase 1 adds ${t(x.added)}`) : "";
        const rem = x.removed.length ? (k ? `1단계에서 ${t(x.removed)} 제외` : `Phase 1 drops ${t(x.removed)}`) : "";
        return [add, rem].filter(Boolean).join(k ? ", " : "; ");
      }
      case "choice": return k ? `${ITEM_TITLE[x.item][lang]}: ${(CHOICE[x.with] ?? { ko: x.with }).ko}(답이 없으면 ${(CHOICE[x.without] ?? { ko: x.without }).ko})` : `${ITEM_TITLE[x.item][lang]}: ${(CHOICE[x.with] ?? { en: x.with }).en} (${(CHOICE[x.without] ?? { en: x.without }).en} without it)`;
      case "effort": return k ? `총 공수 ${x.with}인·주(답이 없으면 ${x.without}인·주)` : `${x.with} person-weeks in all (${x.without} without it)`;
      case "hires": return k ? `플랫폼 인력 채용 ${x.with}명(답이 없으면 ${x.without}명)` : `${x.with} platform hire${x.with === 1 ? "" : "s"} (${x.without} without it)`;
      case "cost": return k ? `연간 추가 비용 ${moneyRange(x.with, r.currency, lang)}(답이 없으면 ${moneyRange(x.without, r.currency, lang)})` : `${moneyRange(x.with, r.currency, lang)} added a year (${moneyRange(x.without, r.currency, lang)} without it)`;
      case "currency": return k ? `비용 통화 ${x.with}(답이 없으면 ${x.without})` : `costs in ${x.with} (${x.without} without it)`;
      case "risks": return k ? `위험 ${x.raised}건의 순위가 올라감` : `${x.raised} risk${x.raised === 1 ? "" : "s"} ranked higher`;
    }
  });
  return parts.filter(Boolean).join(k ? "; " : "; ");
}

/** What the answer changed in this plan (or, unanswered, what it would change). */
export function answerEffect(a: AnswerEffect, r: Roadmap, lang: Lang): string {
  if (a.answered && a.measured) return measuredText(a.measured, r, lang);
  const k = ko(lang);
  const p = a.params;
  const list = (xs: unknown) => names((xs as string[]) ?? [], lang);
  switch (a.key) {
    case "team.size": return k ? `제품 엔지니어 ${p.product}명 중 ${p.migration}명이 전환 작업을 맡아, 3단계는 ${p.squad}명씩 ${p.streams}개 스트림이 동시에 진행합니다` : `${p.product} product engineers, ${p.migration} of them on the migration: Phase 3 runs ${p.streams} parallel stream${p.streams === 1 ? "" : "s"} of ${p.squad}`;
    case "team.infraSize": return k ? `1단계는 ${p.foundationPeople}명(플랫폼 팀과 스쿼드 하나)이 맡습니다. 서비스 군에는 플랫폼·온콜 인력 ${p.needed}명이 필요해 ${p.hires ? `${p.hires}명을 채용해야 합니다` : "채용은 필요 없습니다"}` : `Phase 1 is done by ${p.foundationPeople} (the platform team and one squad); a fleet of services needs ${p.needed} on platform and on-call: ${p.hires ? `${p.hires} to hire` : "no hire needed"}`;
    case "business.dau":
    case "business.mau": {
      if (!a.answered) {
        if (a.key === "business.mau" && p.dauFrom === "dau") return k ? "DAU ÷ 0.2로 사용자 규모를 대신했습니다. 답을 주시면 테이블 이관의 데이터 양과 비용 추정에 씁니다" : "DAU ÷ 0.2 stands in for the user base; an answer would size the table moves and add to the cost estimate";
        if (a.key === "business.mau") return k ? "DAU도 없어 트래픽 수준을 정하지 못했습니다. 답을 주시면 MAU × 0.2를 DAU 대신 쓰고 비용 추정에도 반영합니다" : "no traffic level either: with an answer, MAU × 0.2 would stand in for DAU and add to the cost estimate";
        return k ? "트래픽 수준을 알 수 없어 읽기 경로 우선 규칙과 현재 비용 추정을 쓰지 않았습니다" : "no traffic level: the rule \"high-traffic read paths early\" and the cost estimate are left out";
      }
      const used = a.key === "business.mau" && p.dauFrom === "dau";
      const volume = Number(p.volume) > 1 && !p.mauAnswered ? (k ? `. 월 사용자 약 ${count(Number(p.users))}명(DAU ÷ 0.2)의 데이터를 옮기므로 테이블 이관 공수에 ${josa(`×${p.volume}`, "을/를")} 곱했습니다` : `; table moves × ${p.volume} for the data of about ${count(Number(p.users))} monthly users (DAU ÷ 0.2)`) : "";
      const paths = (p.readPaths as string[]).length ? (k ? `읽기 경로 ${josa(list(p.readPaths), "이/가")} 앞당겨졌습니다` : `read paths ${list(p.readPaths)} move earlier`) : (k ? "앞당길 읽기 경로는 없습니다" : "no read path to move earlier");
      if (used) return k ? `사용자 규모로 데이터 양을 가늠해 테이블 이관 공수에 ${josa(`×${p.volume}`, "을/를")} 곱했습니다${p.estimate ? ". 현재 인프라 비용 추정에도 쓰였습니다" : ""}` : `sizes the data every table move copies: table moves × ${p.volume}${p.estimate ? "; also in the estimate of today's infrastructure cost" : ""}`;
      return k ? `트래픽 수준 ${p.level}%(피크 배수와 증가율 포함): ${paths}${p.estimate ? ". 현재 인프라 비용도 이 값으로 추정했습니다" : ""}${a.key === "business.dau" ? volume : ""}` : `traffic level ${p.level}% (with the peak multiple and growth): ${paths}${p.estimate ? "; today's infrastructure cost is estimated from it" : ""}${a.key === "business.dau" ? volume : ""}`;
    }
    case "business.growth": return a.answered ? (k ? `첫해 비용이 연 ${p.growth}% 증가에 맞춰 늘어나고, 트래픽 수준에도 반영됩니다` : `the first year's cost grows with it (${p.growth}% a year), and so does the traffic level`) : (k ? "증가 없이 지금 트래픽 기준으로 비용을 계산했습니다" : "cost computed at today's traffic, with no growth");
    case "team.deployCadence": return Number(p.personWeeks) ? (k ? `서비스별 수시 배포 자동화: 1단계에 ${p.personWeeks}인·주` : `automating towards per-service deploys: ${personWeeks(Number(p.personWeeks), lang)} in Phase 1`) : (k ? "이미 매일 배포하므로 추가 작업이 없습니다" : "already daily: no extra work");
    case "team.mostDeployedAreas":
      if (a.answered) return (p.matched as string[]).length ? (k ? `${josa(list(p.matched), "이/가")} 순서에서 앞당겨졌습니다(가장 자주 배포되는 영역 먼저)` : `${list(p.matched)} move${(p.matched as string[]).length === 1 ? "s" : ""} earlier (most deployed first)`) : (k ? "어떤 컨텍스트와도 맞지 않아 영향이 없습니다" : "matches no context: no effect");
      return (p.churn as string[]).length ? (k ? `대신 최근 12개월 git 변경 빈도로 컨텍스트 ${(p.churn as string[]).length}개에 우선순위 할인을 줬습니다` : `git churn of the last 12 months stands in: a priority discount on ${(p.churn as string[]).length} contexts`) : (k ? "답도 git 이력도 없어 이 규칙을 쓰지 않았습니다" : "no answer and no git history: the rule is left out");
    case "database.dialect": return k ? `데이터 동기화(변경 데이터 캡처): ${(DIALECT[a.value] ?? { ko: a.value }).ko}` : `change data capture with ${(DIALECT[a.value] ?? { en: a.value }).en}`;
    case "team.kubernetes": {
      const compute = { managed: { en: "managed containers (ECS on Fargate, or Cloud Run)", ko: "관리형 컨테이너(ECS on Fargate나 Cloud Run)" }, kubernetes: { en: "a managed Kubernetes (EKS or GKE)", ko: "관리형 쿠버네티스(EKS나 GKE)" }, existing: { en: "your own cluster", ko: "지금 운영하는 클러스터" } }[String(p.compute)] ?? { en: String(p.compute), ko: String(p.compute) };
      const broker = { managed: { en: "a managed queue (SQS/SNS, or Pub/Sub)", ko: "관리형 큐(SQS/SNS나 Pub/Sub)" }, rabbitmq: { en: "RabbitMQ", ko: "RabbitMQ" }, kafka: { en: "Kafka", ko: "Kafka" } }[String(p.broker)] ?? { en: String(p.broker), ko: String(p.broker) };
      return k ? `실행 환경은 ${compute.ko}, 브로커는 ${broker.ko}` : `compute on ${compute.en}, and ${broker.en} as the broker`;
    }
    case "team.testCoverage":
      if (!a.answered) return k ? "답이 없어 특성 테스트 단계를 넣지 않았습니다" : "not answered: no characterisation-test step is planned";
      return Number(p.characterisation) ? (k ? `${p.target}%보다 낮아 첫 분리 전에 특성 테스트(${p.characterisation}인·주)를 넣고, 코드 작업 공수에 ${josa(`×${p.factor}`, "을/를")} 곱했습니다` : `under ${p.target}%: characterisation tests before the first extraction (${personWeeks(Number(p.characterisation), lang)}), and code work × ${p.factor}`) : (k ? `${p.target}% 이상이라 특성 테스트 단계가 없습니다` : `at or over ${p.target}%: no characterisation step`);
    case "business.trafficPeaks":
      if (!a.answered) return k ? "피크를 몰라 부하 테스트와 오토스케일링 항목, 피크 비용을 넣지 않았습니다" : "no peak known: no load test, autoscaling item or peak cost";
      return p.multiple !== 1 ? (k ? `1단계에 ×${p.multiple} 부하 테스트와 오토스케일링을 넣고, 피크 용량 비용을 계산했습니다` : `a load test at ×${p.multiple} and autoscaling in Phase 1, and peak capacity priced`) : (k ? "배수를 읽지 못해(예: \"x10\") 1단계에 부하 테스트와 오토스케일링만 넣었습니다" : "no multiple read (e.g. \"x10\"): a load test and autoscaling in Phase 1, no peak cost");
    case "business.mostDamagingOutage":
      if (!a.answered) return k ? "답이 없어 위험 가중을 하지 않았습니다" : "not answered: no domain's risk is raised";
      return (p.matched as string[]).length ? (k ? `${josa(list(p.matched), "으로/로")} 인식해 분리 순서의 위험도를 올렸으며, 이 컨텍스트에 걸린 위험 ${p.risks}건의 순위를 높였습니다` : `matched ${list(p.matched)}: its risk in the order is raised, and the ${p.risks} risks touching it rank higher`) : (k ? "어떤 컨텍스트와도 맞지 않아 영향이 없습니다" : "matches no context: no effect");
    case "money.currency":
      if (p.from === "answer") return k ? `비용을 ${josa(String(p.currency), "으로/로")} 표시합니다` : `costs in ${p.currency}`;
      if (p.from === "salary") return k ? `답이 없어 인건비 답의 크기대로 ${josa(String(p.currency), "으로/로")} 표시합니다` : `not answered: ${p.currency}, as the salary answer reads`;
      return k ? `답이 없어 계획의 언어에 맞춰 ${josa(String(p.currency), "으로/로")} 표시합니다` : `not answered: ${p.currency}, the plan's language`;
    case "money.salaryYear": return Number(p.hires) ? (a.answered ? (k ? `플랫폼 인력 ${p.hires}명 채용에 연 ${money(Number(p.hiresYear), r.currency, lang)}` : `${p.hires} platform hires cost ${money(Number(p.hiresYear), r.currency, lang)} a year`) : (k ? `rules/cost.yaml의 기본값인 1인당 연 ${money(Number(p.salaryYear), r.currency, lang)}로 ${p.hires}명 채용 비용을 계산했습니다(합계 연 ${money(Number(p.hiresYear), r.currency, lang)})` : `the default of rules/cost.yaml, ${money(Number(p.salaryYear), r.currency, lang)} a year each, prices the ${p.hires} hires (${money(Number(p.hiresYear), r.currency, lang)} a year in all)`)) : (k ? "채용이 필요 없어 쓰이지 않았습니다" : "no hire needed: not used");
    case "team.sagaExperience": {
      const t = r.foundation.training;
      return t ? (k ? `없다고 가정해 1단계에 교육(${t.weeks}주, ${t.personWeeks}인·주)을 넣었습니다` : `assumed none: a training block in Phase 1 (${t.weeks} weeks, ${personWeeks(t.personWeeks, lang)})`) : k ? "교육이 필요 없습니다" : "no training needed";
    }
    case "calendar.freezes":
    case "calendar.peaks": return k ? "시장과 업종의 기본 일정만 씁니다" : "only the market's and the sector's defaults";
    case "consistency.overrides": return k ? "`rules/domains.yaml`의 기본값과 코드의 근거를 씁니다" : "the levels of `rules/domains.yaml` and the code's evidence";
    case "team.hiringLeadWeeks": return r.scheduleCost?.hiresStartWeek ? (k ? `${r.scheduleCost.leadWeeks}주로 가정해 채용 인력이 ${r.scheduleCost.hiresStartWeek}주 차에 합류합니다` : `assumed ${r.scheduleCost.leadWeeks} weeks: the hires start in week ${r.scheduleCost.hiresStartWeek}`) : k ? "채용이 없어 쓰이지 않았습니다" : "no hire: not used";
    case "business.deadlineWeeks": return k ? "기한이 없어 무엇이 기한을 넘기는지 따지지 않았습니다" : "no deadline: nothing is checked against one";
    case "money.budget": return k ? "예산이 없어 어디까지 감당하는지 따지지 않았습니다" : "no budget: nothing is checked against one";
    case "business.market": return r.calendarRules?.marketFrom === "currency" ? (k ? "통화(KRW)로 한국 시장으로 보고 설날과 추석을 피합니다" : "won as the currency: the Korean market, Seollal and Chuseok avoided") : k ? "명절 기본값을 쓰지 않습니다" : "no holiday defaults";
    case "business.sector": return k ? "판매 피크 기본값(블랙프라이데이, 11.11)을 쓰지 않습니다" : "no sales-peak defaults (Black Friday, 11.11)";
    case "money.infraMonth":
      if (a.answered) return k ? `증가분을 그 30–50%로 계산했습니다: 월 ${moneyRange({ low: Number(p.low), high: Number(p.high) }, r.currency, lang)}` : `the increase is 30–50% of it: ${moneyRange({ low: Number(p.low), high: Number(p.high) }, r.currency, lang)} a month`;
      return r.cost?.baseline ? (k ? "답이 없어 DAU와 MAU로 추정했습니다" : "not answered: estimated from DAU and MAU") : (k ? "답도 DAU·MAU도 없어 서비스 자체에 드는 최소 비용만 계산했습니다" : "not answered, nor DAU or MAU: only what the services themselves need is priced");
  }
  return "";
}

export const consistencyLabel = (x: Consistency, lang: Lang) => CONSISTENCY[x][lang];

// ───────────────────────────── cutover playbook ─────────────────────────────

/** The cutover of one extraction as a list: its gates first, then each step with its rollback. */
export function playbookText(name: string, pb: Playbook, dialect: string, lang: Lang): string[] {
  const k = ko(lang);
  const tables = pb.tables.map((t) => c(t)).join(", ");
  const weeks = pb.observationWeeks;
  const g = pb.gates;
  const gate = k
    ? `오류율 ≤ 기준선 + ${g.errorRatePoints}%p, p99 ≤ 기준선 × ${g.p99Factor}(1단계에서 측정한 기준선), 두 사본의 대조 차이 ${g.reconciliationDiff}건(행 수와 체크섬, 양방향)`
    : `error rate ≤ baseline + ${g.errorRatePoints} pt, p99 ≤ ${g.p99Factor} × baseline (the baseline measured in Phase 1), reconciliation differences ${g.reconciliationDiff} (row counts and checksums, both ways)`;
  const readers = pb.readers.length ? names(pb.readers, lang) : "";
  const writers = pb.writers.length ? names(pb.writers, lang) : "";
  const syncHow = pb.sync === "cdc" ? (k ? `변경 데이터 캡처(${(DIALECT[dialect] ?? { ko: dialect }).ko})` : `change data capture (${(DIALECT[dialect] ?? { en: dialect }).en})`) : k ? "모놀리스에서 양쪽에 쓰는 이중 쓰기(변경 스트림이 없는 데이터베이스)" : "dual writes from the monolith (the database has no change stream)";
  const out: string[] = [];
  out.push(k ? `- 전환 절차 (관찰 기간 ${weeks}주, 각 전환의 진행/중단 기준: ${gate}. 기준을 ${weeks}주 동안 지켜야 다음 단계로 갑니다):` : `- Cutover (observation period ${weeks} week${weeks === 1 ? "" : "s"}; go/no-go at each switch: ${gate}, held for ${weeks} week${weeks === 1 ? "" : "s"} before the next step):`);
  const step = (n: number, what: string, back: string) => out.push(k ? `  ${n}. ${what} 되돌리기: ${back}` : `  ${n}. ${what} Rollback: ${back}`);
  if (pb.tables.length) {
    step(1, k ? `**동기화**: ${tables}의 새 데이터베이스 사본을 ${syncHow}로 최신 상태로 유지합니다.` : `**Sync**: keep a copy of ${tables} in the new database current by ${syncHow}.`, k ? "동기화를 멈추고 사본을 지웁니다. 모놀리스는 바뀐 것이 없습니다." : "stop the sync and drop the copy; nothing in the monolith changed.");
    step(2, k ? `**백필**: 기존 행을 복사하고, 대조 차이가 ${g.reconciliationDiff}건이 될 때까지 맞춥니다.` : `**Backfill**: copy the existing rows, then reconcile until the differences are ${g.reconciliationDiff}.`, k ? "사본을 비우고 다시 백필합니다." : "truncate the copy and backfill again.");
  }
  step(pb.tables.length ? 3 : 1, k ? "**섀도 읽기**: 게이트웨이가 읽기 요청을 새 서비스에도 복제해 보내고 응답을 모놀리스와 비교합니다. 차이는 기록만 하고 사용자에게는 모놀리스 응답이 갑니다." : "**Shadow reads**: the gateway mirrors reads to the new service and compares its answers with the monolith's; differences are logged, users get the monolith's answer.", k ? "미러링을 끕니다." : "turn the mirror off.");
  step(pb.tables.length ? 4 : 2, k ? "**읽기 전환**: 읽기를 1% → 10% → 50% → 100% 카나리로 새 서비스에 보냅니다." : "**Reads switched**: route reads to the service by canary, 1% → 10% → 50% → 100%.", k ? "게이트웨이 라우팅을 모놀리스로 되돌립니다(한 단계). 쓰기는 아직 모놀리스에 있습니다." : "route reads back to the monolith in the gateway (one step); writes are still the monolith's.");
  const before = [
    pb.sagas.length ? (k ? `사가 ${pb.sagas.map((s) => c(s)).join(", ")} 완료 후` : `once the ${pb.sagas.map((s) => c(s)).join(", ")} saga${pb.sagas.length === 1 ? " is" : "s are"} in place`) : "",
    writers ? (k ? `${writers}의 쓰기를 이 서비스에 보내는 명령으로 바꾼 뒤` : `once ${writers} send${pb.writers.length === 1 ? "s" : ""} it commands instead of writing its tables`) : "",
  ].filter(Boolean);
  const feed = readers ? (k ? `지금 이 테이블을 읽는 ${josa(readers, "이/가")} 그대로 읽고 되돌릴 수도 있게 합니다` : `for ${readers}, which read${pb.readers.length === 1 ? "s" : ""} these tables today, and for rollback`) : k ? "언제든 되돌릴 수 있게 합니다" : "for rollback";
  step(
    pb.tables.length ? 5 : 3,
    k
      ? `**쓰기 전환**${before.length ? `(${before.join(", ")})` : ""}: 새 서비스가 쓰기를 맡습니다. 역방향 동기화(새 데이터베이스의 변경 데이터 캡처)로 모놀리스 테이블을 계속 최신으로 유지해, ${feed}.`
      : `**Writes switched**${before.length ? ` (${before.join("; ")})` : ""}: the service owns the writes; a reverse sync (change data capture from its database) keeps the monolith's tables current ${feed}.`,
    k
      ? `새 서비스가 쓴 데이터는 역방향 동기화로 이미 모놀리스에 있습니다. 동기화가 따라잡고 대조 차이가 ${g.reconciliationDiff}건인지 확인한 뒤 쓰기를 모놀리스로 되돌립니다.`
      : `what the service wrote is already in the monolith's tables through the reverse sync: check it has caught up and the differences are ${g.reconciliationDiff}, then route writes back.`,
  );
  if (pb.tables.length)
    step(
      6,
      k
        ? `**기존 테이블 폐기**: 관찰 기간 ${weeks}주 동안 기준을 지키고${readers ? ` ${josa(readers, "이/가")} API나 이벤트로 옮겨 가면` : " 나면"}, 모놀리스의 쓰기 권한을 회수하고 스냅숏을 남긴 뒤 테이블을 지웁니다.`
        : `**Old tables retired**: after ${weeks} week${weeks === 1 ? "" : "s"} with the gates green${readers ? `, and once ${readers} read through its API or events` : ""}, revoke the monolith's write grants, take a snapshot, then drop the tables.`,
      k ? "삭제 전에는 권한을 되돌립니다. 삭제 뒤에는 스냅숏과 역방향 동기화 로그로 복원합니다." : "before the drop, grant back; after it, restore from the snapshot and the reverse sync's log.",
    );
  return out;
}
