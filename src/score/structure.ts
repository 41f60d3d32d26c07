import type { SweepPoint } from "../cluster/sweep.js";

/**
 * Modularity under which the graph shows no modular structure to cut along. Newman and Girvan read values
 * from about 0.3 up as real community structure; below 0.1 a random graph of the same degrees does as well.
 */
export const WEAK_MODULARITY = 0.1;
/** Fewer backend units than this say too little to judge. */
const MIN_UNITS = 5;

export interface Structure {
  /** The best modularity any resolution tried reached (the chosen partition's when there was no sweep). */
  modularity: number;
  /** True when it stays under WEAK_MODULARITY: the contexts are no more than a weak suggestion. */
  weak: boolean;
}

/** How much modular structure the code and schema show, from the resolutions tried. */
export function structureOf(sweep: SweepPoint[], chosenModularity: number, units: number): Structure {
  const best = Math.max(chosenModularity, ...sweep.map((p) => p.modularity));
  return { modularity: Math.round(best * 1000) / 1000, weak: units >= MIN_UNITS && best < WEAK_MODULARITY };
}
