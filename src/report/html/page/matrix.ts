import type { Crossing } from "../../../score/metrics.js";
import type { State } from "./state.js";
import { kindGroup } from "./state.js";
import { kindWord, type Words } from "./i18n.js";
import { clear, el, shade } from "./dom.js";
import { evidenceList } from "./panel.js";
import { isAccessKind } from "../../../graph/model.js";

const KINDS = ["all", "join", "fk", "tx", "access", "import", "view", "cochange"];

/** Dependency structure matrices: contexts × contexts by kind, and tables × contexts (owner, readers, writers). */
export function renderMatrix(root: HTMLElement, s: State, w: Words): void {
  clear(root);
  const names = s.partition.contexts.map((c) => c.name);
  const evidence = el("div", { id: "matrix-evidence", class: "panel" }, w.clickCell);
  const kindSel = el("select", { id: "matrix-kind" });
  for (const k of KINDS) kindSel.appendChild(el("option", { value: k }, k === "all" ? w.all : kindWord(s.model.lang, k)));
  const sortSel = el("select", { id: "matrix-sort" }, el("option", { value: "name" }, w.name), el("option", { value: "total" }, w.total));
  const holder = el("div", { class: "scroll" });
  const draw = () => {
    const kind = kindSel.value;
    const cell = new Map<string, Crossing[]>();
    const count = new Map<string, number>();
    for (const x of s.measurement.crossings) {
      if (kind !== "all" && kindGroup(x.kind) !== kind) continue;
      const key = `${x.fromContext}\u0000${x.toContext}`;
      (cell.get(key) ?? cell.set(key, []).get(key)!).push(x);
      count.set(key, (count.get(key) ?? 0) + x.occurrences);
    }
    const max = Math.max(1, ...count.values());
    const rowTotal = (n: string) => names.reduce((t, m) => t + (count.get(`${n}\u0000${m}`) ?? 0), 0);
    const rows = sortSel.value === "total" ? [...names].sort((a, b) => rowTotal(b) - rowTotal(a) || (a < b ? -1 : 1)) : names;
    const table = el("table", { class: "dsm", id: "dsm-contexts" });
    const head = el("tr", {}, el("th", {}, ""));
    names.forEach((n, i) => head.appendChild(el("th", { title: n, class: "col" }, el("span", {}, `${i + 1}. ${n}`))));
    table.appendChild(head);
    for (const r of rows) {
      const tr = el("tr", {}, el("th", { class: "row" }, `${names.indexOf(r) + 1}. ${r}`));
      for (const c of names) {
        const n = count.get(`${r}\u0000${c}`) ?? 0;
        const td = el("td", { "data-from": r, "data-to": c, class: r === c ? "diag" : "" }, n ? String(n) : "");
        if (n) {
          td.style.background = shade(n / max);
          td.addEventListener("click", () => {
            clear(evidence);
            evidence.appendChild(el("h3", {}, `${r} → ${c}`));
            evidence.appendChild(evidenceList(cell.get(`${r}\u0000${c}`) ?? [], s.model.lang));
          });
        }
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    clear(holder);
    holder.appendChild(table);
  };
  kindSel.addEventListener("change", draw);
  sortSel.addEventListener("change", draw);
  root.appendChild(el("h2", {}, w.contextsByContexts));
  root.appendChild(el("p", {}, `${w.kind} `, kindSel, ` ${w.sortBy} `, sortSel));
  root.appendChild(holder);
  draw();

  // Tables × contexts: who owns, reads and writes each table.
  root.appendChild(el("h2", {}, w.tablesByContexts));
  const ownerOf = new Map<string, string>();
  for (const c of s.partition.contexts) for (const t of c.tables) ownerOf.set(t, c.name);
  const contextOfUnit = new Map<string, string>();
  for (const c of s.partition.contexts) for (const u of c.units) contextOfUnit.set(u, c.name);
  const access = new Map<string, { read: number; write: number; evidence: Crossing[] }>();
  s.graph.forEachEdge((_k, a, source, target) => {
    if (!isAccessKind(a.kind)) return;
    const sa = s.graph.getNodeAttributes(source);
    const ta = s.graph.getNodeAttributes(target);
    if (sa.kind !== "module" || ta.kind !== "table") return;
    const ctx = contextOfUnit.get(sa.path);
    if (!ctx) return;
    const key = `${ta.name}\u0000${ctx}`;
    const e = access.get(key) ?? { read: 0, write: 0, evidence: [] };
    if (a.kind === "write") e.write += a.evidence.length;
    else e.read += a.evidence.length;
    e.evidence.push({ kind: a.kind, from: sa.path, to: ta.name, fromContext: ctx, toContext: ownerOf.get(ta.name) ?? "", weight: 0, occurrences: a.evidence.length, evidence: a.evidence });
    access.set(key, e);
  });
  const tables = [...ownerOf.keys()].sort();
  const tmax = Math.max(1, ...[...access.values()].map((x) => x.read + x.write));
  const t2 = el("table", { class: "dsm", id: "dsm-tables" });
  const h2 = el("tr", {}, el("th", {}, ""));
  names.forEach((n, i) => h2.appendChild(el("th", { title: n, class: "col" }, el("span", {}, `${i + 1}. ${n}`))));
  t2.appendChild(h2);
  for (const t of tables) {
    const tr = el("tr", {}, el("th", { class: "row" }, t));
    for (const c of names) {
      const a = access.get(`${t}\u0000${c}`);
      const mark = `${ownerOf.get(t) === c ? "O" : ""}${a?.read ? "R" : ""}${a?.write ? "W" : ""}`;
      const td = el("td", { "data-table": t, "data-context": c, class: ownerOf.get(t) === c ? "own" : "" }, mark);
      if (a) {
        td.style.background = shade((a.read + a.write) / tmax);
        td.addEventListener("click", () => {
          clear(evidence);
          evidence.appendChild(el("h3", {}, `${c} → ${t}`));
          evidence.appendChild(evidenceList(a.evidence, s.model.lang));
        });
      }
      tr.appendChild(td);
    }
    t2.appendChild(tr);
  }
  root.appendChild(el("div", { class: "scroll" }, t2));
  root.appendChild(evidence);
}
