/**
 * The `max` items with the highest weight among all those added, in memory of `max` items: a heap whose top
 * is the weakest kept item. Among equal weights the item added first is kept, so the choice depends on the
 * input's order only, never on chance. `dropped` counts the items not kept.
 */
export class TopRows<T> {
  private readonly heap: Array<{ item: T; weight: number; seq: number }> = [];
  private seq = 0;
  dropped = 0;

  constructor(
    private readonly max: number,
    private readonly weightOf: (item: T) => number,
  ) {}

  add(item: T): void {
    const e = { item, weight: this.weightOf(item), seq: this.seq++ };
    const h = this.heap;
    if (h.length < this.max) {
      h.push(e);
      this.up(h.length - 1);
      return;
    }
    this.dropped++;
    // The new item is added last: it beats the weakest only with a strictly higher weight.
    if (h.length === 0 || e.weight <= h[0].weight) return;
    h[0] = e;
    this.down(0);
  }

  /** The kept items, in the order `compare` gives. */
  sorted(compare: (a: T, b: T) => number): T[] {
    return this.heap.map((e) => e.item).sort(compare);
  }

  /** Whether a is weaker than b: a lower weight, or the same weight added later. */
  private weaker(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.weight < y.weight || (x.weight === y.weight && x.seq > y.seq);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.weaker(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.weaker(l, m)) m = l;
      if (r < n && this.weaker(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a];
    this.heap[a] = this.heap[b];
    this.heap[b] = t;
  }
}
