import type { Crossing } from "../../../score/metrics.js";
import type { State } from "./state.js";
import { kindWord, type Words } from "./i18n.js";
import { el } from "./dom.js";

/** The file:line evidence of crossings, one line each (at most `max`, with how many more). */
export function evidenceList(crossings: Crossing[], lang: string, max = 200): HTMLElement {
  const list = el("ul", { class: "evidence" });
  let n = 0;
  for (const x of crossings) {
    for (const e of x.evidence) {
      if (n++ >= max) continue;
      list.appendChild(el("li", {}, el("span", { class: "kind" }, kindWord(lang, x.kind)), " ", el("code", {}, `${e.file}:${e.line}`), " ", el("span", { class: "dim" }, `${x.from} → ${x.to}`)));
    }
  }
  if (n > max) list.appendChild(el("li", { class: "dim" }, `… ${n - max}`));
  return list;
}

const METRIC_KEYS = ["units", "tables", "loc", "cohesion", "coupling", "interfaces", "crossJoins", "crossForeignKeys", "crossTransactions", "foreignTableAccess", "inboundTableAccess", "tableEntropy"] as const;

/** The extraction order of the contexts on the page, with each one's move since the start. */
export function orderTable(s: State, w: Words): HTMLElement {
  const before = new Map(s.initialOrder.map((o) => [o.name, o]));
  const t = el("table", { id: "order", class: "metrics" }, el("tr", {}, el("th", {}, w.rank), el("th", {}, w.contexts), el("th", {}, w.difficulty), el("th", {}, w.risk)));
  for (const o of s.order) {
    const b = before.get(o.name);
    const moved = b ? (b.rank === o.rank ? "" : ` (${b.rank}→${o.rank})`) : " (+)";
    const dd = b && b.difficulty !== o.difficulty ? ` (${b.difficulty}→${o.difficulty})` : "";
    t.appendChild(el("tr", { "data-context": o.name }, el("td", { class: "rank" }, `${o.rank}${moved}`), el("td", {}, o.name), el("td", { class: "difficulty" }, `${o.difficulty}${dd}`), el("td", { class: "risk" }, String(o.risk))));
  }
  return t;
}

/** A context's detail: metrics, order, units, tables and each crossing with its evidence. */
export function contextDetail(s: State, name: string, w: Words, onPick: (item: { kind: "unit" | "table"; name: string }) => void): HTMLElement {
  const c = s.partition.contexts.find((x) => x.name === name);
  const m = s.measurement.contexts[name];
  const box = el("div", { id: "detail", "data-context": name });
  box.appendChild(el("h2", {}, name));
  if (!c || !m) return box;
  const planned = s.order.find((o) => o.name === name);
  const rows = el("table", { class: "metrics" });
  for (const k of METRIC_KEYS) rows.appendChild(el("tr", { "data-metric": k }, el("th", {}, (w as Record<string, string>)[k] ?? k), el("td", {}, String(m[k]))));
  if (planned) {
    rows.appendChild(el("tr", { "data-metric": "rank" }, el("th", {}, w.rank), el("td", {}, String(planned.rank))));
    rows.appendChild(el("tr", { "data-metric": "difficulty" }, el("th", {}, w.difficulty), el("td", {}, String(planned.difficulty))));
    rows.appendChild(el("tr", { "data-metric": "risk" }, el("th", {}, w.risk), el("td", {}, String(planned.risk))));
  }
  box.appendChild(el("h3", {}, w.metrics));
  box.appendChild(rows);
  const itemList = (kind: "unit" | "table", names: string[]) => {
    const ul = el("ul", { class: `items ${kind}s` });
    for (const n of names) {
      const pick = el("input", { type: "checkbox", "data-kind": kind, "data-name": n, class: "pick" });
      const link = el("a", { href: "#", class: "item", "data-kind": kind, "data-name": n }, n);
      link.addEventListener("click", (ev) => {
        ev.preventDefault();
        onPick({ kind, name: n });
      });
      ul.appendChild(el("li", {}, pick, " ", link));
    }
    return ul;
  };
  box.appendChild(el("h3", {}, `${w.units} (${c.units.length})`));
  box.appendChild(itemList("unit", c.units));
  box.appendChild(el("h3", {}, `${w.tables} (${c.tables.length})`));
  box.appendChild(itemList("table", c.tables));
  const mine = s.pairs.filter((p) => p.a === name || p.b === name);
  box.appendChild(el("h3", {}, `${w.crossings} (${mine.length})`));
  for (const p of mine) {
    const other = p.a === name ? p.b : p.a;
    const kinds = Object.entries(p.byKind).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${kindWord(s.model.lang, k)} ${n}`).join(", ");
    const d = el("details", { class: "crossing", "data-with": other }, el("summary", {}, el("b", {}, other), ` — ${kinds}`));
    d.appendChild(evidenceList(p.crossings, s.model.lang));
    box.appendChild(d);
  }
  return box;
}
