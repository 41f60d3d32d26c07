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
  /** How the next link waits for this one (null for the last link): `cutover-apart`, two critical cutovers kept apart; `calendar`, a freeze or a peak (the id is then `calendar:<what>`). */
  then: "done-before" | "same-stream" | "phase" | "cutover-apart" | "calendar" | null;
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
  // The pilot's watch in production, when it runs past the pilot's own time beside the monolith.
  if (pilot && pilotEnd > Math.max(0, ...pilotItems.map((p) => p.doneWeek))) head.push({ id: "phase:pilot", then: "phase", doneWeek: pilotEnd });
  const tail: CriticalLink[] = [];
  let cur: ScheduledItem | undefined = last;
  let then: CriticalLink["then"] = null;
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    tail.unshift({ id: cur.id, then, doneWeek: cur.doneWeek });
    const at: ScheduledItem = cur;
    if (at.moved) {
      if (at.moved.because.startsWith("cutover:")) {
        const other = s.items.find((i) => i.id === `context:${at.moved!.because.slice(8)}`);
        if (other) {
          cur = other;
          then = "cutover-apart";
          continue;
        }
      }
      tail.unshift({ id: `calendar:${at.moved.because}`, then: "calendar", doneWeek: at.startWeek - 1 });
    }
    const begun: number = at.startWeek - 1 - (at.moved?.weeks ?? 0);
    if (begun <= pilotEnd) break;
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
