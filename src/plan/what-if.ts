import type { Roadmap } from "./roadmap.js";

/**
 * What differs between a plan and the same plan computed again without one answer: only what was measured,
 * so "what your answers changed" never claims a move that did not happen.
 */
export type AnswerChange =
  | { kind: "weeks"; with: number; without: number }
  | { kind: "streams"; with: number; without: number; squadWith: number; squadWithout: number }
  | { kind: "foundation-weeks"; with: number; without: number }
  | { kind: "order"; moved: Array<{ context: string; with: number; without: number }> }
  | { kind: "items"; added: string[]; removed: string[] }
  | { kind: "choice"; item: string; with: string; without: string }
  | { kind: "effort"; with: number; without: number }
  | { kind: "hires"; with: number; without: number }
  | { kind: "cost"; currency: string; with: { low: number; high: number }; without: { low: number; high: number } }
  | { kind: "currency"; with: string; without: string }
  | { kind: "risks"; raised: number };

export function personWeeksOf(r: Roadmap): number {
  return Math.round((r.foundation.personWeeks + (r.foundation.training?.personWeeks ?? 0) + r.contexts.reduce((n, c) => n + c.effort.personWeeks, 0) + r.sagaWork.reduce((n, w) => n + w.effort.personWeeks, 0)) * 10) / 10;
}

export function measuredChanges(a: Roadmap, b: Roadmap): AnswerChange[] {
  const out: AnswerChange[] = [];
  if (a.totalWeeks !== b.totalWeeks) out.push({ kind: "weeks", with: a.totalWeeks, without: b.totalWeeks });
  if (a.team.streams !== b.team.streams || a.team.squad !== b.team.squad) out.push({ kind: "streams", with: a.team.streams, without: b.team.streams, squadWith: a.team.squad, squadWithout: b.team.squad });
  if (a.foundation.weeks !== b.foundation.weeks) out.push({ kind: "foundation-weeks", with: a.foundation.weeks, without: b.foundation.weeks });
  const rankB = new Map(b.contexts.map((c) => [c.name, c.rank]));
  const moved = a.contexts.filter((c) => rankB.has(c.name) && rankB.get(c.name) !== c.rank).map((c) => ({ context: c.name, with: c.rank, without: rankB.get(c.name)! }));
  if (moved.length) out.push({ kind: "order", moved: moved.sort((x, y) => x.with - y.with) });
  const idsA = a.foundation.items.map((i) => i.id);
  const idsB = b.foundation.items.map((i) => i.id);
  const added = idsA.filter((i) => !idsB.includes(i));
  const removed = idsB.filter((i) => !idsA.includes(i));
  if (added.length || removed.length) out.push({ kind: "items", added, removed });
  for (const item of ["broker", "compute", "cdc"] as const) {
    const key = item === "cdc" ? "dialect" : item;
    const x = a.foundation.items.find((i) => i.id === item)?.detail[key];
    const y = b.foundation.items.find((i) => i.id === item)?.detail[key];
    if (x !== undefined && y !== undefined && x !== y) out.push({ kind: "choice", item, with: String(x), without: String(y) });
  }
  const pa = personWeeksOf(a);
  const pb = personWeeksOf(b);
  if (pa !== pb) out.push({ kind: "effort", with: pa, without: pb });
  const ha = a.staffing?.hires ?? 0;
  const hb = b.staffing?.hires ?? 0;
  if (ha !== hb) out.push({ kind: "hires", with: ha, without: hb });
  if (a.currency !== b.currency) out.push({ kind: "currency", with: a.currency, without: b.currency });
  else if (a.cost && b.cost && (a.cost.totalYear.low !== b.cost.totalYear.low || a.cost.totalYear.high !== b.cost.totalYear.high)) out.push({ kind: "cost", currency: a.currency, with: a.cost.totalYear, without: b.cost.totalYear });
  const raised = a.risks.filter((x) => x.mostDamaging).length - b.risks.filter((x) => x.mostDamaging).length;
  if (raised > 0) out.push({ kind: "risks", raised });
  return out;
}

/** The context whose leaving sets the end date: the last context on the critical path. */
export function lastOnCriticalPath(r: Roadmap): string | null {
  const ids = r.criticalPath.map((l) => l.id).filter((id) => id.startsWith("context:"));
  const name = ids.length ? ids[ids.length - 1].slice("context:".length) : null;
  return name && r.contexts.some((c) => c.name === name && c.phase === 3) ? name : null;
}

