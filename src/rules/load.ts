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

/**
 * Reads `rules/<name>.yaml` and, when the repo has one, `.strangler/rules/<name>.yaml` deep-merged over it.
 * A broken override is a diagnostic (file:line) and the shipped rules are used.
 */
export function loadRuleFile(name: string, repo: string | null): { data: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const base = parseYamlFile(path.join(PACKAGE_RULES, `${name}.yaml`), `rules/${name}.yaml`, diagnostics) ?? {};
  if (!repo) return { data: base, diagnostics };
  const overrideRel = `${REPO_RULES}/${name}.yaml`;
  const overridePath = path.join(repo, overrideRel);
  if (!fs.existsSync(overridePath)) return { data: base, diagnostics };
  const override = parseYamlFile(overridePath, overrideRel, diagnostics, repoBoundary(repo));
  if (!override) return { data: base, diagnostics };
  // An override changes what every number rests on: it is said, with what it changed, never applied silently.
  const changed = changedPaths(base, override);
  diagnostics.push({
    file: overrideRel,
    code: "rules-override",
    severity: "warning",
    message: changed.length
      ? `overrides the shipped rules/${name}.yaml: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ` and ${changed.length - 5} more` : ""}`
      : `present, but changes nothing of the shipped rules/${name}.yaml`,
  });
  return { data: deepMerge(base, override), diagnostics };
}

/** The dotted paths of the values `override` sets differently from `base` (leaves; a list is one value), sorted. */
function changedPaths(base: Record<string, unknown>, override: Record<string, unknown>, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(override)) {
    const b = base[k];
    const key = `${prefix}${k}`;
    if (v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" && !Array.isArray(b)) out.push(...changedPaths(b as Record<string, unknown>, v as Record<string, unknown>, `${key}.`));
    else if (JSON.stringify(v) !== JSON.stringify(b)) out.push(key);
  }
  return out.sort();
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
