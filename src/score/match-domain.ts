import type { Domain } from "../rules/domains.js";

/**
 * Which contexts a team's answer names: `결제`, `payment, catalog`, `checkout 서비스`, `결제와 배송`. A word
 * names a context by its own name, or through the domain vocabulary of rules/domains.yaml (English and
 * Korean): an English word whole (or its plural), a Korean word inside a word, so a particle attached to it
 * (`결제가`, `배송과`) still matches. The longest matching vocabulary word decides (`결제진행` is order's,
 * not payment's `결제`).
 */
export function contextsNamed(answer: string | string[], contexts: Array<{ name: string; domain: string | null }>, domains: Domain[]): Array<{ context: string; word: string }> {
  const text = Array.isArray(answer) ? answer.join(",") : answer;
  const tokens = text.toLowerCase().split(/[\s,;/|·+&]+|\band\b|\bor\b/).map((t) => t.trim()).filter(Boolean);
  const out = new Map<string, string>();
  for (const token of tokens) {
    const byName = contexts.find((c) => c.name.toLowerCase() === token);
    if (byName) {
      out.set(byName.name, token);
      continue;
    }
    let best: { domain: string; length: number } | null = null;
    for (const d of domains) {
      for (const w of [d.name, ...d.words]) {
        const hangul = /[\uac00-\ud7a3]/.test(w);
        const hit = hangul ? token.includes(w) : token === w || token === `${w}s` || token === `${w}es`;
        if (hit && (!best || w.length > best.length)) best = { domain: d.name, length: w.length };
      }
    }
    if (!best) continue;
    for (const c of contexts) if (c.domain === best.domain && !out.has(c.name)) out.set(c.name, token);
  }
  return [...out].map(([context, word]) => ({ context, word })).sort((a, b) => (a.context < b.context ? -1 : a.context > b.context ? 1 : 0));
}
