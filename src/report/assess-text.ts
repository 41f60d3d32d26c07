import Table from "cli-table3";
import type { ChalkInstance } from "chalk";
import type { Assessment } from "../assess/index.js";
import type { Crossing } from "../score/metrics.js";
import { shortTable as table } from "../scan/sql/dialect.js";
import { warningsText } from "./scan-text.js";
import { weakStructureText } from "./structure-text.js";
import { trafficText } from "./traffic-text.js";
import { overridesText } from "./overrides-text.js";
import { pushTo } from "../util/push-to.js";

const TOP_CROSSINGS = 12;
const fixed = (x: number, d = 2) => x.toFixed(d);


/** The report a CTO reads: candidate contexts with size, cohesion and coupling; what crosses them, where. */
export function assessText(repo: string, a: Assessment, c: ChalkInstance): string {
  const { clustering, measurement } = a;
  const o = measurement.overall;
  const lines: string[] = [];
  lines.push(c.bold(`strangler assess ${repo}`));
  // Rules the repository overrides come first: every number below rests on them.
  const overrides = overridesText(a.ruleOverrides);
  if (overrides.length) lines.push(`${c.yellow("warning")}: ${overrides[0]}`, ...overrides.slice(1));
  // A picture drawn mostly from imports says so before anything else.
  const warnings = warningsText(a.scan.linkage.warnings, c);
  if (warnings) lines.push(warnings.trimEnd());
  if (a.structure.weak) lines.push(`${c.yellow("warning")}: ${weakStructureText(a.structure.modularity, "en")}`);
  const chosen = clustering.sweep.find((p) => p.chosen);
  const how = chosen
    ? `resolution ${clustering.resolution}, chosen from ${clustering.sweep.length} tried`
    : `resolution ${clustering.resolution}`;
  lines.push(`${o.contexts} candidate bounded contexts (Louvain, ${how}, seed ${clustering.seed})`);
  if (chosen) {
    // The sweep's objective: modularity minus a penalty on how unequal the contexts' sizes are.
    const row = clustering.sweep.map((p) => `${p.resolution}→${p.contexts}${p.chosen ? "*" : ""} ${p.objective.toFixed(3)}`).join(" · ");
    lines.push(c.dim(`  resolutions tried (contexts, modularity − penalty × size spread): ${row}`));
  }
  lines.push("");

  const t = new Table({
    head: ["context", "units", "tables", "LOC", "cohesion", "coupling", "x-joins", "x-FKs", "x-tx", "foreign access out/in"].map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
  });
  for (const ctx of clustering.contexts) {
    const m = measurement.contexts[ctx.name];
    const label = ctx.agreed ? `${ctx.name} (agreed)` : ctx.domain ? ctx.name : `${ctx.name} (${ctx.tables.length ? "table" : "folder"} name)`;
    t.push([label, m.units, m.tables, m.loc, fixed(m.cohesion), fixed(m.coupling, 1), m.crossJoins, m.crossForeignKeys, m.crossTransactions, `${m.foreignTableAccess}/${m.inboundTableAccess}`]);
  }
  lines.push(t.toString());
  lines.push("");

  for (const ctx of clustering.contexts) {
    lines.push(`${c.bold(ctx.name)}: ${ctx.units.join(", ") || "(no code unit)"}`);
    lines.push(`  tables: ${ctx.tables.map(table).join(", ") || "(none)"}`);
    if (ctx.explanation) lines.push(`  ${c.dim(ctx.explanation)}`);
  }
  if (clustering.sharedWrites.length) {
    lines.push("");
    lines.push(c.bold(`tables written by several contexts (kept with the biggest writer):`));
    for (const w of clustering.sharedWrites) {
      const writers = w.writers.map((x) => `${x.context} ×${x.sites} (${x.evidence[0].file}:${x.evidence[0].line}${x.evidence.length > 1 ? ` +${x.evidence.length - 1}` : ""})`).join(", ");
      lines.push(`  ${table(w.table)} → ${w.owner}; written by ${writers}`);
    }
  }
  lines.push("");
  if (clustering.infrastructure.length) {
    lines.push(c.bold("shared infrastructure (not a context):"));
    for (const i of clustering.infrastructure) lines.push(`  ${i.node.replace(/^module:/, "")}  (${i.why ? `application shell: ${i.why}` : i.reason})`);
  }
  // Clients, tools, libraries and migrations: listed once, not clustered.
  const apart = new Map<string, string[]>();
  for (const x of clustering.apart) {
    // A client's requests, by the context answering (paths in first-seen order, at most three each).
    const byContext = new Map<string, string[]>();
    for (const call of x.calls) {
      const key = call.context ?? "no backend code shown";
      pushTo(byContext, key, call.path);
    }
    const calls = [...byContext].map(([ctx, paths]) => `${ctx} (${paths.slice(0, 3).join(", ")}${paths.length > 3 ? `, +${paths.length - 3}` : ""})`);
    const line = `  ${x.unit}  (${x.reason}${x.reaches.length ? `; uses ${x.reaches.join(", ")}` : ""}${calls.length ? `; calls ${calls.join("; ")}` : ""})`;
    pushTo(apart, x.role, line);
  }
  const ROLE_TITLE: Record<string, string> = { client: "clients (front ends: not contexts)", library: "libraries of the repo (no table)", tooling: "tooling (scripts, examples, test helpers, docs)", schema: "schema (migrations, seeds)" };
  for (const role of ["client", "library", "tooling", "schema"]) {
    const list = apart.get(role);
    if (!list) continue;
    lines.push(c.bold(`${ROLE_TITLE[role]}:`));
    lines.push(...list);
  }
  if (clustering.unplaced.units.length || clustering.unplaced.tables.length) {
    lines.push(c.bold("unplaced (no edge at all):") + ` ${[...clustering.unplaced.units, ...clustering.unplaced.tables.map(table)].join(", ")}`);
  }
  lines.push("");
  lines.push(
    `modularity Q ${fixed(o.modularity, 3)} · ICP ${fixed(o.icp * 100, 1)}% · IFN ${fixed(o.ifn, 1)} · NED ${fixed(o.ned * 100, 1)}% · table entropy ${fixed(o.tableEntropy, 2)} bits (${fixed(o.pureTables * 100, 0)}% of tables touched by one context)`,
  );
  lines.push(`across contexts: ${o.crossJoins} joins, ${o.crossForeignKeys} foreign keys, ${o.crossTransactions} transaction links, ${o.foreignTableAccess} foreign table accesses, ${o.crossImports} imports`);
  lines.push("");

  const top = measurement.crossings.slice(0, TOP_CROSSINGS);
  if (top.length) {
    lines.push(c.bold(`heaviest crossing edges (${top.length} of ${measurement.crossings.length}; --json lists all):`));
    for (const x of top) lines.push(`  ${crossingLine(x)}`);
  }
  if (a.traffic) lines.push("", trafficText(a.traffic, c).trimEnd());
  if (a.truth) {
    lines.push("");
    lines.push(c.bold(`against the expected mapping: MoJoFM ${fixed(a.truth.mojoFM)}% · adjusted Rand index ${fixed(a.truth.adjustedRandIndex, 3)} · ${a.truth.objects} objects, ${a.truth.mno} moves+joins`));
    for (const m of a.truth.misplaced) lines.push(`  ${m.object}: proposed ${m.proposed}, expected ${m.expected}`);
  }
  return `${lines.join("\n")}\n`;
}

function crossingLine(x: Crossing): string {
  const first = x.evidence[0];
  const more = x.occurrences > 1 ? ` (+${x.occurrences - 1} more)` : "";
  const where = first.commit ? `commit ${first.commit.slice(0, 10)}` : `${first.file}:${first.line}`;
  return `${x.kind.padEnd(6)} ${table(x.from)} [${x.fromContext}] → ${table(x.to)} [${x.toContext}] ×${x.occurrences}  ${where}${more}`;
}
