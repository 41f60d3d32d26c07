import { compareStrings } from "../util/sort.js";

/**
 * The calendar in weeks: Phase 1 (the foundation) by the platform team and one squad, Phase 2 the pilot on
 * one stream followed by a month in production before anything else leaves, Phase 3 every other piece of
 * work on the team's parallel streams. An item starts when a stream is free and what it depends on is
 * done (built and verified beside the monolith): a saga's orchestration before any of its participants
 * leaves. Among the items that can start, the one that can start soonest goes first, then the extraction
 * order.
 */
export interface WorkItem {
  id: string;
  kind: "context" | "saga";
  /** The context extracted, or whose sagas are orchestrated. */
  context: string;
  personWeeks: number;
  /** Weeks of build on one stream. */
  buildWeeks: number;
  /** Weeks it then runs beside the monolith (shadow or canary) before it counts as done. */
  verifyWeeks: number;
  dependsOn: string[];
  /** Lower goes first among items that can start at the same time (the extraction order). */
  priority: number;
}

export interface ScheduledItem extends WorkItem {
  phase: 2 | 3;
  stream: number;
  /** First week of build, 1-based. */
  startWeek: number;
  /** Last week of build. */
  endWeek: number;
  /** Last week of verification: when it counts as done. */
  doneWeek: number;
  /** Started later than it could: its cutover would have met a freeze, a peak or another critical cutover. */
  moved?: { weeks: number; because: string };
}

/**
 * The calendar's rule for critical contexts: their cutover (the weeks they run beside the monolith) may not
 * touch a blocked week (a freeze, the two weeks before a peak) nor another critical cutover.
 */
export interface CutoverGuard {
  critical: Set<string>;
  /** The name of what blocks this 1-based week, or null. */
  blocked: (week: number) => string | null;
}

export interface Phase {
  id: "foundation" | "pilot" | "extraction";
  number: 1 | 2 | 3;
  startWeek: number;
  weeks: number;
  streams: number;
  contexts: string[];
}

export interface Schedule {
  phases: Phase[];
  items: ScheduledItem[];
  totalWeeks: number;
}

export function schedule(foundationWeeks: number, pilot: WorkItem[], observeWeeks: number, rest: WorkItem[], streams: number, guard?: CutoverGuard): Schedule {
  const items: ScheduledItem[] = [];
  const done = new Map<string, number>(); // id → 0-based week after its verification
  const windows: Array<[number, number, string]> = []; // critical cutovers placed: first and last week
  /** The first start ≥ `start` whose cutover meets nothing blocked, and what moved it. */
  const place = (w: WorkItem, start: number): { start: number; moved?: { weeks: number; because: string } } => {
    if (!guard || !guard.critical.has(w.id)) return { start };
    let s = start;
    let because = "";
    for (let guardCount = 0; guardCount < 520; guardCount++) {
      const from = s + w.buildWeeks + 1;
      const to = s + w.buildWeeks + Math.max(1, w.verifyWeeks);
      let hit: string | null = null;
      for (let wk = from; wk <= to && !hit; wk++) hit = guard.blocked(wk);
      if (!hit) {
        const other = windows.find(([a, b]) => a <= to && b >= from);
        if (other) hit = other[2];
      }
      if (!hit) break;
      because ||= hit;
      s++;
    }
    windows.push([s + w.buildWeeks + 1, s + w.buildWeeks + Math.max(1, w.verifyWeeks), `cutover:${w.context}`]);
    return s > start ? { start: s, moved: { weeks: s - start, because } } : { start };
  };
  // Phase 2: the pilot (and whatever it must wait for) on one stream, one after the other.
  let t = foundationWeeks;
  for (const w of pilot) {
    const placed = place(w, Math.max(t, ...w.dependsOn.map((d) => done.get(d) ?? 0)));
    const start = placed.start;
    const end = start + w.buildWeeks;
    items.push({ ...w, phase: 2, stream: 1, startWeek: start + 1, endWeek: end, doneWeek: end + w.verifyWeeks, ...(placed.moved ? { moved: placed.moved } : {}) });
    done.set(w.id, end + w.verifyWeeks);
    t = end;
  }
  const pilotEnd = pilot.length ? Math.max(t + observeWeeks, ...items.map((i) => i.doneWeek)) : foundationWeeks;
  // Phase 3: list scheduling on the streams.
  const free = Array.from({ length: Math.max(1, streams) }, () => pilotEnd);
  const pending = [...rest].sort((a, b) => a.priority - b.priority || compareStrings(a.id, b.id));
  const known = new Set([...pending.map((p) => p.id), ...done.keys()]);
  while (pending.length) {
    const ready = pending.filter((w) => w.dependsOn.every((d) => done.has(d) || !known.has(d)));
    if (ready.length === 0) throw new Error(`schedule: circular dependency among ${pending.map((p) => p.id).join(", ")}`);
    const stream = free.indexOf(Math.min(...free));
    const startOf = (w: WorkItem) => {
      let s = free[stream];
      for (const d of w.dependsOn) s = Math.max(s, done.get(d) ?? 0);
      return s;
    };
    // The item that can start soonest, then the lowest priority; the first of equals in the pending order.
    let next = ready[0];
    let nextStart = startOf(next);
    for (let k = 1; k < ready.length; k++) {
      const w = ready[k];
      const s = startOf(w);
      if (s < nextStart || (s === nextStart && w.priority < next.priority)) {
        next = w;
        nextStart = s;
      }
    }
    const placed = place(next, nextStart);
    const start = placed.start;
    const end = start + next.buildWeeks;
    items.push({ ...next, phase: 3, stream: stream + 1, startWeek: start + 1, endWeek: end, doneWeek: end + next.verifyWeeks, ...(placed.moved ? { moved: placed.moved } : {}) });
    done.set(next.id, end + next.verifyWeeks);
    free[stream] = end;
    pending.splice(pending.indexOf(next), 1);
  }
  const total = Math.max(pilotEnd, ...items.map((i) => i.doneWeek));
  const ctxOf = (phase: 2 | 3) => [...new Set(items.filter((i) => i.phase === phase && i.kind === "context").map((i) => i.context))];
  const phases: Phase[] = [{ id: "foundation", number: 1, startWeek: 1, weeks: foundationWeeks, streams: 1, contexts: [] }];
  if (pilot.length) phases.push({ id: "pilot", number: 2, startWeek: foundationWeeks + 1, weeks: pilotEnd - foundationWeeks, streams: 1, contexts: ctxOf(2) });
  if (rest.length) phases.push({ id: "extraction", number: 3, startWeek: pilotEnd + 1, weeks: total - pilotEnd, streams: Math.min(Math.max(1, streams), rest.length), contexts: ctxOf(3) });
  return { phases, items: items.sort((a, b) => a.startWeek - b.startWeek || a.stream - b.stream), totalWeeks: total };
}
