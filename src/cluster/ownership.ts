import type { StranglerGraph } from "../graph/build.js";
import type { Evidence } from "../scan/facts.js";
import type { Labels } from "./louvain.js";
import { compareStrings } from "../util/sort.js";

/*
 * Who owns a table: the context that writes it (most write sites; between equal writers, the one whose
 * tables its foreign keys tie it to most), else the context of the tables its
 * foreign keys point to, else the one that reads it most; what clustering proposed only when nothing of
 * that says otherwise. A table several contexts write is a finding, a shared write, with every writer's
 * evidence. Tables people placed in contexts.yaml stay where they are.
 */

export interface SharedWrite {
  table: string;
  owner: string;
  writers: Array<{ context: string; sites: number; evidence: Evidence[] }>;
}

export function ownTables(graph: StranglerGraph, labels: Labels, pinned: Set<string>): { labels: Labels; sharedWrites: SharedWrite[]; moved: number } {
  const out: Labels = new Map(labels);
  const sharedWrites: SharedWrite[] = [];
  let moved = 0;
  const tables: string[] = [];
  graph.forEachNode((n, a) => {
    if (a.kind === "table" && labels.has(n)) tables.push(n);
  });
  tables.sort(compareStrings);

  const tally = (n: string, kind: "write" | "read") => {
    const by = new Map<string, { sites: number; evidence: Evidence[] }>();
    graph.forEachInEdge(n, (_e, x, source) => {
      if (x.kind !== kind) return;
      const ctx = labels.get(source);
      if (!ctx) return;
      const t = by.get(ctx) ?? { sites: 0, evidence: [] };
      t.sites += x.evidence.length;
      t.evidence.push(...x.evidence);
      by.set(ctx, t);
    });
    return by;
  };
  // Data anchors: foreign keys between a table and the tables of each context (order_items → orders).
  const anchors = (t: string) => {
    const by = new Map<string, number>();
    graph.forEachEdge(t, (_e, x, s, target) => {
      if (x.kind !== "fk") return;
      const other = s === t ? target : s;
      const ctx = other !== t ? labels.get(other) : undefined;
      if (ctx) by.set(ctx, (by.get(ctx) ?? 0) + 1);
    });
    return by;
  };
  let anchorOf = new Map<string, number>();
  // Equal writers: the context its foreign keys tie it to most, then where clustering put it.
  const best = (by: Map<string, { sites: number }>, current: string | undefined) =>
    [...by.entries()].sort((a, b) => b[1].sites - a[1].sites || (anchorOf.get(b[0]) ?? 0) - (anchorOf.get(a[0]) ?? 0) || (a[0] === current ? -1 : b[0] === current ? 1 : compareStrings(a[0], b[0])))[0]?.[0];

  for (const t of tables) {
    const current = labels.get(t);
    anchorOf = anchors(t);
    const writes = tally(t, "write");
    if (writes.size > 1) {
      const owner = pinned.has(t) ? current! : best(writes, current)!;
      sharedWrites.push({
        table: (graph.getNodeAttributes(t) as { name: string }).name,
        owner,
        writers: [...writes.entries()].sort((a, b) => b[1].sites - a[1].sites || compareStrings(a[0], b[0])).map(([context, w]) => ({ context, sites: w.sites, evidence: w.evidence })),
      });
    }
    if (pinned.has(t)) continue;
    let owner = best(writes, current);
    if (!owner) {
      // No writer: the context of the tables its keys point to, then its readers.
      const fk = new Map<string, { sites: number }>();
      graph.forEachOutEdge(t, (_e, x, _s, target) => {
        const ctx = x.kind === "fk" ? labels.get(target) : undefined;
        if (ctx) fk.set(ctx, { sites: (fk.get(ctx)?.sites ?? 0) + 1 });
      });
      owner = best(fk, current) ?? best(tally(t, "read"), current);
    }
    if (owner && owner !== current) {
      out.set(t, owner);
      moved++;
    }
  }
  return { labels: out, sharedWrites, moved };
}
