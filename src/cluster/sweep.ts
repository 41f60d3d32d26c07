import type { Projection } from "./projection.js";
import type { Labels } from "./louvain.js";
import { modularity } from "./modularity.js";
import { adjustedRandIndex } from "../util/rand-index.js";

/*
 * The resolution is chosen, not tuned: each resolution of the list is run, and scored by
 *   objective = modularity − penalty × CV
 * where modularity is Newman's Q (resolution 1) of the partition and CV the coefficient of variation of its
 * contexts' sizes (nodes): modularity alone favours a few large contexts, the penalty one giant among dwarfs.
 * Louvain is noisy and modularity flat near its top, so the objective only shortlists: the resolutions
 * within `tolerance` of the best. Among them the partition that holds wins:
 *   - stability: how well it agrees (adjusted Rand index) with the partitions of two other seeds at the same
 *     resolution and with its neighbouring resolutions' (a real boundary shows up whatever the seed);
 *   - anchors: the share of data anchors it keeps whole (two tables tied by a foreign key and written by the
 *     same unit: an aggregate and its parts).
 * Points whose stability + anchors lie within 0.05 of the best are equally stable, and the lowest of those
 * resolutions (fewest contexts) wins: a split must earn its place.
 */

export interface SweepPoint {
  resolution: number;
  contexts: number;
  modularity: number;
  /** Coefficient of variation of the contexts' sizes. */
  sizeCv: number;
  objective: number;
  /** Agreement with other seeds and the neighbouring resolutions (0..1), for the shortlisted points. */
  stability?: number;
  /** Share of data anchors (tables tied by a key and written together) kept in one context. */
  anchors?: number;
  chosen: boolean;
}

/** Two tables tied by a foreign key and written by one unit: a partition should keep them together. */
export type Anchor = [string, string];

const round = (x: number) => Math.round(x * 1000) / 1000;
/** Stability + anchors scores this close to the best are equally stable; the lowest resolution of them wins. */
const STABILITY_MARGIN = 0.05;

export function sweepResolutions(proj: Projection, resolutions: number[], penalty: number, tolerance: number, run: (r: number, seed?: number) => Labels, anchors: Anchor[] = [], seed = 42): SweepPoint[] {
  const points: SweepPoint[] = [];
  const partitions: Labels[] = [];
  for (const r of resolutions) {
    const labels = run(r);
    partitions.push(labels);
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
  const placed = (l: Labels) => new Map([...l].filter(([n]) => proj.hasNode(n) && proj.degree(n) > 0));
  const scored: Array<{ p: SweepPoint; score: number }> = [];
  points.forEach((p, i) => {
    if (p.objective < round(top - tolerance)) return;
    const mine = placed(partitions[i]);
    const agree: number[] = [];
    for (const other of [seed + 1, seed + 2]) agree.push(adjustedRandIndex(mine, placed(run(p.resolution, other))));
    for (const j of [i - 1, i + 1]) if (j >= 0 && j < partitions.length) agree.push(adjustedRandIndex(mine, placed(partitions[j])));
    p.stability = round(agree.reduce((a, b) => a + b, 0) / Math.max(1, agree.length));
    const kept = anchors.filter(([a, b]) => partitions[i].get(a) !== undefined && partitions[i].get(a) === partitions[i].get(b)).length;
    p.anchors = anchors.length ? round(kept / anchors.length) : 1;
    scored.push({ p, score: p.stability + p.anchors });
  });
  // As stable as the most stable, within a margin: the fewest contexts (a split must earn its place).
  const bestScore = Math.max(...scored.map((x) => x.score));
  const pick = scored.find((x) => x.score >= bestScore - STABILITY_MARGIN);
  if (pick) pick.p.chosen = true;
  return points;
}
