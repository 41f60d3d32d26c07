import type { Evidence } from "../scan/facts.js";

/*
 * Markdown pieces for text built in code: identifiers, paths and SQL from the scanned repository go into
 * code spans (nothing inside one formats, so nothing needs a backslash), and a table cell also escapes its
 * pipes (GitHub reads `\|` inside a code span in a table as a pipe).
 */

/** `text` as an inline code span, fenced with more backticks than it contains. */
export function code(text: string): string {
  const s = text.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" ") && s.trim() !== "") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Markdown that goes into a table cell: pipes escaped, line breaks flattened. */
export function cell(markdown: string): string {
  return markdown.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
}

/** Plain words from code outside a code span (a mermaid label is escaped elsewhere). */
export function plain(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/**
 * Evidence as code spans, a file named once for its consecutive lines: `a.ts:3`, `:9`, `b.ts:1`; at most
 * `max` places, then how many more.
 */
export function places(ev: Evidence[], more: (n: number) => string, max = 4, total = ev.length): string {
  const shown = ev.slice(0, max);
  const out: string[] = [];
  let last = "";
  for (const e of shown) {
    if (e.commit) out.push(code(`commit ${e.commit.slice(0, 10)}`));
    else out.push(code(e.file === last ? `:${e.line}` : `${e.file}:${e.line}`));
    last = e.commit ? "" : e.file;
  }
  if (total > shown.length) out.push(more(total - shown.length));
  return out.join(", ");
}

/**
 * Money as people write it in a plan (the JSON keeps the exact figures): $1.2M, $480K, $520; in Korean
 * ₩15.8억, ₩6,000만; won in English ₩362M, ₩1.6B. Below ten thousand of the unit, the exact amount.
 */
export function money(n: number, currency: "KRW" | "USD", lang: "en" | "ko" = "en"): string {
  const sign = n < 0 ? "-" : "";
  const x = Math.abs(Math.round(n));
  const one = (v: number) => v.toFixed(1).replace(/\.0$/, "");
  const group = (v: number) => Math.round(v).toLocaleString("en-US");
  if (currency === "USD") {
    if (x >= 1e9) return `${sign}$${one(x / 1e9)}B`;
    if (x >= 1e6) return `${sign}$${one(x / 1e6)}M`;
    if (x >= 1e4) return `${sign}$${group(x / 1e3)}K`;
    return `${sign}$${group(x)}`;
  }
  if (lang === "ko") {
    if (x >= 1e8) return `${sign}₩${x >= 1e11 ? group(x / 1e8) : one(x / 1e8)}억`;
    if (x >= 1e4) return `${sign}₩${group(x / 1e4)}만`;
    return `${sign}₩${group(x)}`;
  }
  if (x >= 1e9) return `${sign}₩${one(x / 1e9)}B`;
  if (x >= 1e8) return `${sign}₩${group(x / 1e6)}M`;
  if (x >= 1e5) return `${sign}₩${one(x / 1e6)}M`;
  return `${sign}₩${group(x)}`;
}

/** A range when low and high read differently once rounded: "₩3.6억~₩3.7억", "$1.1M – $1.2M". */
export function moneyRange(r: { low: number; high: number }, currency: "KRW" | "USD", lang: "en" | "ko" = "en"): string {
  const lo = money(r.low, currency, lang);
  const hi = money(r.high, currency, lang);
  return lo === hi ? lo : lang === "ko" ? `${lo}~${hi}` : `${lo} – ${hi}`;
}

/** A count with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Seconds as people say them: 0 s, 1–3 s, 1 min, 10 min, 1 h (0초, 1–3초, 1분, 10분, 1시간). */
export function duration(lag: [number, number], lang: "en" | "ko"): string {
  const one = (s: number) => {
    if (s >= 3600 && s % 3600 === 0) return lang === "ko" ? `${s / 3600}시간` : `${s / 3600} h`;
    if (s >= 60 && s % 60 === 0) return lang === "ko" ? `${s / 60}분` : `${s / 60} min`;
    return lang === "ko" ? `${s}초` : `${s} s`;
  };
  if (lag[0] === lag[1]) return one(lag[0]);
  const a = one(lag[0]);
  const b = one(lag[1]);
  const unit = (x: string) => x.replace(/^[\d.]+\s?/, "");
  const dash = lang === "ko" ? "~" : "–";
  return unit(a) === unit(b) ? `${a.replace(/\s?[^\d.]+$/, "")}${dash}${b}` : lang === "ko" ? `${a}~${b}` : `${a} – ${b}`;
}

/** Week N of the plan as a date, when it has a first day: weeks are Monday to Sunday from it. */
export function weekDate(start: string, week: number, end = false): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + (week - 1) * 7 + (end ? 6 : 0));
  return d.toISOString().slice(0, 10);
}
