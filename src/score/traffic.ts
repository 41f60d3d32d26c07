import type { TeamValues } from "../config/team-fields.js";
import type { Scoring } from "../rules/scoring.js";

/** What the team said about traffic, and the level (0..1) the priority rule "high-traffic read paths early" uses. */
export interface Traffic {
  /** DAU answered, or MAU × dauPerMau, or null when neither is. */
  dau: number | null;
  dauFrom: "dau" | "mau" | null;
  /** The peak multiple read from the traffic peaks answer ("Black Friday x10" → 10); 1 when none is given. */
  peak: number;
  /** A year's growth, % (0 when not answered). */
  growth: number;
  /** log10(DAU × peak × (1 + growth) ÷ reference) ÷ decades, between 0 and 1; 0 without DAU or MAU. */
  level: number;
}

export function trafficOf(team: TeamValues, scoring: Scoring): Traffic {
  const num = (k: string) => (typeof team[k] === "number" ? (team[k] as number) : null);
  const dauAnswer = num("business.dau");
  const mau = num("business.mau");
  const dau = dauAnswer ?? (mau !== null ? mau * scoring.traffic.dauPerMau : null);
  const peak = peakMultiple(String(team["business.trafficPeaks"] ?? ""));
  const growth = num("business.growth") ?? 0;
  const level = dau && dau > 0 ? clamp(Math.log10((dau * peak * (1 + growth / 100)) / scoring.traffic.referenceDau) / scoring.traffic.decades) : 0;
  return { dau, dauFrom: dauAnswer !== null ? "dau" : mau !== null ? "mau" : null, peak, growth, level: Math.round(level * 1000) / 1000 };
}

/** "Black Friday x10", "×3 at lunch", "10x", "평소의 5배" → the largest multiple named; 1 when none. */
export function peakMultiple(text: string): number {
  let best = 1;
  for (const m of text.matchAll(/(?:^|[^\w.])(?:x|×|\*)\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:x|×|배|times)(?![a-z])/gi)) {
    const v = Number(m[1] ?? m[2]);
    if (Number.isFinite(v) && v > best && v <= 1000) best = v;
  }
  return best;
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));
