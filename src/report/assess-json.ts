import type { Assessment } from "../assess/index.js";

/** `strangler assess --json`: the contract other tools read. Stable order, no absolute paths, no times. */
export function assessJson(a: Assessment): string {
  const { clustering, measurement, graph } = a;
  const pathOf = (node: string) => (graph.getNodeAttributes(node) as { path: string }).path;
  const out = {
    schemaVersion: 1,
    resolution: clustering.resolution,
    sweep: clustering.sweep,
    seed: clustering.seed,
    ruleOverrides: a.ruleOverrides,
    linkage: a.scan.linkage,
    contexts: clustering.contexts.map((c) => ({
      name: c.name,
      domain: c.domain,
      agreed: c.agreed,
      ...(c.naming ? { naming: c.naming } : {}),
      units: c.units,
      tables: c.tables,
      ...(c.explanation ? { explanation: c.explanation } : {}),
      metrics: measurement.contexts[c.name],
    })),
    infrastructure: clustering.infrastructure.map((i) => pathOf(i.node)),
    apart: clustering.apart,
    sharedWrites: clustering.sharedWrites,
    units: a.scan.facts.units.map((u) => ({ path: u.path, role: u.role, roleReason: u.roleReason, formed: u.formed, ...(u.noun ? { noun: u.noun } : {}), ...(u.layers ? { layers: u.layers } : {}) })),
    infrastructureReasons: Object.fromEntries(clustering.infrastructure.map((i) => [pathOf(i.node), i.reason])),
    ...(clustering.infrastructure.some((i) => i.why) ? { shell: Object.fromEntries(clustering.infrastructure.filter((i) => i.why).map((i) => [pathOf(i.node), i.why])) } : {}),
    unplaced: clustering.unplaced,
    metrics: measurement.overall,
    structure: a.structure,
    crossings: measurement.crossings,
    ...(a.traffic ? { traffic: a.traffic } : {}),
    ...(a.truth ? { truth: a.truth } : {}),
    diagnostics: a.diagnostics,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
