import Table from "cli-table3";
import type { ChalkInstance } from "chalk";
import type { ScanSummary } from "./scan-summary.js";
import type { Diagnostic } from "../scan/facts.js";

/** The summary table `strangler scan` prints for people. */
export function scanText(repo: string, summary: ScanSummary, c: ChalkInstance): string {
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
    ["foreign-key edges", e.fk],
    ["join edges", e.join],
    ["transaction edges", e.tx],
    ["co-change edges (git)", e.cochange],
    ["view edges (view → table)", e.view],
    ["partition edges (child → parent)", e.inherit],
    ["left out (tests / generated / ignored)", `${summary.excluded.tests} / ${summary.excluded.generated} / ${summary.excluded.ignored}`],
    ["diagnostics (warning / info)", `${summary.diagnostics.warning} / ${summary.diagnostics.info}`],
  );
  return `${c.bold(`strangler scan ${repo}`)}\n${table.toString()}\n`;
}

const SHOWN = 40;

/** Diagnostics for stderr: warnings and errors (and info with verbose), each `file:line code message`. */
export function diagnosticsText(list: Diagnostic[], verbose: boolean, c: ChalkInstance): string {
  const shown = list.filter((d) => verbose || d.severity !== "info");
  const hiddenInfo = list.length - shown.length;
  const lines = shown.slice(0, verbose ? shown.length : SHOWN).map((d) => {
    const where = d.line ? `${d.file}:${d.line}` : d.file;
    const sev = d.severity === "info" ? c.dim(d.severity) : d.severity === "warning" ? c.yellow(d.severity) : c.red(d.severity);
    return `${where}  ${sev}  ${d.code}  ${d.message}`;
  });
  if (!verbose && shown.length > SHOWN) lines.push(`… ${shown.length - SHOWN} more (--verbose or --json lists all)`);
  if (hiddenInfo > 0) lines.push(c.dim(`${hiddenInfo} information diagnostics not shown (--verbose lists them)`));
  return lines.length ? `${lines.join("\n")}\n` : "";
}
