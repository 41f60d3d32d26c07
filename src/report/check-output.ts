import type { ChalkInstance } from "chalk";
import type { Comparison } from "../check/baseline.js";
import type { Violation } from "../check/violations.js";
import { CHECK_RULES, ruleDocsUrl, type CheckRule } from "../check/rules.js";
import type { Diagnostic } from "../scan/facts.js";
import { escapeControls, safeLines } from "./escape-text.js";

export interface CheckResult {
  comparison: Comparison;
  diagnostics: Diagnostic[];
  /** Files judged: all, or those changed since a ref. */
  changedSince?: string;
  /** Files not judged, by why: tests and generated code by name or folder (or bundle shape), ignored by .gitignore or --exclude. */
  leftOut?: { tests: number; generated: number; ignored: number };
}

/** `left out, not judged: 2 test files, …` — or nothing when every file was judged. */
function leftOutLine(r: CheckResult): string | null {
  const o = r.leftOut;
  if (!o || o.tests + o.generated + o.ignored === 0) return null;
  const parts = [
    o.tests ? `${o.tests} test file${o.tests === 1 ? "" : "s"} (--include-tests judges them)` : "",
    o.generated ? `${o.generated} generated or bundled by name, folder or shape (--include-generated judges them)` : "",
    o.ignored ? `${o.ignored} ignored by .gitignore or exclude (files git tracks are never ignored)` : "",
  ].filter(Boolean);
  return `left out, not judged: ${parts.join(", ")}`;
}

const count = (vs: Violation[], s: "error" | "warning") => vs.filter((v) => v.severity === s).length;

/** For people: one line a new violation, `file:line  severity  rule  message`, then the counts. */
export function checkText(r: CheckResult, c: ChalkInstance): string {
  const { fresh, known, stale } = r.comparison;
  // File and table names come from the repository: control characters escaped (report/escape-text.ts).
  const lines = fresh.map((v) => `${escapeControls(v.file)}:${v.line}${v.column ? `:${v.column}` : ""}  ${v.severity === "error" ? c.red("error") : c.yellow("warning")}  ${c.bold(v.rule)}  ${escapeControls(v.message)}`);
  if (lines.length) lines.push("");
  const errors = count(fresh, "error");
  const head = fresh.length === 0 ? c.green("no new violations") : `${fresh.length} new violation${fresh.length === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${count(fresh, "warning")} warning${count(fresh, "warning") === 1 ? "" : "s"})`;
  const scope = r.changedSince ? ` in files changed since ${r.changedSince}` : "";
  lines.push(`${head}${scope}; ${known.length} known in the baseline; ${stale.length} stale baseline entr${stale.length === 1 ? "y" : "ies"}${stale.length ? " (--prune-baseline removes them)" : ""}`);
  const leftOut = leftOutLine(r);
  if (leftOut) lines.push(leftOut);
  return safeLines(`${lines.join("\n")}\n`);
}

export function checkJson(r: CheckResult): string {
  const { fresh, known, stale } = r.comparison;
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      ...(r.changedSince ? { changedSince: r.changedSince } : {}),
      summary: { new: fresh.length, errors: count(fresh, "error"), warnings: count(fresh, "warning"), known: known.length, stale: stale.length },
      ...(r.leftOut ? { leftOut: r.leftOut } : {}),
      violations: fresh,
      known,
      stale,
      diagnostics: r.diagnostics,
    },
    null,
    2,
  )}\n`;
}

/**
 * SARIF 2.1.0 for code scanning: the rules as reportingDescriptors, each new violation a result. `fromGitRoot`
 * (`apps/shop/`, or "") makes each path relative to the top of the repository, against `%SRCROOT%`, which is
 * where code scanning looks for it.
 */
export function checkSarif(r: CheckResult, version: string, fromGitRoot = ""): string {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "strangler",
            version,
            rules: CHECK_RULES.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              helpUri: ruleDocsUrl(rule.id, version),
              help: { text: `${rule.help} (${ruleDocsUrl(rule.id, version)})`, markdown: ruleHelpMarkdown(rule, version) },
              defaultConfiguration: { level: rule.severity },
              properties: { tags: rule.tags },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        // Files not judged (tests, generated, ignored), counted: a gate says what it did not look at.
        ...(r.leftOut ? { properties: { leftOut: r.leftOut } } : {}),
        results: r.comparison.fresh.map((v) => ({
          ruleId: v.rule,
          ruleIndex: CHECK_RULES.findIndex((rule) => rule.id === v.rule),
          level: v.severity,
          message: { text: v.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(fromGitRoot + v.file), uriBaseId: "%SRCROOT%" }, region: { startLine: v.line, ...(v.column ? { startColumn: v.column } : {}) } } }],
          partialFingerprints: { "strangler/v1": v.fingerprint },
          baselineState: "new",
          properties: { fromContext: v.from, toContext: v.to, tables: v.tables },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A rule's help for code scanning's rule panel: what it finds, what to do, where it is documented. */
function ruleHelpMarkdown(rule: CheckRule, version: string): string {
  return `**${rule.summary}**\n\n${rule.help}\n\nSet its severity (\`error\`, \`warning\`, \`off\`) under \`rules:\` in contexts.yaml. [The rule in strangler's README](${ruleDocsUrl(rule.id, version)})`;
}

/**
 * A repo-relative path as a relative URI reference: percent-encoded, and a `:` in its first segment
 * encoded too, so a root folder named `javascript:` or `c:` is never read as a scheme (RFC 3986, 4.2).
 */
function relativeUri(p: string): string {
  const uri = encodeURI(p).replace(/[?#]/g, (c) => encodeURIComponent(c));
  const slash = uri.indexOf("/");
  const first = slash < 0 ? uri : uri.slice(0, slash);
  return first.replace(/:/g, "%3A") + (slash < 0 ? "" : uri.slice(slash));
}

/** GitHub Actions workflow commands: an annotation on the pull request's diff per new violation (paths from the git root). */
export function checkGithub(r: CheckResult, fromGitRoot = ""): string {
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines = r.comparison.fresh.map((v) => `::${v.severity} file=${prop(fromGitRoot + v.file)},line=${v.line}${v.column ? `,col=${v.column}` : ""},title=${prop(`strangler ${v.rule}`)}::${data(v.from ? `${v.message} [${v.from} → ${v.to}]` : v.message)}`);
  const { fresh, known, stale } = r.comparison;
  const o = r.leftOut;
  lines.push(`strangler check: ${fresh.length} new, ${known.length} known, ${stale.length} stale${o && o.tests + o.generated + o.ignored ? `; left out, not judged: ${o.tests} tests, ${o.generated} generated, ${o.ignored} ignored` : ""}`);
  return `${lines.join("\n")}\n`;
}
