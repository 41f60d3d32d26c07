import type { LinkageWarning } from "../scan/linkage.js";

/** A thin-picture warning in English or Korean (the roadmap's languages). */
export function linkageWarningText(w: LinkageWarning, lang: "en" | "ko"): string {
  if (w.kind === "source-without-tables") {
    return lang === "ko"
      ? `이 저장소는 ${w.source}에 의존하지만, 엔터티나 모델도, 테이블에 연결된 쿼리도 찾지 못했습니다. 이 부분의 데이터 접근은 분석에서 빠져 있습니다.`
      : `${w.source} is used by this repository, but no table was read from it (no entity or model, no query linked to a table): its data access is missing from this picture.`;
  }
  return lang === "ko"
    ? `코드 단위 ${w.units}개 중 ${w.touching}개(${w.percent}%)만 테이블을 읽거나 쓰는 것으로 확인되었습니다. 아래의 컨텍스트와 순서는 데이터 접근이 아니라 주로 import 관계에서 나온 것입니다.`
    : `Only ${w.touching} of ${w.units} code units (${w.percent}%) were seen reading or writing a table: the contexts and their order below come mostly from imports, not from data access.`;
}
