import readline from "node:readline";
import { coerce, type Field } from "../config/team-fields.js";
import type { Detected } from "./init-detect.js";

/*
 * `strangler init`'s questions on a terminal, one at a time: a question can be answered, skipped, answered
 * "I don't know", or revisited (`<`); a detected value or the one strangler.yaml already holds is the default,
 * said as such; the plan's own assumption is never a default (Enter on it is a skip, and the assumption stays
 * an assumption). A review screen comes before anything is written; Ctrl-C or Ctrl-D stops and writes nothing.
 */

export type Value = string | number | string[];

export type Answer =
  | { kind: "typed"; value: Value }
  /** The detected default, confirmed with Enter. */
  | { kind: "confirmed"; value: Value }
  /** What strangler.yaml already says, left as it is. */
  | { kind: "kept"; value: Value }
  | { kind: "skipped" }
  | { kind: "unknown" };

export interface Question {
  field: Field;
  detected?: Detected;
  /** The value strangler.yaml already holds. */
  existing?: Value;
}

/** Ctrl-C or Ctrl-D: the user stopped; nothing may be written. */
export class Cancelled extends Error {}

type Lang = "en" | "ko";

const T = {
  en: {
    keys: "Enter: {default} · type an answer · - skip · ? I don't know · < back",
    keysNoDefault: "Enter or -: skip · type an answer · ? I don't know · < back",
    choices: "type a number or a name",
    detected: "{value} (detected from {from})",
    existing: "{value} (already in strangler.yaml)",
    previous: "{value} (your answer)",
    assumed: "if unanswered, the plan assumes {value}",
    openQuestion: "if unanswered, the plan lists it as an open question",
    review: "Your answers (nothing is written yet):",
    fromFlag: "(from --{flag})",
    typed: "",
    confirmed: "(detected, confirmed)",
    kept: "(already in strangler.yaml, kept)",
    skipped: "— skipped",
    unknown: "— I don't know",
    assumes: "(the plan assumes {value})",
    reviewKeys: "y: write strangler.yaml · n: quit without writing · a number: change that answer · <: back to the last question",
    reviewAgain: "Please type y, n, < or a number from 1 to {n}.",
    firstQuestion: "(this is the first question)",
  },
  ko: {
    keys: "Enter: {default} · 답을 입력 · - 건너뛰기 · ? 모름 · < 이전 질문",
    keysNoDefault: "Enter 또는 -: 건너뛰기 · 답을 입력 · ? 모름 · < 이전 질문",
    choices: "번호나 이름을 입력하세요",
    detected: "{value} (감지됨: {from})",
    existing: "{value} (strangler.yaml에 이미 있음)",
    previous: "{value} (입력한 답)",
    assumed: "답하지 않으면 계획은 {value}(으)로 가정합니다",
    openQuestion: "답하지 않으면 계획에 미해결 질문으로 남습니다",
    review: "입력한 답 (아직 아무것도 쓰지 않았습니다):",
    fromFlag: "(--{flag} 플래그)",
    typed: "",
    confirmed: "(감지된 값, 확인함)",
    kept: "(strangler.yaml에 이미 있음, 유지)",
    skipped: "— 건너뜀",
    unknown: "— 모름",
    assumes: "(계획은 {value}(으)로 가정)",
    reviewKeys: "y: strangler.yaml에 쓰기 · n: 쓰지 않고 끝내기 · 번호: 그 답 바꾸기 · <: 마지막 질문으로",
    reviewAgain: "y, n, < 또는 1부터 {n}까지의 번호를 입력하세요.",
    firstQuestion: "(첫 번째 질문입니다)",
  },
} as const;

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? "");

export const shown = (v: Value): string => (Array.isArray(v) ? v.join(", ") : String(v));

/** A fallback worth saying: not null, not an empty list. */
const assumption = (f: Field): Value | null => (f.fallback === null || (Array.isArray(f.fallback) && f.fallback.length === 0) ? null : f.fallback);

/** Reads lines from a terminal; Ctrl-C and Ctrl-D reject the pending read with Cancelled. */
class Lines {
  private readonly rl: readline.Interface;
  private pending: { resolve: (s: string) => void; reject: (e: Error) => void } | null = null;
  private closed = false;

  constructor(input: NodeJS.ReadableStream, private readonly output: NodeJS.WritableStream) {
    this.rl = readline.createInterface({ input, output, terminal: true });
    this.rl.on("SIGINT", () => this.stop());
    this.rl.on("close", () => this.stop());
  }

  private stop(): void {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    p?.reject(new Cancelled());
  }

  say(text: string): void {
    this.output.write(`${text}\n`);
  }

  read(prompt: string): Promise<string> {
    if (this.closed) return Promise.reject(new Cancelled());
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.rl.question(prompt, (line) => {
        this.pending = null;
        resolve(line);
      });
    });
  }

  close(): void {
    this.rl.removeAllListeners("close");
    this.rl.close();
  }
}

/**
 * Asks every question, then shows the review until the user says write (the answers) or quit (null).
 * `given` are the answers flags gave: not asked, listed in the review.
 */
export async function askAll(
  questions: Question[],
  given: Array<{ field: Field; value: Value }>,
  lang: Lang,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout },
): Promise<Map<Field, Answer> | null> {
  const t = T[lang];
  const lines = new Lines(io.input, io.output);
  const answers = new Map<Field, Answer>();
  try {
    // from question i to the last, `<` going back one
    const walk = async (i: number) => {
      while (i < questions.length) {
        const a = await ask(lines, questions[i], i, questions.length, lang, answers.get(questions[i].field));
        if (a === "back") {
          if (i === 0) lines.say(t.firstQuestion);
          i = Math.max(0, i - 1);
          continue;
        }
        answers.set(questions[i].field, a);
        i++;
      }
    };
    await walk(0);
    for (;;) {
      lines.say("");
      lines.say(t.review);
      for (const g of given) lines.say(`    ${g.field.label[lang]}: ${shown(g.value)} ${fill(t.fromFlag, { flag: g.field.flag })}`);
      questions.forEach((q, i) => lines.say(`${String(i + 1).padStart(3)}. ${q.field.label[lang]}: ${describe(answers.get(q.field)!, q.field, lang)}`));
      lines.say(t.reviewKeys);
      const line = (await lines.read("> ")).trim().toLowerCase();
      if (["y", "yes", "네", "예", "ㅛ"].includes(line)) return answers;
      if (["n", "no", "q", "아니오", "ㅜ"].includes(line)) return null;
      if (line === "<" && questions.length) {
        await walk(questions.length - 1);
        continue;
      }
      const k = /^\d+$/.test(line) ? Number(line) : NaN;
      if (k >= 1 && k <= questions.length) {
        const a = await ask(lines, questions[k - 1], k - 1, questions.length, lang, answers.get(questions[k - 1].field));
        if (a !== "back") answers.set(questions[k - 1].field, a);
        continue;
      }
      lines.say(fill(t.reviewAgain, { n: String(questions.length) }));
    }
  } finally {
    lines.close();
  }
}

function describe(a: Answer, f: Field, lang: Lang): string {
  const t = T[lang];
  const assumed = assumption(f);
  const tail = assumed === null ? "" : ` ${fill(t.assumes, { value: shown(assumed) })}`;
  switch (a.kind) {
    case "typed":
      return shown(a.value);
    case "confirmed":
      return `${shown(a.value)} ${t.confirmed}`;
    case "kept":
      return `${shown(a.value)} ${t.kept}`;
    case "skipped":
      return `${t.skipped}${tail}`;
    case "unknown":
      return `${t.unknown}${tail}`;
  }
}

/** One question until it has an answer, a skip, an "I don't know" or `<`. */
async function ask(lines: Lines, q: Question, i: number, n: number, lang: Lang, previous?: Answer): Promise<Answer | "back"> {
  const t = T[lang];
  const f = q.field;
  // Revisited: Enter keeps the answer given before, as it was given (typed, or a detected value confirmed).
  const def: { value: Value; kind: "typed" | "confirmed" | "kept"; text: string } | null = previous && "value" in previous
    ? { value: previous.value, kind: previous.kind, text: fill(previous.kind === "typed" ? t.previous : previous.kind === "confirmed" ? t.detected : t.existing, { value: shown(previous.value), from: q.detected?.from ?? "" }) }
    : q.existing !== undefined
    ? { value: q.existing, kind: "kept", text: fill(t.existing, { value: shown(q.existing) }) }
    : q.detected
      ? { value: q.detected.value, kind: "confirmed", text: fill(t.detected, { value: q.detected.value, from: q.detected.from }) }
      : null;
  lines.say("");
  lines.say(`(${i + 1}/${n}) ${f.question[lang]}`);
  if (f.choices) lines.say(`      ${f.choices.map((c, k) => `${k + 1}) ${c}`).join("  ")}  (${t.choices})`);
  const assumed = assumption(f);
  lines.say(`      ${def ? fill(t.keys, { default: def.text }) : t.keysNoDefault}`);
  if (!def) lines.say(`      ${assumed === null ? t.openQuestion : fill(t.assumed, { value: shown(assumed) })}`);
  for (;;) {
    const line = (await lines.read("> ")).trim();
    if (line === "<") return "back";
    if (line === "-") return { kind: "skipped" };
    if (line === "?") return { kind: "unknown" };
    if (line === "") return def ? { kind: def.kind, value: def.value } : { kind: "skipped" };
    const raw = f.choices && /^\d+$/.test(line) && Number(line) >= 1 && Number(line) <= f.choices.length ? f.choices[Number(line) - 1] : line;
    const r = coerce(f, raw, lang, f.label[lang]);
    if ("value" in r) return { kind: "typed", value: r.value };
    lines.say(`      ${r.error}`);
  }
}
