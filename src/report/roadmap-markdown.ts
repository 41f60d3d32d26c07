import { compareStrings } from "../util/sort.js";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ContextPlan, Roadmap, SagaWork } from "../plan/roadmap.js";
import type { Saga, SagaAction } from "../plan/saga.js";
import type { RankedRisk } from "../plan/risks.js";
import { escapeMermaid, render } from "./template.js";
import { linkageWarningText } from "./linkage-text.js";
import { overridesMarkdown } from "./overrides-text.js";
import { cell, code as c, count, duration, money, moneyRange, plain, weekDate } from "./markdown-text.js";
import { josa } from "./korean.js";
import {
  CONSISTENCY, PATTERN, actionText, answerEffect, answerValue, calendarText, compensationText, effortItems, fieldFlag, fieldLabel, foundationText,
  gapText, names, notice, playbookText, withKoreanLabels, contextName, streamsText, reasonText, riskEvidence, riskImpact, riskRemedy, riskTitle, stepPolicy, where, type Lang,
} from "./roadmap-text.js";

export type { Lang } from "./roadmap-text.js";
export const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../templates");

/**
 * The roadmap as Markdown from `templates/roadmap.<lang>.md`. The template holds the headings and the
 * fixed prose; the lists and tables built from data come from src/report/roadmap-text.ts, with identifiers,
 * paths and SQL from the scanned code in code spans.
 */
export function roadmapMarkdown(r: Roadmap, repo: string, lang: Lang): string {
  const labels = new Map(r.contexts.filter((x) => x.labelKo).map((x) => [x.name, x.labelKo!] as [string, string]));
  return withKoreanLabels(labels, () => roadmapMarkdownOf(r, repo, lang));
}

function roadmapMarkdownOf(r: Roadmap, repo: string, lang: Lang): string {
  const template = fs.readFileSync(path.join(TEMPLATES, `roadmap.${lang}.md`), "utf8");
  const k = lang === "ko";
  const phase = (id: string) => r.phases.find((p) => p.id === id);
  const range = (from: number, to: number) => ({ from, to });
  const pilot = r.contexts.find((x) => x.phase === 2) ?? null;
  const riskRank = (id: RankedRisk["id"]) => r.risks.find((x) => x.id === id)?.rank ?? null;
  const view = {
    repo,
    // Rules the repository overrides first: every number of the plan rests on them.
    warnings: [...[overridesMarkdown(r.ruleOverrides, lang) ?? []].flat(), ...r.notices.map((n) => notice(n, lang)), ...r.dataWarnings.map((w) => plain(linkageWarningText(w, lang)))],
    hasPlan: r.contexts.length > 0,
    contextCount: r.contexts.length,
    totalWeeks: r.totalWeeks,
    calendar: calendarText(r, lang),
    streams: r.team.streams,
    streamsWord: r.team.streams === 1 ? "stream" : "streams",
    streamsText: streamsText(r.team.streams, r.team.squad, lang),
    squad: r.team.squad,
    currency: r.currency,
    phaseTable: phaseTable(r, lang),
    totalRange: r.range ? weeksRange(r.range.total, lang) : `${r.totalWeeks} weeks`,
    // One tilde per paragraph at most: two would read as strikethrough in GitHub's Markdown.
    totalRangeKo: r.range ? (r.range.total.p50 === r.range.total.p90 ? `${r.range.total.p50}주` : `P50 기준 ${r.range.total.p50}주, P90 기준 ${r.range.total.p90}주`) : `${r.totalWeeks}주`,
    criticalPath: criticalPathText(r, lang),
    calendarRules: calendarRulesText(r, lang),
    sensitivityTable: sensitivityTable(r, lang),
    risks: riskList(r, lang),
    answers: answersTable(r, lang),
    orderTable: orderTable(r, lang),
    contextMap: contextMap(r, lang),
    contextMapNote: contextMapNote(r, lang),
    gantt: r.calendar ? gantt(r, lang) : "",
    scheduleTable: scheduleTable(r, lang),
    foundation: { ...range(1, r.foundation.weeks), people: r.foundation.people, personWeeks: r.foundation.personWeeks },
    foundationItems: [...r.foundation.items.map((i) => `- ${foundationText(i, lang, riskRank)}`), ...(r.foundation.training ? [`- ${trainingText(r, lang)}`] : [])].join("\n"),
    pilot: phase("pilot") ? range(phase("pilot")!.startWeek, phase("pilot")!.startWeek + phase("pilot")!.weeks - 1) : null,
    pilotText: pilot ? pilotText(r, pilot, lang) : "",
    pilotBlock: pilot ? contextBlock(r, pilot, lang) : "",
    extraction: phase("extraction") ? range(phase("extraction")!.startWeek, phase("extraction")!.startWeek + phase("extraction")!.weeks - 1) : null,
    extractionIntro: extractionIntro(r, lang),
    sagaBlocks: r.sagaWork.map((w) => sagaWorkBlock(r, w, lang)).join("\n\n"),
    contextBlocks: r.contexts.filter((x) => x.phase === 3).map((x) => contextBlock(r, x, lang)).join("\n\n"),
    consistencyTable: consistencyTable(r, lang),
    costTable: costTable(r, lang),
    costNotes: costNotes(r, lang),
    quarterTable: quarterTable(r, lang),
    openQuestions: openQuestions(r, lang),
  };
  void k;
  return render(template, view).replace(/\n{3,}/g, "\n\n");
}

// ───────────────────────────── tables at the top ─────────────────────────────

function weeksOf(from: number, to: number, lang: Lang): string {
  return lang === "ko" ? `${from}~${to}주 차(${to - from + 1}주)` : `${from}–${to} (${to - from + 1} weeks)`;
}

function datesOf(r: Roadmap, from: number, to: number, lang: Lang = "en"): string {
  return r.calendar ? `${weekDate(r.calendar.start, from)}${lang === "ko" ? "~" : " – "}${weekDate(r.calendar.start, to, true)}` : "";
}

function phaseTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const head = k ? ["단계", "기간", "P50~P90", ...(r.calendar ? ["날짜"] : []), "인원", "내용"] : ["phase", "weeks", "P50–P90", ...(r.calendar ? ["dates"] : []), "people", "what"];
  const rows = r.phases.map((p) => {
    const to = p.startWeek + p.weeks - 1;
    const title = p.id === "foundation" ? (k ? "1단계: 기반 구축" : "1. Foundation") : p.id === "pilot" ? (k ? "2단계: 파일럿" : "2. Pilot") : k ? "3단계: 분리" : "3. Extraction";
    const people =
      p.id === "foundation"
        ? k ? `${r.foundation.people}명(플랫폼 ${r.team.infra}명과 스쿼드 하나)` : `${r.foundation.people} (platform ${r.team.infra} and one squad)`
        : p.id === "pilot" ? (k ? `스쿼드 하나(${r.team.squad}명)` : `one squad (${r.team.squad})`) : k ? `${r.team.squad}명씩 ${p.streams}개 스트림` : `${p.streams} stream${p.streams === 1 ? "" : "s"} of ${r.team.squad}`;
    const what =
      p.id === "foundation"
        ? k ? `${r.foundation.items.length}개 항목, ${r.foundation.personWeeks}인·주` : `${r.foundation.items.length} items, ${r.foundation.personWeeks} person-weeks`
        : p.id === "pilot"
          ? k ? `${names(p.contexts, lang)}, 운영 관찰 포함` : `${names(p.contexts, lang)}, then watched in production`
          : k ? `${r.sagaWork.length ? `사가 오케스트레이션 ${r.sagaWork.length}건, ` : ""}컨텍스트 ${p.contexts.length}개` : `${r.sagaWork.length ? `${r.sagaWork.length} saga orchestration${r.sagaWork.length === 1 ? "" : "s"}, ` : ""}${p.contexts.length} contexts`;
    const spread = r.range?.phases[p.id];
    return [title, weeksOf(p.startWeek, to, lang), spread ? weeksRange(spread, lang) : "", ...(r.calendar ? [datesOf(r, p.startWeek, to, lang)] : []), people, what];
  });
  if (r.range) rows.push([k ? "**전체**" : "**Total**", weeksOf(1, r.totalWeeks, lang), `**${weeksRange(r.range.total, lang)}**`, ...(r.calendar ? [datesOf(r, 1, r.totalWeeks, lang)] : []), "", ""]);
  return table(head, rows);
}

/** P50–P90 in weeks: "6–7 weeks", "6~7주"; one number when both agree. */
function weeksRange(x: { p50: number; p90: number }, lang: Lang): string {
  const k = lang === "ko";
  if (x.p50 === x.p90) return k ? `${x.p50}주` : `${x.p50} week${x.p50 === 1 ? "" : "s"}`;
  return k ? `${x.p50}~${x.p90}주` : `${x.p50}–${x.p90} weeks`;
}

function linkLabel(r: Roadmap, id: string, lang: Lang): string {
  const k = lang === "ko";
  if (id === "phase:foundation") return k ? "1단계 기반 구축" : "Phase 1 foundation";
  if (id === "phase:pilot") return k ? "파일럿 운영 관찰" : "the pilot watched in production";
  if (id.startsWith("calendar:")) {
    const [name, from, to] = id.slice("calendar:event:".length).split("|");
    return k ? `${eventName(name, lang)}(${from === to ? from : `${from}부터 ${to}까지`}) 대기` : `waiting out ${eventName(name, lang)} (${from === to ? from : `${from} – ${to}`})`;
  }
  if (id.startsWith("saga:")) return k ? `${contextName(id.slice(5), lang)} 사가 오케스트레이션` : `saga orchestration for ${c(id.slice(5))}`;
  const name = id.replace(/^context:/, "");
  return r.contexts.find((x) => x.name === name)?.phase === 2 ? (k ? `파일럿 ${contextName(name, lang)}` : `the pilot ${c(name)}`) : contextName(name, lang);
}

const EVENT_KO: Record<string, string> = { Seollal: "설날", Chuseok: "추석", "Black Friday": "블랙프라이데이", "11.11": "11.11" };
const eventName = (name: string, lang: Lang) => (lang === "ko" ? EVENT_KO[name] ?? name : name);

/** What moved a critical cutover: a freeze or a peak (with its dates), or another critical cutover. */
export function movedBecause(because: string, lang: Lang): string {
  const k = lang === "ko";
  if (because.startsWith("cutover:")) return k ? `다른 핵심 컨텍스트 ${contextName(because.slice(8), lang)}의 전환과 겹칩니다` : `it would have overlapped the cutover of ${c(because.slice(8))}, another critical context`;
  const [name, from, to, kind] = because.slice(6).split("|");
  const when = from === to ? from : k ? `${from}부터 ${to}까지` : `${from} – ${to}`;
  if (kind === "peak") return k ? `${eventName(name, lang)}(${when}) 전 2주와 겹칩니다` : `it would have met the two weeks before ${eventName(name, lang)} (${when})`;
  return k ? `${eventName(name, lang)}(${when}) 동결 기간과 겹칩니다` : `it would have met ${eventName(name, lang)} (${when})`;
}

/** The freezes and peaks the plan meets, and the rule it keeps. */
function calendarRulesText(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const cr = r.calendarRules;
  if (!cr || !r.calendar) return "";
  const end = weekDate(r.calendar.start, r.totalWeeks, true);
  const inPlan = cr.events.filter((e) => e.to >= r.calendar!.start && e.from <= end);
  const lines: string[] = [];
  const market = cr.market ? (k ? `시장 ${cr.market}${cr.marketFrom === "currency" ? "(통화로 판단)" : ""}` : `market ${cr.market}${cr.marketFrom === "currency" ? " (from the currency)" : ""}`) : k ? "시장 미응답" : "no market answered";
  const sector = cr.sector ? (k ? `, 업종 ${cr.sector === "commerce" ? "커머스" : cr.sector}` : `, ${cr.sector}`) : "";
  const ev = inPlan.map((e) => `${eventName(e.name, lang)} ${e.from === e.to ? e.from : k ? `${e.from}부터 ${e.to}까지` : `${e.from} – ${e.to}`}${e.source === "answer" ? (k ? "(팀 지정)" : " (yours)") : ""}`);
  lines.push(
    k
      ? `**달력** (${market}${sector}): ${ev.length ? ev.join(", ") : "일정 안에 동결 기간이나 피크가 없습니다"}. 핵심 컨텍스트(${names(cr.critical, lang) || "없음"})의 전환(병행 운영 기간)은 동결 기간, 피크 전 2주, 다른 핵심 컨텍스트의 전환과 겹치지 않게 잡았습니다.`
      : `**Calendar** (${market}${sector}): ${ev.length ? ev.join(", ") : "no freeze or peak within the plan"}. No cutover of a critical context (${names(cr.critical, lang) || "none"}) runs in a freeze, in the two weeks before a peak, or beside another critical cutover.`,
  );
  for (const x of r.contexts.filter((y) => y.moved))
    lines.push(k ? `- ${contextName(x.name, lang)}: ${x.moved!.weeks}주 늦춰 시작합니다. 그대로였다면 전환이 ${movedBecause(x.moved!.because, lang)}.` : `- ${c(x.name)} starts ${x.moved!.weeks} week${x.moved!.weeks === 1 ? "" : "s"} later: ${movedBecause(x.moved!.because, lang)}.`);
  if (cr.unread.length) lines.push(k ? `- 읽지 못한 항목(형식: YYYY-MM-DD..YYYY-MM-DD 이름, YYYY-MM-DD 이름): ${cr.unread.map((u) => `"${u}"`).join(", ")}` : `- Not read (expected YYYY-MM-DD..YYYY-MM-DD name, or YYYY-MM-DD name): ${cr.unread.map((u) => `"${u}"`).join(", ")}`);
  return lines.join("\n");
}

/** The chain that sets the end date, and what limits a bigger team's gain. */
function criticalPathText(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  if (!r.criticalPath.length) return "";
  const steps = r.criticalPath.map((l, i) => {
    const prev = i > 0 ? r.criticalPath[i - 1].then : null;
    const how = prev === "done-before" ? (k ? "(앞 작업 완료 대기) " : "(waits for it) ") : prev === "same-stream" ? (k ? "(같은 스트림) " : "(same stream) ") : prev === "cutover-apart" ? (k ? "(핵심 전환은 하나씩) " : "(one critical cutover at a time) ") : "";
    return `${how}${linkLabel(r, l.id, lang)}${l.then === "calendar" ? "" : k ? ` ${l.doneWeek}주 차` : ` week ${l.doneWeek}`}`;
  });
  const lines = [k ? `**주경로**(종료일을 정하는 작업): ${steps.join(" → ")}.` : `**Critical path** (the work that sets the end date): ${steps.join(" → ")}.`];
  if (r.limit) {
    const cap = r.limit.atCap
      ? k ? `3단계는 이미 규칙이 허용하는 최대 ${r.limit.maxStreams}개 스트림으로 진행합니다(\`rules/cost.yaml\` \`streams.maxStreams\`: 그 이상은 공유 스키마 검토와 플랫폼 팀이 병목). ` : `Phase 3 already runs the ${r.limit.maxStreams} streams the rules allow (\`rules/cost.yaml\` \`streams.maxStreams\`: beyond that, reviews of the shared schema and the platform team are the bottleneck). `
      : "";
    lines.push(
      k
        ? `${cap}작업 수만큼 스트림이 있어도 ${r.limit.unlimitedWeeks}주가 걸립니다. 인원을 늘려 줄일 수 있는 것은 최대 ${r.totalWeeks - r.limit.unlimitedWeeks}주이고, 나머지는 위 주경로의 순서(사가가 먼저, 병행 운영 기간)가 정합니다.`
        : `${cap}With as many streams as work items it would still take ${r.limit.unlimitedWeeks} weeks: more people can save at most ${r.totalWeeks - r.limit.unlimitedWeeks} weeks; the rest is set by the chain above (sagas first, the weeks each runs beside the monolith).`,
    );
  }
  return lines.join("\n\n");
}

function sensitivityTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  if (!r.sensitivity.length) return "";
  const label = (s: Roadmap["sensitivity"][number]) => {
    switch (s.id) {
      case "platform-engineer": return k ? "플랫폼 엔지니어 1명 추가" : "one more platform engineer";
      case "squad": return k ? `스쿼드 1개 추가(${r.team.squad}명, 스트림 ${r.team.streams + 1}개)` : `one more squad (${r.team.squad} people, ${r.team.streams + 1} streams)`;
      case "coverage": return k ? "테스트 커버리지 50%로" : "test coverage raised to 50%";
      case "leave-out": return k ? `${c(s.context!)}를 모놀리스에 남김` : `${c(s.context!)} left in the monolith`;
    }
  };
  const head = k ? ["변경", "전체 기간", "단축"] : ["change", "total", "weeks saved"];
  return table(head, r.sensitivity.map((s) => [label(s), k ? `${s.totalWeeks}주` : `${s.totalWeeks} weeks`, String(s.saved)]), [false, true, true]);
}

function riskList(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const pilot = r.contexts.find((x) => x.phase === 2)?.name ?? null;
  const damaging = r.answers.find((a) => a.key === "business.mostDamagingOutage");
  return r.risks
    .map((x) => {
      const touches = x.contexts.length ? (k ? ` — ${names(x.contexts, lang)}` : ` — ${names(x.contexts, lang)}`) : "";
      // The team's own words, from strangler.yaml: plain text, never Markdown or HTML.
      const hurt = x.mostDamaging && damaging ? (k ? ` (팀이 가장 치명적이라고 꼽은 "${plain(String(damaging.value))}"에 해당)` : ` (ranked higher: the team named "${plain(String(damaging.value))}" the domain that hurts most)`) : "";
      const pad = " ".repeat(`${x.rank}. `.length);
      return [
        `${x.rank}. **${riskTitle(x, lang)}**${touches}${hurt}`,
        `${pad}- ${k ? "근거" : "Evidence"}: ${riskEvidence(x, lang)}`,
        `${pad}- ${k ? "영향" : "Impact"}: ${riskImpact(x, lang, pilot)}`,
        `${pad}- ${k ? "대응" : "Remedy"}: ${riskRemedy(x, lang)}`,
      ].join("\n");
    })
    .join("\n");
}

function answersTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const head = k ? ["질문", "답", "계획에 준 영향"] : ["question", "answer", "what it changed"];
  return table(head, r.answers.map((a) => [fieldLabel(a.key, lang), plain(answerValue(a, lang, r.currency)), answerEffect(a, r, lang)]));
}

function orderTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const head = k ? ["#", "컨텍스트", "단계", "난이도", "위험도", "우선순위 할인", "일관성", "패턴", "공수(인·주)"] : ["#", "context", "phase", "difficulty", "risk", "priority discount", "consistency", "patterns", "person-weeks"];
  const rows = r.contexts.map((x) => [
    String(x.rank), contextName(x.name, lang), String(x.phase), x.difficulty.toFixed(1), String(x.risk), x.discount ? `−${Math.round(x.discount * 100)}%` : "", CONSISTENCY[x.consistency.level][lang], x.patterns.map((p) => PATTERN[p][lang]).join(", "), String(x.effort.personWeeks),
  ]);
  return table(head, rows, [false, false, true, true, true, true, false, false, true]);
}

/** Edges the roadmap's context map draws: more make the picture unreadable (the HTML report draws them all). */
export const MAP_EDGES = 20;

/** What crosses between two contexts, in occurrences: the weight an edge is drawn and kept by. */
const crossingCount = (e: Roadmap["contextMap"][number]) => e.joins + e.foreignKeys + e.transactions + e.access;

/** The heaviest MAP_EDGES edges between contexts in the plan, and how many lighter ones were left out. */
export function heaviestMapEdges(r: Roadmap): { edges: Roadmap["contextMap"]; leftOut: number } {
  const named = new Set(r.contexts.map((x) => x.name));
  const all = r.contextMap.filter((e) => named.has(e.from) && named.has(e.to));
  const edges = [...all].sort((x, y) => crossingCount(y) - crossingCount(x) || compareStrings(x.from, y.from) || compareStrings(x.to, y.to)).slice(0, MAP_EDGES);
  return { edges, leftOut: all.length - edges.length };
}

function contextMap(r: Roadmap, lang: Lang): string {
  const id = new Map(r.contexts.map((x, i) => [x.name, `c${i + 1}`]));
  const lines = ["flowchart LR"];
  for (const x of r.contexts) lines.push(`  ${id.get(x.name)}["${escapeMermaid(`${x.rank}. ${x.name}`)}"]`);
  const { edges } = heaviestMapEdges(r);
  const heaviest = Math.max(1, ...edges.map(crossingCount));
  for (const e of edges) {
    const parts =
      lang === "en"
        ? [e.joins && `${e.joins} join${e.joins === 1 ? "" : "s"}`, e.foreignKeys && `${e.foreignKeys} FK${e.foreignKeys === 1 ? "" : "s"}`, e.transactions && `${e.transactions} tx`, e.access && `${e.access} table access`]
        : [e.joins && `조인 ${e.joins}`, e.foreignKeys && `외래 키 ${e.foreignKeys}`, e.transactions && `트랜잭션 ${e.transactions}`, e.access && `테이블 접근 ${e.access}`];
    // Drawn by weight: a thick line for the heaviest third, a dotted one for the lightest.
    const share = crossingCount(e) / heaviest;
    const link = share > 2 / 3 ? "===" : share < 1 / 3 ? "-.-" : "---";
    lines.push(`  ${id.get(e.from)} ${link}|"${escapeMermaid(parts.filter(Boolean).join(", "))}"| ${id.get(e.to)}`);
  }
  return lines.join("\n");
}

/** Says how many lighter edges the map left out (empty when it draws them all). */
function contextMapNote(r: Roadmap, lang: Lang): string {
  const { edges, leftOut } = heaviestMapEdges(r);
  if (!leftOut) return "";
  return lang === "ko"
    ? `가장 무거운 연결 ${edges.length}개만 그렸습니다. 가벼운 연결 ${leftOut}개는 생략했습니다(\`strangler report\`의 HTML 보고서에는 모두 있습니다).`
    : `Only the ${edges.length} heaviest edges are drawn; ${leftOut} lighter edge${leftOut === 1 ? " is" : "s are"} left out (\`strangler report\` draws them all).`;
}

// ───────────────────────────── timeline ─────────────────────────────

interface Row {
  label: string;
  phase: number;
  stream: number;
  start: number;
  end: number;
  done: number;
}

function rowsOf(r: Roadmap, lang: Lang): Row[] {
  const k = lang === "ko";
  const rows: Row[] = [];
  if (r.foundation.weeks) rows.push({ label: k ? "기반 구축" : "foundation", phase: 1, stream: 0, start: 1, end: r.foundation.weeks, done: r.foundation.weeks });
  if (r.foundation.training) rows.push({ label: k ? `교육(${r.foundation.training.people}명)` : `training (${r.foundation.training.people} people)`, phase: 1, stream: 0, start: 1, end: r.foundation.training.weeks, done: r.foundation.training.weeks });
  if (r.scheduleCost?.hiresStartWeek && r.staffing?.hires) rows.push({ label: k ? `플랫폼 인력 ${r.staffing.hires}명 합류` : `${r.staffing.hires} platform hire${r.staffing.hires === 1 ? "" : "s"} join`, phase: r.scheduleCost.hiresStartWeek <= r.foundation.weeks ? 1 : r.phases.find((p) => p.startWeek <= r.scheduleCost!.hiresStartWeek! && r.scheduleCost!.hiresStartWeek! <= p.startWeek + p.weeks - 1)?.number ?? 3, stream: 0, start: r.scheduleCost.hiresStartWeek, end: r.scheduleCost.hiresStartWeek, done: r.scheduleCost.hiresStartWeek });
  for (const w of r.sagaWork) rows.push({ label: k ? `${c(w.orchestrator)} 사가 오케스트레이션(${w.sagas.map((s) => c(s)).join(", ")})` : `saga orchestration for ${c(w.orchestrator)} (${w.sagas.map((s) => c(s)).join(", ")})`, phase: w.phase, stream: w.stream, start: w.startWeek, end: w.endWeek, done: w.doneWeek });
  for (const x of r.contexts) rows.push({ label: c(x.name), phase: x.phase, stream: x.stream, start: x.startWeek, end: x.endWeek, done: x.doneWeek });
  return rows.sort((a, b) => a.start - b.start || a.stream - b.stream);
}

function scheduleTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const head = k ? ["작업", "단계", "스트림", "구축", "병행 운영 후 완료", ...(r.calendar ? ["날짜"] : [])] : ["work", "phase", "stream", "build weeks", "done (after running beside the monolith)", ...(r.calendar ? ["dates"] : [])];
  const rows = rowsOf(r, lang).map((x) => [
    x.label,
    String(x.phase),
    x.stream ? String(x.stream) : k ? "플랫폼" : "platform",
    k ? `${x.start}~${x.end}주 차` : `${x.start}–${x.end}`,
    k ? `${x.done}주 차` : `week ${x.done}`,
    ...(r.calendar ? [datesOf(r, x.start, x.done, lang)] : []),
  ]);
  return table(head, rows);
}

/** Mermaid gantt, only with a first day (a chart with made-up dates would mislead). */
function gantt(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const start = r.calendar!.start;
  const task = (s: string) => s.replace(/`/g, "").replace(/[:;#]/g, "-");
  const lines = ["gantt", `  title ${k ? "스트랭글러 피그 로드맵" : "Strangler Fig roadmap"}`, "  dateFormat YYYY-MM-DD", "  axisFormat %Y-%m-%d"];
  let section = 0;
  let n = 0;
  for (const x of rowsOf(r, lang)) {
    if (x.phase !== section) {
      section = x.phase;
      lines.push(`  section ${x.phase === 1 ? (k ? "1단계 기반 구축" : "Phase 1 foundation") : x.phase === 2 ? (k ? "2단계 파일럿" : "Phase 2 pilot") : k ? "3단계 분리" : "Phase 3 extraction"}`);
    }
    n++;
    lines.push(`  ${task(x.label)} :t${n}, ${weekDate(start, x.start)}, ${x.end - x.start + 1}w`);
    if (x.done > x.end) lines.push(`  ${task(x.label)} ${k ? "병행 운영" : "beside the monolith"} :active, v${n}, ${weekDate(start, x.end + 1)}, ${x.done - x.end}w`);
  }
  return lines.join("\n");
}

// ───────────────────────────── phases 2 and 3 ─────────────────────────────

function pilotText(r: Roadmap, x: ContextPlan, lang: Lang): string {
  const k = lang === "ko";
  const first = x.reasons[0] ? reasonText(x.reasons[0], lang) : "";
  const observe = r.phases.find((p) => p.id === "pilot")!;
  const watch = observe.startWeek + observe.weeks - 1 - x.doneWeek;
  const intro = k
    ? `${josa(c(x.name), "을/를")} 먼저 분리합니다${first ? `: ${first}` : ""}. 스트랭글러 파사드로 엔드포인트를 라우팅하고, 이벤트를 발행하며, 새 경계를 넘는 모든 호출을 추적하고, 장애를 격리(타임아웃, 서킷 브레이커)하며, 모놀리스 경로로 되돌릴 수 있게 두고, 분리 전후의 지연 시간, 오류율, 배포 빈도를 측정합니다. ${x.effort.buildWeeks}주 동안 구축하고, 3단계를 시작하기 전에 운영 환경에서 ${x.doneWeek - x.endWeek + Math.max(0, watch)}주 동안 지켜봅니다.`
    : `Extract ${c(x.name)} first${first ? `: ${first}` : ""}. Route its endpoints through the strangler facade, publish its events, trace every call across the new boundary, isolate its failures (timeouts, circuit breaker), keep a rollback to the monolith path, and measure latency, error rate and deploy frequency before and after. It is built in ${x.effort.buildWeeks} weeks, then watched in production for ${x.doneWeek - x.endWeek + Math.max(0, watch)} weeks before Phase 3 starts.`;
  const risk = r.risks.find((y) => y.id === "pilot-sync-call");
  if (!risk) return intro;
  const before = k ? `**오픈 전에 할 일** (위험 ${risk.rank}번): ${riskEvidence(risk, lang)}. ${riskRemedy(risk, lang)}` : `**Before it goes live** (risk #${risk.rank}): ${riskEvidence(risk, lang)}. ${capital(riskRemedy(risk, lang))}`;
  return `${intro}\n\n${before}`;
}

/** The training block of Phase 1: who, how long, on what, with the reading and the courses the consultant names. */
function trainingText(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const t = r.foundation.training!;
  const topics: string[] = [];
  if (t.saga !== "production")
    topics.push(
      k
        ? `사가, 아웃박스, 멱등성, 보상 트랜잭션(크리스 리처드슨 『마이크로서비스 패턴』 4장에서 6장, 인프런·패스트캠퍼스의 MSA 강의, 우아한형제들의 전환 사례), 그리고 ${c("checkout")} 흐름으로 사가를 직접 짜 보는 실습`
        : `sagas, the outbox, idempotency and compensations (C. Richardson, "Microservices Patterns", ch. 4–6; Korean MSA courses on 인프런 or 패스트캠퍼스; 우아한형제들's migration talks), with a saga kata on the ${c("checkout")} flow`,
    );
  if (t.kubernetes === "some") topics.push(k ? "플랫폼 팀의 쿠버네티스 운영(배포, 오토스케일링, 장애 대응)" : "Kubernetes operations for the platform team (deploys, autoscaling, incidents)");
  return k
    ? `**교육** (${t.weeks === 1 ? "1주 차" : `1~${t.weeks}주 차`}, 기반 작업과 병행, 전환 엔지니어와 플랫폼 팀 ${t.people}명): ${topics.join("; ")}. 팀의 경험(사가·이벤트: ${t.saga === "none" ? "없음" : "일부"})이 부족한 것이 이 전환의 주요 위험입니다(${t.personWeeks}인·주, 인건비에 포함).`
    : `**Training** (${t.weeks === 1 ? "week 1" : `weeks 1–${t.weeks}`}, beside the foundation work, the ${t.people} migration and platform engineers): ${topics.join("; ")}. The team's experience (sagas and events: ${t.saga}) is a main risk of this move (${t.personWeeks} person-weeks, in the labour cost).`;
}

function extractionIntro(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const p = r.phases.find((x) => x.id === "extraction");
  if (!p) return "";
  const sagaFirst = r.sagaWork.length
    ? k
      ? ` 사가 오케스트레이션을 먼저 모놀리스 안에 갖춥니다. ${josa(names([...new Set(r.sagaWork.flatMap((w) => w.before))], lang), "은/는")} 그것이 끝난 뒤에 분리합니다.`
      : ` Saga orchestration comes first, in the monolith: ${names([...new Set(r.sagaWork.flatMap((w) => w.before))], lang)} leave only once it is done.`
    : "";
  const hires = r.staffing?.hires ? (k ? `, 채용 ${r.staffing.hires}명 합류 후 ${r.staffing.platformNow + r.staffing.hires}명` : `, ${r.staffing.platformNow + r.staffing.hires} once the ${r.staffing.hires} hires join`) : "";
  const staffing = k
    ? ` 스트림마다 ${r.team.squad}명 스쿼드 하나: 전환 절차와 진행/중단 판단을 맡는 리드 1명, 코드와 데이터 이전 ${Math.max(1, r.team.squad - 2)}명, 테스트와 역방향 동기화 1명. 플랫폼 팀(${r.team.infra}명${hires})이 모든 스트림의 파이프라인, 브로커, 동기화를 지원합니다.`
    : ` Each stream is one squad of ${r.team.squad}: a lead who owns its cutover playbook and the go/no-go calls, ${Math.max(1, r.team.squad - 2)} on the code and data moves, 1 on tests and the reverse sync; the platform team (${r.team.infra}${hires}) supports every stream's pipelines, broker and sync.`;
  return k ? `컨텍스트 ${p.contexts.length}개를 분리 순서대로, 비어 있는 스트림이 이어받습니다.${sagaFirst}${staffing}` : `${p.contexts.length} contexts in the extraction order, each taken by the next free stream.${sagaFirst}${staffing}`;
}

function sagaWorkBlock(r: Roadmap, w: SagaWork, lang: Lang): string {
  const k = lang === "ko";
  const head = k
    ? `### ${contextName(w.orchestrator, lang)} 사가 오케스트레이션 (${w.startWeek}~${w.endWeek}주 차, 스트림 ${w.stream}, ${w.doneWeek}주 차 완료)`
    : `### Saga orchestration for ${c(w.orchestrator)} (weeks ${w.startWeek}–${w.endWeek}, stream ${w.stream}, done week ${w.doneWeek})`;
  const effort = k
    ? `- 공수: ${w.effort.personWeeks}인·주(${effortItems(w.effort.items, lang)}; 중요도 ×${w.effort.criticalityFactor}), ${w.effort.people}명이 ${w.effort.buildWeeks}주 구축 후 ${w.effort.verifyWeeks}주 병행 운영.`
    : `- Effort: ${w.effort.personWeeks} person-weeks (${effortItems(w.effort.items, lang)}; × ${w.effort.criticalityFactor} criticality), ${w.effort.buildWeeks} weeks for ${w.effort.people} people, then ${w.effort.verifyWeeks} weeks beside the old path.`;
  const before = k ? `- 이 작업이 끝나야 분리할 수 있는 컨텍스트: ${names(w.before, lang)}.` : `- Must be done before ${names(w.before, lang)} leave.`;
  const sagas = r.sagas.filter((s) => s.orchestrator === w.orchestrator).map((s) => sagaBlock(s, lang));
  return [head, "", effort, before, "", sagas.join("\n\n")].join("\n");
}

function sagaBlock(s: Saga, lang: Lang): string {
  const k = lang === "ko";
  const lines: string[] = [];
  lines.push(k ? `#### 사가 ${c(s.name)} (${where([s.at], lang)})` : `#### Saga ${c(s.name)} (${where([s.at], lang)})`);
  lines.push("");
  const key = s.key ? c(`${s.key.table}.${s.key.column}`) : null;
  lines.push(
    k
      ? `${c(s.name)}의 트랜잭션을 대체합니다. 오케스트레이터는 ${c(s.orchestrator)}, 참여자는 ${names(s.participants, lang)}입니다. ${key ? `사가 ID는 1단계가 새로 만드는 ${key}입니다. 각 단계의 멱등 키는 사가 ID와 단계 번호로 만들고, 1단계는 클라이언트가 보낸 요청 ID를 씁니다.` : "사가 ID는 오케스트레이터가 만들고, 각 단계의 멱등 키는 사가 ID와 단계 번호로 만듭니다."}`
      : `Replaces the transaction in ${c(s.name)}, orchestrated by ${c(s.orchestrator)} with ${names(s.participants, lang)}. ${key ? `The saga id is the new ${key} step 1 creates; each step's idempotency key is that id and the step number (step 1 uses the client's request id).` : "The orchestrator creates the saga id; each step's idempotency key is that id and the step number."}`,
  );
  if (s.reads.length) {
    const reads = s.reads.map((x) => (k ? `${c(x.context)}의 ${c(x.what)}(${where([x.evidence], lang)})` : `${c(x.what)} of ${c(x.context)} (${where([x.evidence], lang)})`)).join(", ");
    lines.push("");
    lines.push(k ? `단계에 앞서 다른 컨텍스트의 데이터를 읽습니다: ${reads}. 사가 명령에 담아 넘기거나, 타임아웃을 두고 소유 서비스에 묻습니다.` : `Before its steps it reads other contexts' data: ${reads}. Pass it in the saga's command, or ask the owner with a timeout.`);
  }
  lines.push("");
  const firstStatusStep = (table: string) => s.steps.find((st) => st.actions.some((a) => a.table === table && a.compensation.kind === "status"))?.order ?? null;
  const head = k ? ["단계", "서비스", "하는 일", "보상", "멱등 키", "타임아웃, 재시도", "위치"] : ["step", "service", "does", "compensation", "idempotency key", "timeout, retries", "where"];
  const rows = s.steps.map((st) => {
    const comps: string[] = [];
    for (const a of st.actions) {
      const t = compensationText(a.compensation, lang, firstStatusStep);
      const named = ["call", "library", "status", "inverse", "irreversible", "missing"].includes(a.compensation.kind) || (a.compensation.kind === "covered" && a.compensation.by === a.table);
      const line = named || !a.table ? t : `${c(a.table)}: ${t}`;
      if (!comps.includes(line)) comps.push(line);
    }
    const idem = st.order === 1 && s.key ? (k ? "요청 ID" : "request id") : key ? `${key} + ${st.order}` : k ? `사가 ID + ${st.order}` : `saga id + ${st.order}`;
    const at = st.actions.flatMap((a) => [a.evidence, ...a.via]);
    return [String(st.order), c(st.context), actionsText(st.actions, lang), comps.join("; "), idem, stepPolicy(st, lang), where(dedupe(at), lang, 6)];
  });
  lines.push(table(head, rows, [true, false, false, false, false, false, false], "  "));
  const gaps = s.steps.filter((st) => st.gaps.length);
  if (gaps.length) {
    lines.push("");
    for (const st of gaps) lines.push(k ? `- 지금 ${st.order}단계: ${st.gaps.map((g) => gapText(g, lang)).join(", ")}.` : `- Step ${st.order} today: ${st.gaps.map((g) => gapText(g, lang)).join(", ")}.`);
  }
  if (s.after.length || s.events.length) {
    lines.push("");
    const events = s.events.map((e) => `${c(e.type)} (${where([e.evidence], lang)})`).join(", ");
    const eventNames = s.events.map((e) => c(e.type)).join(", ");
    const eventPlaces = where(s.events.map((e) => e.evidence), lang);
    for (const a of s.after) {
      const how = a.awaited ? (k ? "결과를 기다립니다" : "awaits") : k ? "호출합니다" : "calls";
      lines.push(
        k
          ? `- 커밋한 뒤 ${josa(c(s.name), "은/는")} ${c(a.context)}의 ${c(a.callee)} 호출 ${how}(${where([a.evidence], lang)}). ${eventNames ? `${josa(c(s.name), "이/가")} 이미 ${josa(eventNames, "을/를")} 발행하므로(${eventPlaces}) ${josa(c(a.context), "이/가")} 이를 구독하게 바꿉니다.` : `이벤트를 발행하고 ${josa(c(a.context), "이/가")} 구독하게 바꿉니다.`}`
          : `- After it commits, ${c(s.name)} ${how} ${c(a.callee)} of ${c(a.context)} (${where([a.evidence], lang)}). ${events ? `Let ${c(a.context)} subscribe to ${events}, which it already publishes.` : "Publish an event for it to subscribe to instead."}`,
      );
    }
    if (!s.after.length && events) lines.push(k ? `- 커밋한 뒤 ${josa(eventNames, "을/를")} 발행합니다(${eventPlaces}).` : `- After it commits it publishes ${events}.`);
  }
  return lines.join("\n");
}

/** A step's actions; consecutive ones through the same call are said once: through `f`: update `a`, insert into `b`. */
function actionsText(actions: SagaAction[], lang: Lang): string {
  const k = lang === "ko";
  const out: string[] = [];
  for (let i = 0; i < actions.length; ) {
    const a = actions[i];
    let j = i + 1;
    if (a.callee && a.kind !== "external") while (j < actions.length && actions[j].callee === a.callee && actions[j].kind !== "external") j++;
    if (j - i > 1) {
      const inner = actions.slice(i, j).map((x) => actionText({ ...x, callee: undefined }, lang)).join(", ");
      out.push(k ? `${josa(c(a.callee!), "을/를")} 통해 ${inner}` : `through ${c(a.callee!)}: ${inner}`);
    } else out.push(actionText(a, lang));
    i = j;
  }
  return out.join("; ");
}

function contextBlock(r: Roadmap, x: ContextPlan, lang: Lang): string {
  const k = lang === "ko";
  const lines: string[] = [];
  lines.push(x.phase === 2 ? (k ? `### 파일럿: ${contextName(x.name, lang)}` : `### Pilot: ${c(x.name)}`) : `### ${x.rank}. ${contextName(x.name, lang)}`);
  lines.push("");
  lines.push(`- ${k ? "코드 단위" : "Units"}: ${x.units.map((u) => c(u)).join(", ")}`);
  if (x.tables.length) lines.push(`- ${k ? "테이블" : "Tables"}: ${x.tables.map((t) => c(t)).join(", ")}`);
  lines.push(`- ${k ? "패턴" : "Patterns"}: ${x.patterns.map((p) => PATTERN[p][lang]).join(", ")}`);
  lines.push(`- ${k ? "일관성" : "Consistency"}: ${consistencyText(x, lang)}`);
  const verify = k ? `${x.effort.verifyWeeks}주 병행 운영` : `${x.effort.verifyWeeks} week${x.effort.verifyWeeks === 1 ? "" : "s"} beside the monolith`;
  lines.push(
    k
      ? `- 공수: ${x.effort.personWeeks}인·주(${effortItems(x.effort.items, lang)}${x.effort.criticalityFactor !== 1 ? `; 중요도 ×${x.effort.criticalityFactor}` : ""}${x.effort.coverageFactor !== 1 ? `; 코드 작업 커버리지 ×${x.effort.coverageFactor}` : ""}${x.effort.volumeFactor !== 1 ? `; 테이블 이관 데이터 양 ×${x.effort.volumeFactor}` : ""}). 스트림 ${x.stream}에서 ${x.effort.people}명이 ${x.startWeek}~${x.endWeek}주 차에 구축하고, ${verify} 후 ${x.doneWeek}주 차에 완료.`
      : `- Effort: ${x.effort.personWeeks} person-weeks (${effortItems(x.effort.items, lang)}${x.effort.criticalityFactor !== 1 ? `; × ${x.effort.criticalityFactor} criticality` : ""}${x.effort.coverageFactor !== 1 ? `; code work × ${x.effort.coverageFactor} for coverage` : ""}${x.effort.volumeFactor !== 1 ? `; table moves × ${x.effort.volumeFactor} for data volume` : ""}). Built by ${x.effort.people} people on stream ${x.stream} in weeks ${x.startWeek}–${x.endWeek}, then ${verify}: done week ${x.doneWeek}.`,
  );
  const waits = r.sagaWork.filter((w) => x.dependsOn.includes(w.id));
  if (waits.length) lines.push(k ? `- 선행 작업: ${waits.map((w) => `${c(w.orchestrator)} 사가 오케스트레이션(${w.doneWeek}주 차 완료)`).join(", ")}` : `- Waits for: ${waits.map((w) => `saga orchestration for ${c(w.orchestrator)} (done week ${w.doneWeek})`).join(", ")}`);
  if (x.reasons.length) {
    lines.push(k ? "- 이 순서인 이유:" : "- Why here:");
    for (const y of x.reasons) lines.push(`  - ${reasonText(y, lang)}${y.evidence.length ? ` (${where(y.evidence, lang)})` : ""}`);
  }
  lines.push(...playbookText(x.name, x.playbook, r.dialect, lang));
  const risks = x.risks.map((n) => r.risks.find((y) => y.rank === n)!).filter(Boolean);
  if (risks.length) lines.push(k ? `- 관련 위험: ${risks.map((y) => `${y.rank}번 ${riskTitle(y, lang)}`).join(", ")}` : `- Risks: ${risks.map((y) => `#${y.rank} ${riskTitle(y, lang).toLowerCase()}`).join(", ")}`);
  for (const fk of x.foreignKeys) lines.push(k ? `  - 외래 키 ${c(`${fk.from} → ${fk.to}`)}(${where(fk.evidence, lang)}): 분리 전에 제약을 지우고 ID로 검증` : `  - foreign key ${c(`${fk.from} → ${fk.to}`)} (${where(fk.evidence, lang)}): drop it before the move, validate by id`);
  return lines.join("\n");
}

function consistencyText(x: ContextPlan, lang: Lang): string {
  const k = lang === "ko";
  const cs = x.consistency;
  const lag = duration(cs.lag, lang);
  const why = whyOf(x, lang);
  const level = CONSISTENCY[cs.level][lang];
  if (!cs.transactionWith.length) return k ? `${level}, 허용 지연 ${lag}: ${why}` : `${level}, allowed lag ${lag}: ${why}`;
  const sagas = cs.untilSagas.map((s) => c(s)).join(", ");
  if (cs.lag[1] === 0) {
    return k
      ? `${level}, 허용 지연 0초: ${why}. 지금은 ${josa(names(cs.transactionWith, lang), "과/와")} 한 트랜잭션에서 쓰며${sagas ? `, 분리 뒤에는 사가 ${josa(sagas, "이/가")} 일관성을 지킵니다` : ""}`
      : `${level}, allowed lag 0 s: ${why}. Today it writes in one transaction with ${names(cs.transactionWith, lang)}${sagas ? `; once apart, the ${sagas} saga${cs.untilSagas.length === 1 ? "" : "s"} keep${cs.untilSagas.length === 1 ? "s" : ""} them consistent` : ""}`;
  }
  return k
    ? `${level}. ${josa(names(cs.transactionWith, lang), "과/와")} 한 트랜잭션에서 쓰므로 ${sagas ? `사가 ${josa(sagas, "으로/로")} 대체될 때까지` : "그동안"} 허용 지연 0초, 그 뒤 ${lag}: ${why}`
    : `${level}: it writes in one transaction with ${names(cs.transactionWith, lang)}, so 0 s of lag ${sagas ? `until the ${sagas} saga${cs.untilSagas.length === 1 ? "" : "s"} replace${cs.untilSagas.length === 1 ? "s" : ""} it` : "until then"}; then ${lag}: ${why}`;
}

function whyOf(x: ContextPlan, lang: Lang): string {
  const cs = x.consistency;
  const cache = cacheNote(x, lang);
  return (cs.why.kind === "answer" ? (lang === "ko" ? `팀이 \`strangler.yaml\`에서 정함("${cs.why.text}")` : `the team's choice in \`strangler.yaml\` ("${cs.why.text}")`) : whyBase(x, lang)) + cache;
}

/** A strongly consistent context that others read through a cache: how the two agree. */
function cacheNote(x: ContextPlan, lang: Lang): string {
  const cs = x.consistency;
  if (!x.patterns.includes("cache") || (cs.lag[1] > 0 && cs.level !== "strong")) return "";
  return lang === "ko"
    ? ". 캐시와의 관계: 캐시는 다른 컨텍스트의 화면용 읽기에만 쓰고, 소유 서비스가 쓸 때마다 이벤트로 무효화합니다. 정확한 값이 필요한 읽기(결제, 예약)는 캐시를 거치지 않고 소유 서비스에 묻습니다"
    : "; the cache serves other contexts' display reads only, invalidated by the owner's event on every write; a read that must be exact (checkout, a reservation) bypasses it and asks the owner";
}

function whyBase(x: ContextPlan, lang: Lang): string {
  const cs = x.consistency;
  return cs.why.kind === "domain" ? cs.why[lang] : lang === "ko" ? "도메인 표(`rules/domains.yaml`)에 없는 컨텍스트라 일관성 수준의 기본값을 씀" : "no domain in `rules/domains.yaml`: the level's default";
}

function consistencyTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const head = k ? ["컨텍스트", "일관성", "허용 지연", "근거"] : ["context", "consistency", "allowed lag", "why"];
  const rows = r.contexts.map((x) => {
    const cs = x.consistency;
    const zeroFirst = cs.transactionWith.length > 0 && cs.lag[1] > 0;
    const lag = zeroFirst ? `${duration([0, 0], lang)} → ${duration(cs.lag, lang)}` : duration(cs.lag, lang);
    const sagas = cs.untilSagas.map((s) => c(s)).join(", ");
    const tx = zeroFirst ? (k ? `사가 ${sagas} 전까지 0초(한 트랜잭션에서 씀). 그 뒤: ` : `0 s until the ${sagas} saga (one transaction today). Then: `) : "";
    return [c(x.name), CONSISTENCY[cs.level][lang], lag, tx + whyOf(x, lang)];
  });
  const unread = r.consistencyUnread.length ? (k ? `\n\n- 읽지 못한 일관성 재정의(형식: 컨텍스트 수준 지연, 예: inventory eventual 1-3s): ${r.consistencyUnread.map((u) => `"${u}"`).join(", ")}` : `\n\n- Consistency overrides not read (expected context level lag, e.g. inventory eventual 1-3s, naming a context): ${r.consistencyUnread.map((u) => `"${u}"`).join(", ")}`) : "";
  return table(head, rows) + unread;
}

// ───────────────────────────── cost ─────────────────────────────

function costTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const cost = r.cost;
  if (!cost) return k ? "분리할 서비스가 없어 비용을 계산하지 않았습니다." : "No service to run: nothing is priced.";
  const cur = cost.currency;
  const m = (n: number) => money(n, cur, lang);
  const head = k ? ["항목", "월", "연"] : ["", "a month", "a year"];
  const rows: string[][] = [];
  if (cost.baseline) {
    const from = cost.baseline.from === "answer" ? (k ? "답한 금액" : "answered") : k ? "DAU와 MAU로 추정" : "estimated from DAU and MAU";
    rows.push([k ? `현재 인프라(${from})` : `Infrastructure today (${from})`, m(cost.baseline.month), m(cost.baseline.month * 12)]);
  }
  const pct = cost.increaseShare ? (cost.increaseShare.low === cost.increaseShare.high ? `${Math.round(cost.increaseShare.low * 100)}%` : `${Math.round(cost.increaseShare.low * 100)}${k ? "~" : "–"}${Math.round(cost.increaseShare.high * 100)}%`) : "";
  const share = cost.increaseShare ? (k ? ` (현재의 +${pct})` : ` (+${pct} of today)`) : "";
  rows.push([k ? `전환으로 늘어나는 인프라${share}` : `Infrastructure added by the move${share}`, moneyRange(cost.increaseMonth, cur, lang), moneyRange(cost.increaseYear, cur, lang)]);
  rows.push([
    k ? `└ 최소: 서비스 ${cost.services}개 ${m(cost.floor.services)}, 브로커 ${m(cost.floor.broker)}, APM ${m(cost.floor.apm)}` : `└ at least: ${cost.services} services ${m(cost.floor.services)}, broker ${m(cost.floor.broker)}, APM ${m(cost.floor.apm)}`,
    m(cost.floor.month),
    "",
  ]);
  if (cost.peakYear) rows.push([k ? `피크 때 새 서비스에 더 드는 용량(×${cost.peakYear.multiple}, 연 ${cost.peakYear.days}일)` : `Peak capacity the new services add (×${cost.peakYear.multiple}, ${cost.peakYear.days} days a year)`, "", moneyRange(cost.peakYear, cur, lang)]);
  if (cost.hires) rows.push([k ? `플랫폼 인력 채용 ${cost.hires}명 × ${m(cost.salaryYear)}` : `Platform hires: ${cost.hires} × ${m(cost.salaryYear)}`, m(cost.hiresYear / 12), m(cost.hiresYear)]);
  rows.push([k ? "**추가 비용 합계**" : "**Total added**", `**${moneyRange(cost.totalMonth, cur, lang)}**`, `**${moneyRange(cost.totalYear, cur, lang)}**`]);
  return table(head, rows, [false, true, true]);
}

/** The cost over the schedule by quarter, labour included, adding up to its total; then the deadline and the budget. */
function quarterTable(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const sc = r.scheduleCost;
  if (!sc || !r.cost) return "";
  const cur = r.cost.currency;
  const m = (n: number) => money(n, cur, lang);
  const mr = (x: { low: number; high: number }) => moneyRange(x, cur, lang);
  const head = k ? ["분기", "주 차", "전환 인건비", "인프라 증가분", "플랫폼 채용", "합계"] : ["quarter", "weeks", "migration labour", "infrastructure added", "platform hires", "total"];
  const rows = sc.quarters.map((q) => [k ? `${q.quarter}분기` : `Q${q.quarter}`, k ? `${q.fromWeek}~${q.toWeek}주 차` : `${q.fromWeek}–${q.toWeek}`, m(q.labour), mr(q.infrastructure), m(q.hires), mr(q.total)]);
  const infra = { low: sc.quarters.reduce((s, q) => s + q.infrastructure.low, 0), high: sc.quarters.reduce((s, q) => s + q.infrastructure.high, 0) };
  const hires = sc.quarters.reduce((s, q) => s + q.hires, 0);
  rows.push([k ? "**합계**" : "**Total**", k ? `1~${r.totalWeeks}주 차` : `1–${r.totalWeeks}`, `**${m(sc.labour)}**`, `**${mr(infra)}**`, `**${m(hires)}**`, `**${mr(sc.total)}**`]);
  const lines = [table(head, rows, [false, false, true, true, true, true])];
  lines.push("");
  lines.push(
    k
      ? `- 전환 인건비: ${sc.labourPersonWeeks}인·주 × 주당 ${m(sc.weekly)}(연 ${m(r.cost.salaryYear)} ÷ 52). 작업마다 구축하는 주에 나눠 잡았습니다.`
      : `- Migration labour: ${sc.labourPersonWeeks} person-weeks × ${m(sc.weekly)} a week (${m(r.cost.salaryYear)} a year ÷ 52), spread over the weeks each piece of work is built.`,
  );
  lines.push(k ? "- 인프라 증가분은 서비스마다 운영을 시작한 주부터, 피크 용량도 그 서비스 몫만 잡았습니다." : "- Infrastructure added is counted for each service from its go-live, peak capacity too, for its share only.");
  if (sc.hiresStartWeek !== null)
    lines.push(
      k
        ? `- 플랫폼 인력 ${r.cost.hires}명: 1주 차에 채용을 시작해 ${sc.leadWeeks}주 뒤인 ${sc.hiresStartWeek}주 차부터 합류합니다${r.foundation.weeks < sc.hiresStartWeek ? `. 1단계(${r.foundation.weeks}주 차까지)는 지금의 플랫폼 팀이 맡습니다` : ""}.`
        : `- ${r.cost.hires} platform hire${r.cost.hires === 1 ? "" : "s"}: hiring opens in week 1 and takes ${sc.leadWeeks} weeks, so they start in week ${sc.hiresStartWeek}${r.foundation.weeks < sc.hiresStartWeek ? `; Phase 1 (to week ${r.foundation.weeks}) is done by today's platform team` : ""}.`,
    );
  if (r.deadline) {
    const d = r.deadline;
    lines.push(
      d.out.length
        ? k
          ? `- 기한 ${d.week}주 차: 그때까지 끝나는 것은 ${names(d.fits, lang) || "없음"}이고, ${josa(names(d.out, lang), "은/는")} 기한을 넘깁니다(전체 ${r.totalWeeks}주${d.p90 ? `, P90 ${d.p90}주` : ""}). 기한을 지키려면 이들을 다음 단계로 미루거나 스트림을 늘려야 합니다.`
          : `- Deadline week ${d.week}: done by then: ${names(d.fits, lang) || "none"}; left out: ${names(d.out, lang)} (the plan takes ${r.totalWeeks} weeks${d.p90 ? `, ${d.p90} at P90` : ""}). To keep it, move those to a later stage or add streams.`
        : k
          ? `- 기한 ${d.week}주 차: 모든 컨텍스트가 ${r.totalWeeks}주 차에 끝나 기한 안에 듭니다${d.p90 && d.p90 > d.week ? `. 다만 P90은 ${d.p90}주로 기한을 넘깁니다` : ""}.`
          : `- Deadline week ${d.week}: every context is done by week ${r.totalWeeks}${d.p90 && d.p90 > d.week ? `, but at P90 (${d.p90} weeks) it is missed` : ""}.`,
    );
  }
  if (r.budget) {
    const b = r.budget;
    lines.push(
      b.out.length
        ? k
          ? `- 예산 ${m(b.amount)}: 높은 추정 기준으로 ${b.week}주 차까지의 비용을 감당합니다. 그때까지 끝나는 것: ${names(b.fits, lang) || "없음"}. 남는 것: ${names(b.out, lang)}(전체 ${mr(b.total)}).`
          : `- Budget ${m(b.amount)}: at the high estimate it pays for the plan to week ${b.week}; done by then: ${names(b.fits, lang) || "none"}; left: ${names(b.out, lang)} (the whole plan costs ${mr(b.total)}).`
        : k
          ? `- 예산 ${m(b.amount)}: 전체 ${mr(b.total)}를 감당합니다.`
          : `- Budget ${m(b.amount)}: covers the whole plan (${mr(b.total)}).`,
    );
  }
  return lines.join("\n");
}

function costNotes(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const cost = r.cost;
  const s = r.staffing;
  if (!cost || !s) return "";
  const notes: string[] = [];
  notes.push(
    k
      ? `- 증가분은 컨설턴트 계획의 기준대로 현재 인프라 비용의 30~50%이며, 서비스 자체에 드는 최소 비용보다 적게 잡지 않습니다(\`rules/cost.yaml\`).${cost.baseline ? "" : " 현재 비용도 DAU·MAU도 답하지 않아 최소 비용만 계산했습니다."}`
      : `- The increase is the consultant's 30–50% of today's infrastructure, never less than the services themselves need (\`rules/cost.yaml\`).${cost.baseline ? "" : " Neither today's cost nor DAU or MAU is answered: only that floor is priced."}`,
  );
  notes.push(k ? `- 연간 금액은 ${cost.growth ? `연 ${cost.growth}% 증가를 달마다 반영한 값입니다` : "증가율 답이 없어 지금 트래픽 기준입니다"}.` : `- Yearly figures ${cost.growth ? `grow month by month at ${cost.growth}% a year` : "are at today's traffic (no growth answered)"}.`);
  notes.push(
    k
      ? `- 인력: 서비스 ${cost.services}개를 운영하려면 플랫폼·온콜 인력 ${s.platformNeeded}명이 필요하고 지금은 ${s.platformNow}명입니다. ${s.hires ? `${s.hires}명을 채용하거나 제품 엔지니어를 옮겨야 하며, 옮기면 스트림이 줄어듭니다.` : "채용은 필요 없습니다."}`
      : `- Staffing: ${cost.services} services need ${s.platformNeeded} people on platform and on-call; the team has ${s.platformNow}. ${s.hires ? `Hire ${s.hires}, or move product engineers, which leaves fewer streams.` : "No hire needed."}`,
  );
  return notes.join("\n");
}

function openQuestions(r: Roadmap, lang: Lang): string {
  const k = lang === "ko";
  const out: string[] = [];
  for (const a of r.assumptions) {
    const v = r.answers.find((x) => x.key === a.key);
    out.push(k ? `- 가정: ${fieldLabel(a.key, lang)} = ${plain(v ? answerValue(v, lang, r.currency).replace(" (가정)", "") : String(a.value))} (${josa(`\`strangler init ${fieldFlag(a.key)}\``, "으로/로")} 답하세요)` : `- Assumed: ${fieldLabel(a.key, lang)} = ${plain(v ? answerValue(v, lang, r.currency).replace(" (assumed)", "") : String(a.value))} (answer with \`strangler init ${fieldFlag(a.key)}\`)`);
  }
  for (const key of r.openQuestions) out.push(k ? `- 미응답: ${fieldLabel(key, lang)} (\`strangler init ${fieldFlag(key)}\`)` : `- Not answered: ${fieldLabel(key, lang)} (\`strangler init ${fieldFlag(key)}\`)`);
  if (!out.length) out.push(k ? "- 없음: `strangler init`의 모든 질문에 답했습니다." : "- None: every question of `strangler init` is answered.");
  return out.join("\n");
}

// ───────────────────────────── helpers ─────────────────────────────

function table(head: string[], rows: string[][], right: boolean[] = [], indent = ""): string {
  const sep = head.map((_, i) => (right[i] ? "---:" : "---"));
  return [head, sep, ...rows.map((r) => r.map(cell))].map((r) => `${indent}| ${r.join(" | ")} |`).join("\n");
}

function capital(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function dedupe<T extends { file: string; line: number }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(`${x.file}:${x.line}`) ? false : (seen.add(`${x.file}:${x.line}`), true)));
}
