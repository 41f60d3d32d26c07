import type { StranglerGraph } from "../../graph/build.js";
import type { Clustering } from "../../cluster/index.js";
import { project } from "../../cluster/projection.js";
import { measure, type Measurement } from "../../score/metrics.js";
import type { Weights } from "../../rules/weights.js";
import { moduleKey, tableKey } from "../../graph/model.js";

/** A partition of the graph's units and tables into named contexts: what assess proposes, or what a person moved. */
export interface Partition {
  contexts: Array<{ name: string; units: string[]; tables: string[] }>;
  /** Units set aside as infrastructure: in no context, out of the projection. */
  infrastructure: string[];
}

/**
 * The metrics of a partition, by the code `assess` measures with (cluster/projection.ts and
 * score/metrics.ts): the HTML report bundles this module, so a move made in the page is measured exactly as
 * `assess` measures the same contexts written in contexts.yaml.
 */
export function measurePartition(graph: StranglerGraph, weights: Weights, partition: Partition): { measurement: Measurement; owner: Map<string, string> } {
  const projection = project(graph, weights, new Set(partition.infrastructure.map(moduleKey)));
  const owner = new Map<string, string>();
  for (const c of partition.contexts) {
    for (const u of c.units) if (projection.hasNode(moduleKey(u))) owner.set(moduleKey(u), c.name);
    for (const t of c.tables) if (projection.hasNode(tableKey(t))) owner.set(tableKey(t), c.name);
  }
  const clustering = { contexts: partition.contexts, owner, projection } as unknown as Clustering;
  return { measurement: measure(graph, clustering, weights), owner };
}
