import type { ChalkInstance } from "chalk";
import type { RuntimeTraffic } from "../score/runtime-traffic.js";
import { percent } from "../score/runtime-traffic.js";
import { shortTable } from "../scan/sql/dialect.js";

const TOP_TABLES = 3;

/** `assess`: each context's share of the database's calls, busiest first, with its busiest tables. */
export function trafficText(t: RuntimeTraffic, c: ChalkInstance): string {
  const lines = [c.bold(`traffic (${Math.round(t.calls).toLocaleString("en-US")} calls of statements on tables, from ${t.origin}):`)];
  for (const ctx of t.contexts) {
    if (ctx.calls <= 0) continue;
    const tables = t.tables.filter((x) => x.context === ctx.name).slice(0, TOP_TABLES).map((x) => `${shortTable(x.name)} ${x.calls}`);
    const reads = ctx.calls ? ctx.readCalls / ctx.calls : 0;
    lines.push(`  ${ctx.rank}. ${ctx.name}  ${percent(ctx.share)}  (${Math.round(ctx.calls)} calls, ${percent(reads)} reads)${tables.length ? `  tables: ${tables.join(", ")}` : ""}`);
  }
  const idle = t.contexts.filter((x) => x.calls <= 0).map((x) => x.name);
  if (idle.length) lines.push(`  no calls: ${idle.join(", ")}`);
  if (t.unattributedCalls > 0) lines.push(`  unattributed (tables and code of no context): ${Math.round(t.unattributedCalls)} calls`);
  return `${lines.join("\n")}\n`;
}
