import type { Projection } from "./projection.js";

/** Newman modularity Q = Σ_c [ W_c / W − (S_c / 2W)² ] of a partition on the undirected weighted projection. */
export function modularity(proj: Projection, labelOf: (node: string) => string | undefined): number {
  let total = 0;
  const inside = new Map<string, number>();
  const degree = new Map<string, number>();
  proj.forEachEdge((_e, a, u, v) => {
    total += a.weight;
    const cu = labelOf(u);
    const cv = labelOf(v);
    if (cu) degree.set(cu, (degree.get(cu) ?? 0) + a.weight);
    if (cv) degree.set(cv, (degree.get(cv) ?? 0) + a.weight);
    if (cu && cu === cv) inside.set(cu, (inside.get(cu) ?? 0) + a.weight);
  });
  if (total === 0) return 0;
  let q = 0;
  for (const [c, d] of degree) q += (inside.get(c) ?? 0) / total - (d / (2 * total)) ** 2;
  return q;
}
