import type { Schedule, ScheduledItem } from "./schedule.js";
import { compareStrings } from "../util/sort.js";

/**
 * The chain of work that sets the end date, read back from the last item done: each Phase 3 link says why
 * the next could not start earlier, because it waited for that work to be done (a saga before its
 * participants) or because its stream was still busy with it; Phase 3 itself starts only after the
 * foundation, the pilot and the pilot's time in production.
 */
export interface CriticalLink {
  /** A work item id (`context:order`, `saga:order`), or `phase:foundation` / `phase:pilot` (the pilot watched in production). */
  id: string;
  /** How the next link waits for this one (null for the last link). */
  then: "done-before" | "same-stream" | "phase" | null;
  doneWeek: number;
}

export function criticalPath(s: Schedule): CriticalLink[] {
  const foundation = s.phases.find((p) => p.id === "foundation");
  const pilot = s.phases.find((p) => p.id === "pilot");
  const pilotEnd = pilot ? pilot.startWeek + pilot.weeks - 1 : foundation?.weeks ?? 0;
  const last = [...s.items].sort((a, b) => b.doneWeek - a.doneWeek || a.priority - b.priority || compareStrings(a.id, b.id))[0];
  const head: CriticalLink[] = [];
  if (foundation && foundation.weeks > 0) head.push({ id: "phase:foundation", then: "phase", doneWeek: foundation.weeks });
  const pilotItems = s.items.filter((i) => i.phase === 2).sort((a, b) => a.startWeek - b.startWeek);
  for (const p of pilotItems) head.push({ id: p.id, then: "phase", doneWeek: p.doneWeek });
  if (!last || last.phase === 2) return head.map((l, i) => ({ ...l, then: i === head.length - 1 ? null : l.then }));
  if (pilot) head.push({ id: "phase:pilot", then: "phase", doneWeek: pilotEnd });
  const tail: CriticalLink[] = [];
  let cur: ScheduledItem | undefined = last;
  let then: CriticalLink["then"] = null;
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    tail.unshift({ id: cur.id, then, doneWeek: cur.doneWeek });
    const begun: number = cur.startWeek - 1;
    if (begun <= pilotEnd) break;
    const at: ScheduledItem = cur;
    const dep: ScheduledItem | undefined = at.dependsOn.map((d) => s.items.find((i) => i.id === d)).find((d) => d !== undefined && d.doneWeek === begun);
    if (dep) {
      cur = dep;
      then = "done-before";
      continue;
    }
    cur = s.items.filter((i) => i.stream === at.stream && i.phase === 3 && i.endWeek === begun && i.id !== at.id).sort((a, b) => compareStrings(a.id, b.id))[0];
    then = "same-stream";
  }
  return [...head, ...tail];
}
