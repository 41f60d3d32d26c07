/**
 * The team and business figures `strangler init` asks for and `strangler.yaml` keeps: one table serves the
 * questions, the flags, the validation and the roadmap's open questions.
 */
export type FieldType = "count" | "percent" | "enum" | "text" | "list";

export interface Field {
  /** Path in strangler.yaml. */
  path: [string, string];
  /** --flag of `strangler init`. */
  flag: string;
  type: FieldType;
  choices?: string[];
  question: { en: string; ko: string };
  /** What the roadmap calls it when it lists an answer, an assumption or an open question. */
  label: { en: string; ko: string };
  /** What the roadmap assumes when unanswered (null: nothing, it is listed as an open question). */
  fallback: string | number | string[] | null;
  /** Bounds of a count (a whole number) or a percent, both inclusive. */
  min?: number;
  max?: number;
}

export const FIELDS: Field[] = [
  { path: ["team", "size"], flag: "team-size", type: "count", question: { en: "How many engineers build the product?", ko: "제품을 만드는 엔지니어는 몇 명입니까?" }, label: { en: "team size", ko: "팀 규모" }, min: 1, max: 100_000, fallback: 8 },
  { path: ["team", "infraSize"], flag: "infra-team-size", type: "count", question: { en: "How many of them work on infrastructure/platform?", ko: "그중 인프라/플랫폼 담당은 몇 명입니까?" }, label: { en: "platform team size", ko: "플랫폼 팀 규모" }, min: 0, max: 100_000, fallback: 1 },
  { path: ["business", "dau"], flag: "dau", type: "count", question: { en: "Daily active users?", ko: "일간 활성 사용자(DAU)는?" }, label: { en: "daily active users (DAU)", ko: "일간 활성 사용자(DAU)" }, min: 0, max: 1e10, fallback: null },
  { path: ["business", "mau"], flag: "mau", type: "count", question: { en: "Monthly active users?", ko: "월간 활성 사용자(MAU)는?" }, label: { en: "monthly active users (MAU)", ko: "월간 활성 사용자(MAU)" }, min: 0, max: 1e10, fallback: null },
  { path: ["business", "growth"], flag: "growth", type: "percent", question: { en: "Expected user growth per year (%)?", ko: "연간 예상 사용자 증가율(%)은?" }, label: { en: "yearly user growth", ko: "연간 사용자 증가율" }, min: 0, max: 1000, fallback: null },
  { path: ["team", "deployCadence"], flag: "deploy-cadence", type: "enum", choices: ["daily", "weekly", "biweekly", "monthly"], question: { en: "How often do you deploy?", ko: "배포 주기는?" }, label: { en: "deploy cadence", ko: "배포 주기" }, fallback: "weekly" },
  { path: ["team", "mostDeployedAreas"], flag: "most-deployed", type: "list", question: { en: "Which areas change and deploy most (comma-separated)?", ko: "가장 자주 바뀌고 배포되는 영역은? (쉼표로 구분)" }, label: { en: "most deployed areas", ko: "가장 자주 배포되는 영역" }, fallback: [] },
  { path: ["database", "dialect"], flag: "database", type: "enum", choices: ["postgresql", "mysql", "mariadb", "sqlite"], question: { en: "Which database?", ko: "어떤 데이터베이스를 씁니까?" }, label: { en: "database", ko: "데이터베이스" }, fallback: null },
  { path: ["team", "kubernetes"], flag: "kubernetes", type: "enum", choices: ["none", "some", "production"], question: { en: "Kubernetes experience?", ko: "쿠버네티스 운영 경험은?" }, label: { en: "Kubernetes experience", ko: "쿠버네티스 운영 경험" }, fallback: "none" },
  { path: ["team", "sagaExperience"], flag: "saga-experience", type: "enum", choices: ["none", "some", "production"], question: { en: "Experience with sagas, events and eventual consistency?", ko: "사가, 이벤트, 최종 일관성을 다뤄 본 경험은?" }, label: { en: "saga and event experience", ko: "사가·이벤트 경험" }, fallback: "none" },
  { path: ["team", "testCoverage"], flag: "test-coverage", type: "percent", question: { en: "Test coverage (%)?", ko: "테스트 커버리지(%)는?" }, label: { en: "test coverage", ko: "테스트 커버리지" }, min: 0, max: 100, fallback: null },
  { path: ["business", "trafficPeaks"], flag: "traffic-peaks", type: "text", question: { en: "When does traffic peak, and how high?", ko: "트래픽이 몰리는 시기와 규모는?" }, label: { en: "traffic peaks", ko: "트래픽 피크" }, fallback: null },
  { path: ["business", "mostDamagingOutage"], flag: "most-damaging", type: "text", question: { en: "Which domain hurts most when it fails (e.g. payment)?", ko: "장애 시 가장 치명적인 도메인은? (예: 결제)" }, label: { en: "the domain that hurts most when it fails", ko: "장애 시 가장 치명적인 도메인" }, fallback: null },
  { path: ["money", "currency"], flag: "currency", type: "enum", choices: ["KRW", "USD"], question: { en: "Currency for costs?", ko: "비용 통화는?" }, label: { en: "currency", ko: "통화" }, fallback: null },
  { path: ["money", "salaryYear"], flag: "salary", type: "count", question: { en: "Yearly cost of one engineer (in that currency)?", ko: "엔지니어 1인 연간 인건비는? (위 통화 기준)" }, label: { en: "yearly cost of an engineer", ko: "엔지니어 1인 연간 인건비" }, min: 0, max: 1e12, fallback: null },
  { path: ["money", "infraMonth"], flag: "infra-cost", type: "count", question: { en: "What does your infrastructure cost a month today (in that currency)?", ko: "현재 인프라 비용은 한 달에 얼마입니까? (위 통화 기준)" }, label: { en: "monthly infrastructure cost today", ko: "현재 월 인프라 비용" }, min: 0, max: 1e12, fallback: null },
  { path: ["business", "market"], flag: "market", type: "enum", choices: ["KR", "US", "other"], question: { en: "Which market do you serve (for the holidays the calendar avoids)?", ko: "어느 시장에서 서비스합니까? (일정에서 피할 명절 기준)" }, label: { en: "market", ko: "시장" }, fallback: null },
  { path: ["business", "sector"], flag: "sector", type: "enum", choices: ["commerce", "other"], question: { en: "Is it commerce (sales peaks such as Black Friday and 11.11)?", ko: "커머스입니까? (블랙프라이데이, 11.11 같은 판매 피크)" }, label: { en: "sector", ko: "업종" }, fallback: null },
  { path: ["calendar", "freezes"], flag: "freezes", type: "list", question: { en: "Your own change freezes, as YYYY-MM-DD..YYYY-MM-DD name (comma-separated)?", ko: "자체 변경 동결 기간은? YYYY-MM-DD..YYYY-MM-DD 이름 형식 (쉼표로 구분)" }, label: { en: "change freezes", ko: "변경 동결 기간" }, fallback: [] },
  { path: ["calendar", "peaks"], flag: "peaks", type: "list", question: { en: "Your own traffic peak days, as YYYY-MM-DD name (comma-separated)?", ko: "자체 트래픽 피크일은? YYYY-MM-DD 이름 형식 (쉼표로 구분)" }, label: { en: "peak days", ko: "피크일" }, fallback: [] },
  { path: ["consistency", "overrides"], flag: "consistency", type: "list", question: { en: "Consistency per context where yours differs from the plan's, as context level lag (e.g. inventory eventual 1-3s, comma-separated)?", ko: "계획과 다르게 정할 컨텍스트별 일관성은? 컨텍스트 수준 지연 형식 (예: inventory eventual 1-3s, 쉼표로 구분)" }, label: { en: "consistency overrides", ko: "일관성 재정의" }, fallback: [] },
  { path: ["team", "hiringLeadWeeks"], flag: "hiring-lead-weeks", type: "count", question: { en: "How many weeks does hiring an engineer take, from opening the position to the first day?", ko: "엔지니어 한 명을 채용하는 데 몇 주가 걸립니까? (공고부터 첫 출근까지)" }, label: { en: "hiring lead time (weeks)", ko: "채용 소요 기간(주)" }, min: 0, max: 104, fallback: 12 },
  { path: ["business", "deadlineWeeks"], flag: "deadline-weeks", type: "count", question: { en: "Must the move be done by a deadline? In weeks from the start (empty: none)", ko: "전환을 마쳐야 하는 기한이 있습니까? 시작부터 몇 주인지 (없으면 비워 두세요)" }, label: { en: "deadline (weeks from the start)", ko: "기한(시작부터 주)" }, min: 1, max: 520, fallback: null },
  { path: ["money", "budget"], flag: "budget", type: "count", question: { en: "Budget for the move over its schedule: labour, infrastructure and hires (in that currency; empty: none)?", ko: "전환 예산은 얼마입니까? 일정 전체의 인건비, 인프라, 채용 포함 (위 통화 기준, 없으면 비워 두세요)" }, label: { en: "budget for the move", ko: "전환 예산" }, min: 1, max: 1e13, fallback: null },
];

export type TeamValues = Record<string, string | number | string[]>;

export const keyOf = (f: Field) => f.path.join(".");

/**
 * Answers that each pass but contradict one another: the platform team is part of the team, so it is
 * smaller than the team (someone builds the product and moves it). The answer named is the one to fix;
 * `team.size` unanswered is its fallback.
 */
export function contradictions(team: TeamValues, lang: "en" | "ko" = "en"): Array<{ key: string; message: string }> {
  const out: Array<{ key: string; message: string }> = [];
  const infra = team["team.infraSize"];
  const sizeField = FIELDS.find((f) => keyOf(f) === "team.size")!;
  const size = typeof team["team.size"] === "number" ? team["team.size"] : (sizeField.fallback as number);
  if (typeof infra === "number" && infra >= size) {
    const sizeText = typeof team["team.size"] === "number" ? String(size) : lang === "ko" ? `${size}, 답하지 않아 가정한 값` : `${size}, assumed: not answered`;
    out.push({
      key: "team.infraSize",
      message:
        lang === "ko"
          ? `team.infraSize(${infra})는 team.size(${sizeText})보다 작아야 합니다. 플랫폼 팀도 팀의 일부이고, 제품을 만들고 옮길 엔지니어가 한 명은 있어야 합니다`
          : `team.infraSize (${infra}) must be less than team.size (${sizeText}): the platform team is part of the team, and someone must build and move the product`,
    });
  }
  return out;
}

/**
 * A raw answer or flag value as the field's type, or an error message (in the language of the questions)
 * naming the field as its reader knows it: strangler.yaml's key by default, the question's words in `init`.
 */
export function coerce(field: Field, raw: unknown, lang: "en" | "ko" = "en", name = keyOf(field)): { value: string | number | string[] } | { error: string } {
  const ko = lang === "ko";
  if (field.type === "count" || field.type === "percent") {
    const text = typeof raw === "number" ? String(raw) : String(raw).trim().replace(/[,_\s]/g, "");
    const n = typeof raw === "number" ? raw : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(text) ? Number(text.replace(/%$/, "")) : NaN;
    const lo = field.min ?? 0;
    const hi = field.max ?? (field.type === "percent" ? 100 : Number.MAX_SAFE_INTEGER);
    const range = `${lo.toLocaleString("en-US")}–${hi.toLocaleString("en-US")}`;
    if (!Number.isFinite(n)) return { error: ko ? `${name}: 숫자여야 합니다 (${range}), 입력값 ${JSON.stringify(raw)}` : `${name} must be a number (${range}), got ${JSON.stringify(raw)}` };
    if (field.type === "count" && !Number.isInteger(n)) return { error: ko ? `${name}: 정수여야 합니다 (${range}), 입력값 ${JSON.stringify(raw)}` : `${name} must be a whole number (${range}), got ${JSON.stringify(raw)}` };
    if (n < lo || n > hi) return { error: ko ? `${name}: ${range} 범위여야 합니다, 입력값 ${JSON.stringify(raw)}` : `${name} must be between ${lo.toLocaleString("en-US")} and ${hi.toLocaleString("en-US")}, got ${JSON.stringify(raw)}` };
    return { value: n };
  }
  if (field.type === "enum") {
    const v = String(raw).trim();
    const hit = field.choices!.find((c) => c.toLowerCase() === v.toLowerCase());
    return hit ? { value: hit } : { error: ko ? `${name}: ${field.choices!.join(", ")} 중 하나여야 합니다, 입력값 ${JSON.stringify(raw)}` : `${name} must be one of ${field.choices!.join(", ")}, got ${JSON.stringify(raw)}` };
  }
  if (field.type === "list") {
    const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
    return { value: items.map((s) => s.trim()).filter(Boolean) };
  }
  const text = String(raw).trim();
  return text ? { value: text } : { error: ko ? `${name}: 비어 있습니다` : `${name} is empty` };
}
