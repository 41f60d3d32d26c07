import path from "node:path";
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from "yaml";
import type { Diagnostic } from "../scan/facts.js";
import type { Dialect } from "../scan/sql/dialect.js";
import { FIELDS, coerce, keyOf, type TeamValues, contradictions } from "./team-fields.js";
import { yamlError } from "./yaml-errors.js";
import { ruleSeverity } from "./rule-severity.js";
import type { RuleSeverity } from "./contexts-yaml.js";
import { validateDocument } from "./schema.js";
import { ConfigReadError, readConfigText } from "./read-text.js";
import { repoBoundary } from "../scan/files/boundary.js";

export const STRANGLER_YAML = "strangler.yaml";

/** What `strangler.yaml` holds: the SQL dialect, and the team and business figures `strangler init` asks. */
export interface StranglerConfig {
  dialect?: Dialect;
  /**
   * database.url: the live database `--database` (given without a URL) reads. Its password belongs in the
   * environment: `postgresql://app:${DB_PASSWORD}@db:5432/shop`, or none and PGPASSWORD / MYSQL_PWD.
   */
  databaseUrl?: string;
  /** Answered fields by key (`team.size`, `business.mostDamagingOutage`, …), typed. */
  team: TeamValues;
  /** `exclude:` gitignore-style patterns every scan leaves out (before any --exclude). */
  exclude: string[];
  /** `rules:` severities of check rules for the whole repo; contexts.yaml's `rules:` override them. */
  rules: Record<string, { severity: RuleSeverity; line?: number }>;
}

/**
 * Reads `<repo>/strangler.yaml` (or the file `--config` names) when it exists. A problem is a diagnostic
 * naming the file and line, and the rest of the file is still used; the file is only read, never written.
 */
export function loadStranglerConfig(repo: string, configFile?: string): { config: StranglerConfig; diagnostics: Diagnostic[] } {
  const file = configFile ? path.resolve(configFile) : path.join(repo, STRANGLER_YAML);
  const diagnostics: Diagnostic[] = [];
  const config: StranglerConfig = { team: {}, exclude: [], rules: {} };
  let text: string;
  try {
    // The repo's own strangler.yaml is never read through a symlink leaving the repository; a --config file is the user's.
    text = readConfigText(file, STRANGLER_YAML, configFile ? undefined : repoBoundary(repo));
  } catch (err) {
    if (!(err instanceof ConfigReadError)) throw err;
    if (!err.missing) diagnostics.push({ file: STRANGLER_YAML, code: "config-error", severity: "error", message: err.message.slice(STRANGLER_YAML.length + 2) });
    return { config, diagnostics };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  for (const err of doc.errors) {
    diagnostics.push({ file: STRANGLER_YAML, line: yamlError(err).line, code: "config-error", severity: "error", message: `not valid YAML (${yamlError(err).message})` });
  }
  if (doc.errors.length) return { config, diagnostics };
  // Every value the schema refuses is an error with its line, and is left out; the rest is used.
  const refused = new Set<string>();
  for (const p of validateDocument("strangler", doc, lines)) {
    diagnostics.push({ file: STRANGLER_YAML, line: p.line, code: "config-error", severity: "error", message: `${p.message}; ${p.path.join(".") === "database.dialect" ? "the dialect is detected instead" : "ignored"}` });
    refused.add(p.path.slice(0, 2).join("."));
  }
  if (doc.contents !== null && !isMap(doc.contents)) return { config, diagnostics };

  const dialect = doc.getIn(["database", "dialect"], true) as Node | undefined;
  if (dialect !== undefined && !refused.has("database.dialect") && isScalar(dialect)) config.dialect = String(dialect.value).toLowerCase() as Dialect;
  const url = doc.getIn(["database", "url"], true) as Node | undefined;
  if (url !== undefined && url !== null && !refused.has("database.url")) {
    const value = isScalar(url) && typeof url.value === "string" ? url.value.trim() : "";
    if (!value) {
      diagnostics.push({ file: STRANGLER_YAML, line: lineOf(url), code: "config-error", severity: "warning", message: "database.url must be a URL such as postgresql://user@host:5432/db; ignored" });
    } else {
      config.databaseUrl = value;
      // A password written into the file (not a ${VAR} from the environment) is a secret in the repo.
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^@/]*)@/i.exec(value)?.[1];
      if (password && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(password)) {
        diagnostics.push({ file: STRANGLER_YAML, line: lineOf(url), code: "config-secret", severity: "warning", message: "database.url holds a password: write ${DB_PASSWORD} in its place (or leave it out and set PGPASSWORD / MYSQL_PWD)" });
      }
    }
  }
  const exclude = doc.get("exclude", true) as Node | undefined;
  if (exclude !== undefined && exclude !== null) {
    const list = isSeq(exclude) ? exclude.items : isScalar(exclude) ? [exclude] : null;
    const patterns = list?.map((n) => (isScalar(n) && typeof n.value === "string" ? n.value : null));
    if (patterns && patterns.every((p): p is string => p !== null)) config.exclude = patterns;
    // anything else the schema has reported
  }
  const rules = doc.get("rules", true) as Node | undefined;
  if (isMap(rules)) {
    for (const pair of rules.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : "";
      const severity = isScalar(pair.value) ? ruleSeverity(pair.value.value) : null;
      // A value the schema refuses is reported there, with its line.
      if (severity) config.rules[id] = { severity, line: lineOf(pair.key as Node) };
    }
  }
  for (const field of FIELDS) {
    if (keyOf(field) === "database.dialect" || refused.has(keyOf(field)) || refused.has(field.path[0])) continue;
    const node = doc.getIn(field.path, true) as Node | undefined;
    if (node === undefined || node === null) continue;
    let raw: unknown;
    try {
      raw = (node as { toJSON?: () => unknown }).toJSON ? (node as { toJSON: () => unknown }).toJSON() : node;
    } catch {
      continue; // an alias the schema check has already reported
    }
    const r = coerce(field, raw);
    if ("error" in r) diagnostics.push({ file: STRANGLER_YAML, line: lineOf(node), code: "config-error", severity: "error", message: `${r.error}; ignored` });
    else config.team[keyOf(field)] = r.value;
  }
  // Answers that contradict one another: the one named is left out (its fallback used), with its line.
  for (const c of contradictions(config.team)) {
    const node = doc.getIn(c.key.split("."), true) as Node | undefined;
    diagnostics.push({ file: STRANGLER_YAML, line: lineOf(node), code: "config-error", severity: "error", message: `${c.message}; ignored` });
    delete config.team[c.key];
  }
  if (config.dialect) config.team["database.dialect"] = config.dialect;
  return { config, diagnostics };
}
