import Table from "cli-table3";
import { escapeControls, safeLines } from "./escape-text.js";
import type { ChalkInstance } from "chalk";
import type { ScanSummary } from "./scan-summary.js";
import type { Diagnostic } from "../scan/facts.js";
import type { Linkage, LinkageWarning } from "../scan/linkage.js";
import { linkageWarningText } from "./linkage-text.js";

/** The summary table `strangler scan` prints for people. */
export function scanText(repo: string, summary: ScanSummary, linkage: Linkage, dialect: string | null, c: ChalkInstance): string {
  const table = new Table({
    head: [c.bold("what"), c.bold("count")],
    style: { head: [], border: [], compact: true },
    colAligns: ["left", "right"],
  });
  const e = summary.edges;
  table.push(
    ["code files", summary.files],
    ["code units", summary.units],
    ["SQL files", summary.sqlFiles],
    ["SQL sites in code", summary.sqlSites],
    ["SQL statements read", `${summary.sqlStatements} (${summary.sqlFallbackStatements} by fallback)`],
    ["SQL statements with no table", summary.sqlNoTableStatements],
    ["tables", summary.tables],
    ["views", summary.views],
    ["system catalogs queried", summary.systemTables],
    ["import edges", e.import],
    ["read edges", e.read],
    ["write edges", e.write],
    ["uses edges (entity, no verb)", e.uses],
    ["foreign-key edges", e.fk],
    ["join edges", e.join],
    ["transaction edges", e.tx],
    ["co-change edges (git)", e.cochange],
    ["view edges (view → table)", e.view],
    ["partition edges (child → parent)", e.inherit],
    ["left out (tests / generated / ignored)", `${summary.excluded.tests} / ${summary.excluded.generated} / ${summary.excluded.ignored}`],
    ["diagnostics (warning / info)", `${summary.diagnostics.warning} / ${summary.diagnostics.info}`],
  );
  return `${c.bold(`strangler scan ${repo}`)}\n${table.toString()}\n${linkageText(linkage, dialect, c)}`;
}

/** How much data access was seen: units touching a table, and per source tables and calls linked. */
export function linkageText(l: Linkage, dialect: string | null, c: ChalkInstance): string {
  const lines = [`${c.bold("data access seen")}: ${l.unitsTouchingTables} of ${l.units} code units read, write or use a table (${Math.round(l.share * 100)}%)`];
  for (const s of l.sources) lines.push(`  ${s.title}: ${s.tables} tables declared, ${s.linked} of ${s.calls} calls linked to a table`);
  if (dialect) lines.push(`  dialect from ${dialect}`);
  return `${lines.join("\n")}\n`;
}

/** The thin-picture warnings a plan prints at its top. */
export function warningsText(warnings: LinkageWarning[], c: ChalkInstance): string {
  return warnings.map((w) => `${c.yellow("warning")}: ${linkageWarningText(w, "en")}\n`).join("");
}

const SHOWN = 40;

/** Diagnostics for stderr: warnings and errors (and info with verbose), each `file:line code message`. */
export function diagnosticsText(list: Diagnostic[], verbose: boolean, c: ChalkInstance): string {
  // Information diagnostics (a file read with a fallback, a source without tables …) are listed with
  // --verbose and in --json; a plain run does not count them: that line said nothing the user could act on.
  const shown = list.filter((d) => verbose || d.severity !== "info");
  const lines = shown.slice(0, verbose ? shown.length : SHOWN).map((d) => {
    // Names and messages come from the repository: control characters escaped (report/escape-text.ts).
    const where = d.line ? `${escapeControls(d.file)}:${d.line}` : escapeControls(d.file);
    const sev = d.severity === "info" ? c.dim(d.severity) : d.severity === "warning" ? c.yellow(d.severity) : c.red(d.severity);
    return `${where}  ${sev}  ${d.code}  ${escapeControls(d.message)}`;
  });
  if (!verbose && shown.length > SHOWN) lines.push(`… ${shown.length - SHOWN} more (--verbose or --json lists all)`);
  return lines.length ? safeLines(`${lines.join("\n")}\n`) : "";
}
