import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../scan/facts.js";
import { yamlError } from "../config/yaml-errors.js";
import { readConfigText } from "../config/read-text.js";
import { repoBoundary } from "../scan/files/boundary.js";

/** The rules shipped with strangler: `rules/` at the package root. */
export const PACKAGE_RULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../rules");
/** Where a repo overrides them. */
export const REPO_RULES = ".strangler/rules";

/** What a repo's `.strangler/rules/<name>.yaml` changes of the shipped `rules/<name>.yaml`. */
export interface RuleOverride {
  /** The repo's file, `.strangler/rules/<name>.yaml`. */
  file: string;
  /** The shipped file it is merged over, `rules/<name>.yaml`. */
  shipped: string;
  /** Each value it sets differently, by dotted key (a list is one value), sorted by key; `shipped` absent: a key the shipped file has not. */
  changed: Array<{ key: string; shipped?: unknown; value: unknown }>;
}

/**
 * Reads `rules/<name>.yaml` and, when the repo has one, `.strangler/rules/<name>.yaml` deep-merged over it.
 * A broken override is a diagnostic (file:line) and the shipped rules are used.
 */
export function loadRuleFile(name: string, repo: string | null): { data: Record<string, unknown>; override: RuleOverride | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const base = shippedRules(name, diagnostics);
  if (!repo) return { data: base, override: null, diagnostics };
  const overrideRel = `${REPO_RULES}/${name}.yaml`;
  const overridePath = path.join(repo, overrideRel);
  if (!fs.existsSync(overridePath)) return { data: base, override: null, diagnostics };
  const override = parseYamlFile(overridePath, overrideRel, diagnostics, repoBoundary(repo));
  if (!override) return { data: base, override: null, diagnostics };
  // An override changes what every number rests on: it is said, with what it changed, never applied silently.
  const changed = changesOf(base, override);
  const keys = changed.map((c) => c.key);
  diagnostics.push({
    file: overrideRel,
    code: "rules-override",
    severity: "warning",
    message: keys.length
      ? `overrides the shipped rules/${name}.yaml: ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ` and ${keys.length - 5} more` : ""}`
      : `present, but changes nothing of the shipped rules/${name}.yaml`,
  });
  return { data: deepMerge(base, override), override: { file: overrideRel, shipped: `rules/${name}.yaml`, changed }, diagnostics };
}

/** Shipped rule files as read, by name: read once per run however many stages ask (each gets its own copy). */
const shippedParsed = new Map<string, { data: Record<string, unknown>; diagnostics: Diagnostic[] }>();

function shippedRules(name: string, diagnostics: Diagnostic[]): Record<string, unknown> {
  let read = shippedParsed.get(name);
  if (!read) {
    const own: Diagnostic[] = [];
    read = { data: parseYamlFile(path.join(PACKAGE_RULES, `${name}.yaml`), `rules/${name}.yaml`, own) ?? {}, diagnostics: own };
    shippedParsed.set(name, read);
  }
  diagnostics.push(...read.diagnostics.map((d) => ({ ...d })));
  return structuredClone(read.data);
}

/** The names of the shipped rule files (`cost`, `domains` …), sorted. */
export function shippedRuleNames(): string[] {
  return fs
    .readdirSync(PACKAGE_RULES)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/**
 * Every rule file the repo overrides, with what it changed, in name order: what assess and the roadmap name
 * at their top. A broken override (a rules-error diagnostic, not applied) is not one.
 */
export function ruleOverrides(repo: string): RuleOverride[] {
  // Only the names the repo has a file for are read (most repos have none).
  return shippedRuleNames()
    .filter((name) => fs.existsSync(path.join(repo, REPO_RULES, `${name}.yaml`)))
    .flatMap((name) => loadRuleFile(name, repo).override ?? []);
}

/** The values `override` sets differently from `base` (leaves; a list is one value), by dotted key, sorted. */
function changesOf(base: Record<string, unknown>, override: Record<string, unknown>, prefix = ""): RuleOverride["changed"] {
  const out: RuleOverride["changed"] = [];
  for (const [k, v] of Object.entries(override)) {
    const b = base[k];
    const key = `${prefix}${k}`;
    if (v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" && !Array.isArray(b)) out.push(...changesOf(b as Record<string, unknown>, v as Record<string, unknown>, `${key}.`));
    else if (JSON.stringify(v) !== JSON.stringify(b)) out.push({ key, ...(b === undefined ? {} : { shipped: b }), value: v ?? null });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A rule file's mapping; a repo's override is read as any config file it holds (see config/read-text.ts). */
function parseYamlFile(abs: string, shown: string, diagnostics: Diagnostic[], within?: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readConfigText(abs, shown, within);
  } catch (err) {
    diagnostics.push({ file: shown, code: "rules-error", severity: "warning", message: (err as Error).message.slice(shown.length + 2) });
    return null;
  }
  const doc = parseDocument(text, { lineCounter: new LineCounter() });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      diagnostics.push({ file: shown, line: yamlError(e).line, code: "rules-error", severity: "warning", message: yamlError(e).message });
    }
    return null;
  }
  const value = doc.toJS() as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    diagnostics.push({ file: shown, line: 1, code: "rules-error", severity: "warning", message: "expected a mapping" });
    return null;
  }
  return value as Record<string, unknown>;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && prev && typeof prev === "object" && !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** A finite number at `obj[key]`, or the fallback (and a diagnostic when something else is there). */
export function numberAt(obj: Record<string, unknown> | undefined, key: string, fallback: number, where: string, diagnostics: Diagnostic[]): number {
  const v = obj?.[key];
  if (v === undefined) return fallback;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  diagnostics.push({ file: where, code: "rules-error", severity: "warning", message: `${key} must be a number ≥ 0, got ${JSON.stringify(v)}; using ${fallback}` });
  return fallback;
}
