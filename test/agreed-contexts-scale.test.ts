import { describe, expect, it } from "vitest";
import graphology from "graphology";
import type { StranglerGraph } from "../src/graph/build.js";
import type { Diagnostic } from "../src/scan/facts.js";
import type { AgreedContext, ContextsFile } from "../src/config/contexts-yaml.js";
import { modulePatternMatches, tableEntryMatches } from "../src/config/contexts-yaml.js";
import { pinsFrom } from "../src/cluster/pins.js";
import { partitionFromFile } from "../src/score/truth.js";

/*
 * assess reads people's contexts.yaml to pin units and tables (cluster/pins.ts) and, with --truth, to
 * compare (score/truth.ts). Both give what trying every entry on every node gives (picomatch for modules,
 * tableEntryMatches for tables), at a cost linear in nodes + entries: a repository's own contexts.yaml,
 * one entry per file of a 20,000-file repo, is read in seconds, not units × patterns (which was 400
 * million picomatch calls for the modules alone).
 */

const { MultiDirectedGraph } = graphology;

function graphOf(units: string[], tables: string[]): StranglerGraph {
  const g: StranglerGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  for (const u of units) g.addNode(`module:${u}`, { kind: "module", path: u, role: "backend", formed: "file", files: 1, loc: 1, churn: 0 });
  for (const t of tables) g.addNode(`table:${t}`, { kind: "table", name: t, relation: "table", declared: true });
  return g;
}

/** What pins were before they were compiled: every context's every entry tried on every node. */
function pinsByScan(graph: StranglerGraph, agreed: AgreedContext[]) {
  const pins = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  graph.forEachNode((node, a) => {
    const name = a.kind === "module" ? a.path : a.name;
    const hits = agreed.filter((c) => (a.kind === "module" ? c.modules.some((p) => modulePatternMatches(p, name)) : c.tables.some((t) => tableEntryMatches(t, name))));
    if (hits.length === 0) return;
    if (hits.length > 1) diagnostics.push({ file: "contexts.yaml", line: hits[1].line, code: "contexts-ambiguous", severity: "warning", message: `${name} is listed in ${hits.map((h) => h.name).join(" and ")}; kept in ${hits[0].name}` });
    pins.set(node, hits[0].name);
  });
  for (const c of agreed) {
    for (const p of c.modules) if (!graph.someNode((_n, a) => a.kind === "module" && modulePatternMatches(p, a.path))) diagnostics.push({ file: "contexts.yaml", line: c.line, code: "contexts-stale", severity: "warning", message: `context ${c.name}: module pattern "${p}" matches no code unit` });
    for (const t of c.tables) if (!graph.someNode((_n, a) => a.kind === "table" && tableEntryMatches(t, a.name))) diagnostics.push({ file: "contexts.yaml", line: c.line, code: "contexts-stale", severity: "warning", message: `context ${c.name}: table "${t}" is not in the schema` });
  }
  return { pins, diagnostics };
}

const ctx = (name: string, line: number, modules: string[], tables: string[]): AgreedContext => ({ name, line, modules, tables, entry: [] });

describe("agreed contexts read with compiled patterns", () => {
  it("pins, ambiguities and stale entries are those of trying every entry on every node", () => {
    const units = ["src/order", "src/order/legacy", "src/billing", "src/billing/tax", "src/x/invoices", "src/pay", "src/refund", "jobs/q.worker.ts", "src/.hidden/invoices", "lib/a/z", "src/a|b", "./src/c", "src/c", "other"];
    const tables = ["public.orders", "billing.invoices", "public.invoices", "public.payments", "audit.orders", "public.m\"x"];
    const agreed = [
      ctx("ordering", 2, ["src/order/**", "src/gone/**", "./src/c"], ["orders", "Audit.Orders"]),
      ctx("billing", 6, ["src/billing", "src/*/invoices/**", "src/{pay,refund}/**", "src/order/legacy", "src/billing"], ["billing.invoices", "old_table", "orders"]),
      ctx("jobs", 11, ["**/*.worker.ts", "lib/[ab]/**/", "src/a|b", "src/billing/tax/"], ["invoices", "public.payments", "m\"x"]),
      ctx("empty", 15, [], []),
    ];
    const graph = graphOf(units, tables);
    const diagnostics: Diagnostic[] = [];
    const pins = pinsFrom(graph, agreed, diagnostics);
    const expected = pinsByScan(graph, agreed);
    expect([...pins].sort()).toEqual([...expected.pins].sort());
    expect(diagnostics).toEqual(expected.diagnostics);
    // The cases the fixture is for, said plainly.
    expect(pins.get("module:src/order/legacy")).toBe("ordering");
    expect(pins.get("module:src/c")).toBe("ordering");
    expect(pins.get("table:audit.orders")).toBe("ordering");
    expect(diagnostics.map((d) => d.message)).toContain("src/order/legacy is listed in ordering and billing; kept in ordering");
    expect(diagnostics.map((d) => d.message)).toContain('context billing: table "old_table" is not in the schema');
  });

  it("--truth's partition is the one of trying every entry on every node", () => {
    const units = ["src/order", "src/order/legacy", "src/shared", "src/billing", "tools/x"];
    const tables = ["public.orders", "billing.invoices", "public.invoices"];
    const file: ContextsFile = {
      contexts: [ctx("ordering", 1, ["src/order/**"], ["orders", "invoices"]), ctx("billing", 4, ["src/order/legacy", "src/{billing,x}"], ["billing.invoices", "invoices"])],
      infrastructure: ["src/shared/**", "src/order/legacy"],
      rules: {},
      diagnostics: [],
    };
    const partition = partitionFromFile(graphOf(units, tables), file);
    expect([...partition].sort()).toEqual([
      ["billing.invoices", "billing"],
      ["public.invoices", "ordering"],
      ["public.orders", "ordering"],
      ["src/billing", "billing"],
      ["src/order", "ordering"],
      ["src/order/legacy", "(infrastructure)"],
      ["src/shared", "(infrastructure)"],
    ]);
  });

  it("a contexts.yaml listing each of 20,000 units and 20,000 tables costs entries + nodes, not their product", () => {
    const units = Array.from({ length: 20_000 }, (_, i) => `src/domains/d${i % 500}/services/part${i}.ts`);
    const tables = Array.from({ length: 20_000 }, (_, i) => `public.d${i % 500}_t${i}`);
    const agreed = Array.from({ length: 500 }, (_, d) =>
      ctx(
        `d${d}`,
        d + 1,
        units.filter((_u, i) => i % 500 === d),
        tables.filter((_t, i) => i % 500 === d).map((t) => t.slice("public.".length)),
      ),
    );
    agreed[0].modules.push("src/domains/d1/**", "src/nowhere/**");
    const graph = graphOf(units, tables);
    const file: ContextsFile = { contexts: agreed, infrastructure: units.slice(0, 5_000), rules: {}, diagnostics: [] };
    const started = process.hrtime.bigint();
    const diagnostics: Diagnostic[] = [];
    const pins = pinsFrom(graph, agreed, diagnostics);
    const partition = partitionFromFile(graph, file);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(pins.size).toBe(40_000);
    expect(pins.get("module:src/domains/d1/services/part1.ts")).toBe("d0");
    expect(diagnostics.filter((d) => d.code === "contexts-ambiguous")).toHaveLength(40);
    expect(diagnostics.filter((d) => d.code === "contexts-stale").map((d) => d.message)).toEqual(['context d0: module pattern "src/nowhere/**" matches no code unit']);
    expect(partition.get("src/domains/d7/services/part7.ts")).toBe("(infrastructure)");
    expect(partition.get("src/domains/d7/services/part5007.ts")).toBe("d7");
    expect(partition.get("public.d7_t5007")).toBe("d7");
    // Linear work is well under a second; the product (1.6 billion tries for pins alone) takes many minutes.
    expect(seconds).toBeLessThan(30);
  }, 120_000);
});
