import type { Projection } from "./projection.js";
import type { Labels } from "./louvain.js";
import { modularity } from "./modularity.js";

/*
 * The resolution is chosen, not tuned: each resolution of the list is run, and the partition with the
 * highest  modularity − penalty × CV  wins, where modularity is Newman's Q (resolution 1) of the partition
 * and CV the coefficient of variation of its contexts' sizes (nodes). Modularity alone favours a few large
 * contexts; the penalty, one giant context among dwarfs. Objectives within `tolerance` of the best are
 * equal (Louvain is noisy), and the lowest of those resolutions wins: a split must earn its place.
 */

export interface SweepPoint {
  resolution: number;
  contexts: number;
  modularity: number;
  /** Coefficient of variation of the contexts' sizes. */
  sizeCv: number;
  objective: number;
  chosen: boolean;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function sweepResolutions(proj: Projection, resolutions: number[], penalty: number, tolerance: number, run: (r: number) => Labels): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const r of resolutions) {
    const labels = run(r);
    const sizes = new Map<string, number>();
    for (const n of proj.nodes()) {
      if (proj.degree(n) === 0 && !labels.get(n)?.startsWith("pin:")) continue;
      const l = labels.get(n)!;
      sizes.set(l, (sizes.get(l) ?? 0) + 1);
    }
    const list = [...sizes.values()];
    const mean = list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
    const cv = mean ? Math.sqrt(list.reduce((s, x) => s + (x - mean) ** 2, 0) / list.length) / mean : 0;
    const q = modularity(proj, (n) => (proj.degree(n) > 0 ? labels.get(n) : undefined));
    points.push({ resolution: r, contexts: list.length, modularity: round(q), sizeCv: round(cv), objective: round(q - penalty * cv), chosen: false });
  }
  const top = Math.max(...points.map((p) => p.objective));
  const pick = points.find((p) => p.objective >= round(top - tolerance));
  if (pick) pick.chosen = true;
  return points;
}
