import type { RuleOverride } from "../rules/load.js";
import { escapeControls } from "./escape-text.js";
import { code } from "./markdown-text.js";

/*
 * The rule files a repository overrides, said at the top of assess and of the roadmap: every number below
 * rests on them. Each file is named with the values it changes (shipped → the repository's), a few in the
 * text, every one in the JSON.
 */

/** Changes listed per file in text and Markdown; the JSON field has them all. */
const SHOWN_CHANGES = 8;
/** A value longer than this is cut (a list of words, a table of rates). */
const VALUE_CHARS = 40;

type Lang = "en" | "ko";

function valueText(v: unknown, none: string): string {
  if (v === undefined) return none;
  const s = escapeControls(JSON.stringify(v) ?? "null");
  return s.length > VALUE_CHARS ? `${s.slice(0, VALUE_CHARS - 1)}…` : s;
}

function changes(o: RuleOverride, show: (key: string, from: string | null, to: string) => string, more: (n: number) => string, none: string): string {
  if (o.changed.length === 0) return none;
  const shown = o.changed.slice(0, SHOWN_CHANGES).map((c) => show(c.key, "shipped" in c ? valueText(c.shipped, "") : null, valueText(c.value, "null")));
  return `${shown.join(", ")}${o.changed.length > SHOWN_CHANGES ? more(o.changed.length - SHOWN_CHANGES) : ""}`;
}

/** For the terminal: a heading line, then one line per file. Empty when the repo overrides nothing. */
export function overridesText(overrides: RuleOverride[]): string[] {
  if (overrides.length === 0) return [];
  return [
    `rules this repository overrides (the numbers below rest on them, not on the shipped rules alone):`,
    ...overrides.map(
      (o) =>
        `  ${escapeControls(o.file)} over ${o.shipped}: ${changes(o, (k, from, to) => `${escapeControls(k)} ${from ?? "(not in the shipped file)"} → ${to}`, (n) => ` and ${n} more (--json lists them)`, "changes nothing")}`,
    ),
  ];
}

/** For the roadmap: one warning paragraph naming each file and what it changed. Null when none. */
export function overridesMarkdown(overrides: RuleOverride[], lang: Lang): string | null {
  if (overrides.length === 0) return null;
  const ko = lang === "ko";
  const files = overrides.map((o) => {
    const what = changes(
      o,
      (k, from, to) => `${code(escapeControls(k))} ${from === null ? (ko ? "(배포된 규칙에 없음)" : "(not in the shipped file)") : code(from)} → ${code(to)}`,
      (n) => (ko ? ` 외 ${n}개` : ` and ${n} more`),
      ko ? "바꾼 값 없음" : "changes nothing",
    );
    return ko ? `${code(o.file)}(${code(o.shipped)} 대신): ${what}` : `${code(o.file)} (over ${code(o.shipped)}): ${what}`;
  });
  return ko
    ? `이 계획은 저장소가 바꾼 규칙을 따릅니다. 배포된 규칙과 다른 값: ${files.join("; ")}.`
    : `This plan rests on rules the repository overrides, not on the shipped ones alone: ${files.join("; ")}.`;
}
