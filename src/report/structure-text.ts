/** The warning that the graph shows no modular structure (src/score/structure.ts), in either language. */
export function weakStructureText(modularity: number, lang: "en" | "ko"): string {
  return lang === "ko"
    ? `코드와 스키마에 모듈 구조가 거의 보이지 않습니다(시도한 해상도 중 가장 높은 모듈성 ${modularity}). 아래 컨텍스트는 약한 제안일 뿐이며, 어디서 나눌지는 이 그래프가 아니라 팀과 도메인이 정해야 합니다.`
    : `The code and schema show little modular structure (best modularity ${modularity} of the resolutions tried): the contexts below are a weak suggestion, and where to cut must come from the team and the domain, not from this graph.`;
}
