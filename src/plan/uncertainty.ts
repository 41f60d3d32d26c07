import { seededRng } from "../util/rng.js";
import { schedule, type CutoverGuard, type WorkItem } from "./schedule.js";

/**
 * Every duration as a P50–P90 range: the calendar is computed again `runs` times, each item's person-weeks
 * (and Phase 1's) multiplied by a factor drawn from a triangular distribution (rules/cost.yaml
 * `uncertainty`: low, mode, high), with a fixed seed, so the same plan gives the same range on every run.
 * Times in production (verification, the pilot's watch) are calendar time and do not vary.
 */
export interface UncertaintyRules {
  low: number;
  mode: number;
  high: number;
  runs: number;
  seed: number;
}

export interface WeeksRange {
  p50: number;
  p90: number;
}

export interface ScheduleRange {
  total: WeeksRange;
  /** By phase id: the phase's length in weeks. */
  phases: Record<string, WeeksRange>;
  /** By work item id: the week it is done. */
  done: Record<string, WeeksRange>;
}

export interface ScheduleInputs {
  foundationPersonWeeks: number;
  foundationPeople: number;
  pilot: WorkItem[];
  observeWeeks: number;
  rest: WorkItem[];
  streams: number;
  squad: number;
  guard?: CutoverGuard;
}

export function foundationWeeksOf(personWeeks: number, people: number): number {
  return personWeeks > 0 ? Math.ceil(personWeeks / Math.max(1, people)) : 0;
}

export function scheduleRange(inp: ScheduleInputs, u: UncertaintyRules): ScheduleRange {
  const rng = seededRng(u.seed);
  const draw = () => {
    // Inverse CDF of the triangular distribution.
    const x = rng();
    const { low: a, mode: c, high: b } = u;
    if (b <= a) return c;
    const f = (c - a) / (b - a);
    return x < f ? a + Math.sqrt(x * (b - a) * (c - a)) : b - Math.sqrt((1 - x) * (b - a) * (b - c));
  };
  const runs = Math.max(1, Math.round(u.runs));
  const totals: number[] = [];
  const phases = new Map<string, number[]>();
  const done = new Map<string, number[]>();
  const vary = (w: WorkItem): WorkItem => ({ ...w, buildWeeks: Math.max(1, Math.ceil((w.personWeeks * draw()) / Math.max(1, inp.squad))) });
  for (let i = 0; i < runs; i++) {
    const fw = foundationWeeksOf(inp.foundationPersonWeeks * draw(), inp.foundationPeople);
    const s = schedule(fw, inp.pilot.map(vary), inp.observeWeeks, inp.rest.map(vary), inp.streams, inp.guard);
    totals.push(s.totalWeeks);
    for (const p of s.phases) (phases.get(p.id) ?? phases.set(p.id, []).get(p.id)!).push(p.weeks);
    for (const it of s.items) (done.get(it.id) ?? done.set(it.id, []).get(it.id)!).push(it.doneWeek);
  }
  const range = (xs: number[]): WeeksRange => ({ p50: percentile(xs, 0.5), p90: percentile(xs, 0.9) });
  return {
    total: range(totals),
    phases: Object.fromEntries([...phases].map(([k, v]) => [k, range(v)])),
    done: Object.fromEntries([...done].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, range(v)])),
  };
}

/** The nearest-rank percentile. */
export function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
