import type { RuleSeverity } from "./contexts-yaml.js";

/**
 * A rule's severity as written under `rules:` (contexts.yaml or strangler.yaml): `error`, `warning` or
 * `off`, and ESLint's `warn` for `warning`. Anything else is null: the caller reports it with its line.
 */
export function ruleSeverity(written: unknown): RuleSeverity | null {
  const s = typeof written === "string" ? written.trim().toLowerCase() : "";
  if (s === "warn") return "warning";
  return s === "error" || s === "warning" || s === "off" ? s : null;
}

export const SEVERITY_WORDS = "error, warning (or warn) or off";
