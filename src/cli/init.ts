import fs from "node:fs";
import path from "node:path";
import { FIELDS, coerce, contradictions, keyOf, type Field } from "../config/team-fields.js";
import { askAll, Cancelled, type Answer, type Question } from "./init-dialogue.js";
import { detectDatabase } from "./init-detect.js";
import { loadStranglerConfig, STRANGLER_YAML } from "../config/strangler-yaml.js";
import { writeTeamValues } from "../config/write-strangler-yaml.js";
import { EXIT, UsageError } from "./errors.js";
import { repoBoundary } from "../scan/files/boundary.js";

export interface InitFlags {
  lang?: "en" | "ko";
  /** Flag values by field flag name (camelCased by commander). */
  [flag: string]: unknown;
}

export const camel = (flag: string) => flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/**
 * Asks the team's figures (init-dialogue.ts) and writes them to <repo>/strangler.yaml. Flags answer questions
 * without asking; without a terminal nothing is asked (an open, empty pipe would hang a prompt) and the
 * flags alone are written. Ctrl-C exits 130 with nothing written.
 */
export async function runInit(repo: string, flags: InitFlags): Promise<number> {
  const root = path.resolve(repo);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`${repo}: no such folder`);
  // `--config` names the file to write; it may not exist yet.
  const named = typeof flags.config === "string";
  const file = named ? path.resolve(flags.config as string) : path.join(root, STRANGLER_YAML);
  const { config, diagnostics } = loadStranglerConfig(root, named ? file : undefined);
  // Written only inside the repository (or the folder of the --config file named), never through a symlink leaving it.
  const within = named ? path.dirname(file) : repoBoundary(root);
  const broken = diagnostics.find((d) => d.code === "config-error" && d.message.includes("expected a mapping"));
  if (broken) throw new UsageError(`${file}: ${broken.message}; not rewritten`);

  const lang = flags.lang ?? "en";
  const answers: Array<{ field: Field; value: string | number | string[] }> = [];
  for (const field of FIELDS) {
    const raw = flags[camel(field.flag)];
    if (raw === undefined) continue;
    const r = coerce(field, raw, lang);
    if ("error" in r) throw new UsageError(`--${field.flag}: ${r.error.replace(new RegExp(`^${keyOf(field).replace(".", "\\.")}:? `), "")}`);
    answers.push({ field, value: r.value });
  }

  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI;
  if (interactive) {
    const asked = FIELDS.filter((f) => !answers.some((a) => a.field === f));
    const database = detectDatabase(root);
    const questions: Question[] = asked.map((field) => {
      const existing = config.team[keyOf(field)];
      return {
        field,
        ...(existing !== undefined ? { existing } : {}),
        ...(keyOf(field) === "database.dialect" && database ? { detected: database } : {}),
      };
    });
    let result: Map<Field, Answer> | null;
    try {
      result = await askAll(questions, [...answers], lang);
    } catch (err) {
      if (err instanceof Cancelled) {
        process.stderr.write(lang === "ko" ? "\nstrangler: init 취소됨: 아무것도 쓰지 않았습니다\n" : "\nstrangler: init cancelled: nothing written\n");
        return EXIT.interrupted;
      }
      throw err;
    }
    if (result === null) {
      process.stderr.write(lang === "ko" ? `${STRANGLER_YAML}: 쓰지 않았습니다\n` : `${STRANGLER_YAML}: not written\n`);
      return EXIT.ok;
    }
    // Only what the user typed or confirmed is an answer; a skip, "I don't know" and the plan's assumptions are not written.
    for (const [field, a] of result) if (a.kind === "typed" || a.kind === "confirmed") answers.push({ field, value: a.value });
  }
  // Answers that contradict one another (with those already in the file): nothing is written, the flag to fix named.
  const merged = { ...config.team, ...Object.fromEntries(answers.map((a) => [keyOf(a.field), a.value])) };
  for (const c of contradictions(merged, lang)) {
    const field = FIELDS.find((f) => keyOf(f) === c.key)!;
    throw new UsageError(`--${field.flag}: ${c.message}; ${lang === "ko" ? "아무것도 쓰지 않았습니다" : "nothing written"}`);
  }
  if (answers.length === 0) {
    process.stderr.write(
      lang === "ko"
        ? `${STRANGLER_YAML}: 쓸 답이 없습니다${interactive ? "" : " (터미널이 아니므로 플래그만 답합니다: strangler init --help)"}\n`
        : `${STRANGLER_YAML}: nothing to write (no answers${interactive ? "" : "; not a terminal, so only flags answer: see strangler init --help"})\n`,
    );
    return EXIT.ok;
  }
  try {
    writeTeamValues(file, answers.sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field)), within);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  process.stderr.write(lang === "ko" ? `${STRANGLER_YAML}: 답 ${answers.length}개를 썼습니다\n` : `${STRANGLER_YAML}: ${answers.length} answer${answers.length === 1 ? "" : "s"} written\n`);
  return EXIT.ok;
}
