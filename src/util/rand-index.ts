/** Node → group: a partition of objects (units, tables). */
export type Partition = Map<string, string>;

/** Adjusted Rand index (Hubert & Arabie) over the objects both partitions place; 1 is identical. */
export function adjustedRandIndex(proposed: Partition, expected: Partition): number {
  const objects = [...proposed.keys()].filter((o) => expected.has(o));
  const n = objects.length;
  if (n < 2) return 1;
  const choose2 = (x: number) => (x * (x - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (const o of objects) {
    const a = proposed.get(o)!;
    const b = expected.get(o)!;
    cells.set(`${a}\u0000${b}`, (cells.get(`${a}\u0000${b}`) ?? 0) + 1);
    rows.set(a, (rows.get(a) ?? 0) + 1);
    cols.set(b, (cols.get(b) ?? 0) + 1);
  }
  const index = [...cells.values()].reduce((s, x) => s + choose2(x), 0);
  const sumRows = [...rows.values()].reduce((s, x) => s + choose2(x), 0);
  const sumCols = [...cols.values()].reduce((s, x) => s + choose2(x), 0);
  const expectedIndex = (sumRows * sumCols) / choose2(n);
  const maxIndex = (sumRows + sumCols) / 2;
  if (maxIndex === expectedIndex) return 1;
  return Math.round(((index - expectedIndex) / (maxIndex - expectedIndex)) * 10000) / 10000;
}
