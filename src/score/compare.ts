/**
 * How close a proposed decomposition is to an expected one, over the objects both place.
 * Partitions are object → cluster label maps.
 */
export type Partition = Map<string, string>;

/**
 * MoJoFM (Wen & Tzerpos, 2004): 1 − mno(A, B) / max mno(any A, B), in percent, where mno(A, B) is the
 * fewest Move and Join operations turning A into B. Each cluster of A is tagged with the B cluster it
 * shares most objects with; moves = objects outside their cluster's tag; joins = clusters of A − groups
 * used, the groups maximised by a bipartite matching between A clusters and their best B clusters.
 */
export function mojoFM(proposed: Partition, expected: Partition): { value: number; mno: number; objects: number } {
  const objects = [...proposed.keys()].filter((o) => expected.has(o)).sort();
  if (objects.length === 0) return { value: 0, mno: 0, objects: 0 };
  const aLabels = [...new Set(objects.map((o) => proposed.get(o)!))].sort();
  const bLabels = [...new Set(objects.map((o) => expected.get(o)!))].sort();
  const aIndex = new Map(aLabels.map((l, i) => [l, i]));
  const bIndex = new Map(bLabels.map((l, i) => [l, i]));
  const overlap = aLabels.map(() => new Array<number>(bLabels.length).fill(0));
  for (const o of objects) overlap[aIndex.get(proposed.get(o)!)!][bIndex.get(expected.get(o)!)!]++;

  let moves = 0;
  const best: number[][] = [];
  overlap.forEach((row, i) => {
    const max = Math.max(...row);
    moves += row.reduce((s, x) => s + x, 0) - max;
    best[i] = row.flatMap((x, j) => (x === max ? [j] : []));
  });
  const groups = maxMatching(best, bLabels.length);
  const mno = moves + aLabels.length - groups;

  const sizes = bLabels.map((_, j) => overlap.reduce((s, row) => s + row[j], 0)).sort((x, y) => x - y);
  let g = 0;
  for (const size of sizes) if (g < size) g++;
  const maxMno = objects.length - g;
  const value = maxMno === 0 ? 100 : (1 - mno / maxMno) * 100;
  return { value: Math.round(value * 100) / 100, mno, objects: objects.length };
}

/** Size of a maximum bipartite matching (augmenting paths); `edges[i]` lists the right nodes of left node i. */
function maxMatching(edges: number[][], rightCount: number): number {
  const matchOfRight = new Array<number>(rightCount).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (const j of edges[i]) {
      if (seen[j]) continue;
      seen[j] = true;
      if (matchOfRight[j] < 0 || tryAssign(matchOfRight[j], seen)) {
        matchOfRight[j] = i;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let i = 0; i < edges.length; i++) if (tryAssign(i, new Array<boolean>(rightCount).fill(false))) size++;
  return size;
}

export { adjustedRandIndex } from "../util/rand-index.js";
