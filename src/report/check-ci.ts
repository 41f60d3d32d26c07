import type { Violation } from "../check/violations.js";
import { CHECK_RULES, ruleDocsUrl } from "../check/rules.js";
import type { CheckResult } from "./check-output.js";
import { cell, code } from "./markdown-text.js";

/*
 * `check`'s formats for CI systems other than GitHub code scanning: GitLab's Code Quality report
 * (codeclimate), JUnit XML (the test report every CI shows), and a Markdown summary (a job summary, a
 * merge-request note). Each carries the new violations, the ones the gate judges; paths are relative to the
 * git root like SARIF's, since that is where a CI system looks for them.
 */

/**
 * GitLab Code Quality (a subset of Code Climate's issue format): one issue per new violation, with the
 * violation's fingerprint, stable across moved lines, so GitLab tells new from fixed between pipelines.
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 */
export function checkCodeClimate(r: CheckResult, fromGitRoot = ""): string {
  const issues = r.comparison.fresh.map((v) => ({
    type: "issue",
    check_name: v.rule,
    description: v.message,
    categories: ["Complexity"],
    fingerprint: v.fingerprint,
    severity: v.severity === "error" ? "major" : "minor",
    location: { path: fromGitRoot + v.file, lines: { begin: v.line, end: v.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}

/** Text as XML character data or an attribute value: markup escaped, characters XML 1.0 cannot hold written as `\uXXXX`. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

const place = (v: Violation, fromGitRoot: string) => `${fromGitRoot}${v.file}:${v.line}${v.column ? `:${v.column}` : ""}`;

/**
 * JUnit XML: a test suite per rule; in it one test case per new violation, failed when its severity fails
 * the gate (`failOn`), passed with the violation as its output when it does not (a warning under
 * `--fail-on error`), and one passing case for a rule with no new violation.
 */
export function checkJunit(r: CheckResult, failOn: "error" | "warning" | "never", fromGitRoot = ""): string {
  const fails = (v: Violation) => failOn === "warning" || (failOn === "error" && v.severity === "error");
  const suites = CHECK_RULES.map((rule) => {
    const vs = r.comparison.fresh.filter((v) => v.rule === rule.id);
    const failures = vs.filter(fails).length;
    const cases = vs.length
      ? vs.map((v) => {
          const name = xmlText(`${place(v, fromGitRoot)} ${v.message}`);
          const what = xmlText(`${v.severity}: ${v.message}${v.from ? ` [${v.from} → ${v.to}]` : ""} at ${place(v, fromGitRoot)}. ${rule.help}`);
          return fails(v)
            ? `    <testcase classname="strangler.${rule.id}" name="${name}" file="${xmlText(fromGitRoot + v.file)}" line="${v.line}">\n      <failure type="${v.severity}" message="${xmlText(v.message)}">${what}</failure>\n    </testcase>`
            : `    <testcase classname="strangler.${rule.id}" name="${name}" file="${xmlText(fromGitRoot + v.file)}" line="${v.line}">\n      <system-out>${what}</system-out>\n    </testcase>`;
        })
      : [`    <testcase classname="strangler.${rule.id}" name="no new ${rule.id} violation"/>`];
    return `  <testsuite name="strangler ${rule.id}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const tests = CHECK_RULES.reduce((n, rule) => n + Math.max(1, r.comparison.fresh.filter((v) => v.rule === rule.id).length), 0);
  const failures = r.comparison.fresh.filter(fails).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="strangler check" tests="${tests}" failures="${failures}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}

/**
 * A Markdown summary for a CI job's page (`$GITHUB_STEP_SUMMARY`) or a merge-request note: the verdict and
 * counts, then a table of the new violations, each rule linked to its documentation. Names from the
 * repository go into code spans (report/markdown-text.ts): nothing they hold is read as Markdown or HTML.
 */
export function checkMarkdown(r: CheckResult, version: string, fromGitRoot = "", max = 100): string {
  const { fresh, known, stale } = r.comparison;
  const errors = fresh.filter((v) => v.severity === "error").length;
  const lines = [
    "## strangler check",
    "",
    fresh.length === 0
      ? "No new violation of the agreed bounded contexts."
      : `${fresh.length} new violation${fresh.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${fresh.length - errors} warning${fresh.length - errors === 1 ? "" : "s"}.`,
    "",
    "| new | errors | warnings | known (baseline) | stale baseline entries |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${fresh.length} | ${errors} | ${fresh.length - errors} | ${known.length} | ${stale.length} |`,
  ];
  if (r.changedSince) lines.push("", `Files judged: code changed since ${code(r.changedSince)}, and every SQL file.`);
  const o = r.leftOut;
  if (o && o.tests + o.generated + o.ignored) lines.push("", `Left out, not judged: ${o.tests} test, ${o.generated} generated, ${o.ignored} ignored files.`);
  if (fresh.length) {
    lines.push("", "| where | severity | rule | what |", "| --- | --- | --- | --- |");
    for (const v of fresh.slice(0, max)) {
      lines.push(`| ${cell(code(place(v, fromGitRoot)))} | ${v.severity} | [${v.rule}](${ruleDocsUrl(v.rule, version)}) | ${cell(code(v.message))} |`);
    }
    if (fresh.length > max) lines.push("", `… and ${fresh.length - max} more (\`--format json\` lists all).`);
  }
  return `${lines.join("\n")}\n`;
}
