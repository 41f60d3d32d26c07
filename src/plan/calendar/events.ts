import { KOREAN_LUNAR } from "./korean-lunar.js";

/**
 * Freeze periods and traffic peaks over a plan's years: the defaults of the market the team names (Korea:
 * Seollal and Chuseok, each the day before to the day after; commerce: Black Friday, the day after the fourth
 * Thursday of November, and 11.11), and those strangler.yaml lists (`calendar.freezes`:
 * "YYYY-MM-DD..YYYY-MM-DD name", `calendar.peaks`: "YYYY-MM-DD name"). No cutover of a critical context may
 * run in a freeze, or in the two weeks before a peak.
 */
export interface CalendarEvent {
  kind: "freeze" | "peak";
  name: string;
  /** First and last day (a peak: its day, both). */
  from: string;
  to: string;
  source: "market" | "answer";
}

export const PEAK_LEAD_DAYS = 14;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const at = (d: string) => Date.parse(`${d}T00:00:00Z`);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const valid = (d: string) => DATE.test(d) && Number.isFinite(at(d)) && iso(at(d)) === d;

export function marketEvents(market: string | null, sector: string | null, years: number[]): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (const y of years) {
    if (market === "KR" && KOREAN_LUNAR[y]) {
      const [seollal, chuseok] = KOREAN_LUNAR[y];
      out.push({ kind: "freeze", name: "Seollal", from: iso(at(seollal) - DAY), to: iso(at(seollal) + DAY), source: "market" });
      out.push({ kind: "freeze", name: "Chuseok", from: iso(at(chuseok) - DAY), to: iso(at(chuseok) + DAY), source: "market" });
    }
    if (sector === "commerce") {
      const nov1 = new Date(Date.UTC(y, 10, 1)).getUTCDay();
      const thanksgiving = 1 + ((4 - nov1 + 7) % 7) + 21;
      const bf = iso(Date.UTC(y, 10, thanksgiving + 1));
      out.push({ kind: "peak", name: "Black Friday", from: bf, to: bf, source: "market" });
      out.push({ kind: "peak", name: "11.11", from: `${y}-11-11`, to: `${y}-11-11`, source: "market" });
    }
  }
  return out;
}

/** The team's own freezes and peaks; entries that do not read are returned apart, to be said. */
export function answeredEvents(freezes: string[], peaks: string[]): { events: CalendarEvent[]; unread: string[] } {
  const events: CalendarEvent[] = [];
  const unread: string[] = [];
  for (const f of freezes) {
    const m = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*(.*)$/.exec(f.trim());
    if (m && valid(m[1]) && valid(m[2]) && m[1] <= m[2]) events.push({ kind: "freeze", name: m[3].trim() || "freeze", from: m[1], to: m[2], source: "answer" });
    else unread.push(f);
  }
  for (const p of peaks) {
    const m = /^(\d{4}-\d{2}-\d{2})\s*(.*)$/.exec(p.trim());
    if (m && valid(m[1])) events.push({ kind: "peak", name: m[2].trim() || "peak", from: m[1], to: m[1], source: "answer" });
    else unread.push(p);
  }
  return { events, unread };
}

/**
 * Per 1-based week of a plan starting on `start`, the event that forbids a critical cutover in it: a freeze
 * touching the week, or a peak within the week or the two weeks after it.
 */
export function blockerOf(start: string, events: CalendarEvent[]): (week: number) => CalendarEvent | null {
  const s = at(start);
  return (week: number) => {
    const from = s + (week - 1) * 7 * DAY;
    const to = from + 6 * DAY;
    for (const e of events) {
      const a = at(e.from) - (e.kind === "peak" ? PEAK_LEAD_DAYS * DAY : 0);
      const b = at(e.to);
      if (a <= to && b >= from) return e;
    }
    return null;
  };
}

export function sortEvents(events: CalendarEvent[]): CalendarEvent[] {
  return [...events].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
