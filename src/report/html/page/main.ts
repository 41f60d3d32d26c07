import type { ReportModel } from "../model.js";
import { byId, clear, el } from "./dom.js";
import { wordsFor } from "./i18n.js";
import { contextOf, exportYaml, loadState, mergeContexts, moveItem, remeasure, splitContext, clonePartition, type State } from "./state.js";
import { createMap, type MapView } from "./map.js";
import { contextDetail, orderTable } from "./panel.js";
import { renderMatrix } from "./matrix.js";
import { renderTimeline } from "./timeline.js";
import { renderTrend } from "./trend.js";

/** Edges drawn on the map before the reader asks for more. */
const DEFAULT_EDGES = 20;

performance.mark("strangler:start");
const model = JSON.parse(byId("strangler-data").textContent ?? "{}") as ReportModel;
performance.mark("strangler:parsed");
const w = wordsFor(model.lang);
const state: State = loadState(model);
performance.mark("strangler:measured");
let selected: string | null = null;
let edgesShown = Math.min(DEFAULT_EDGES, state.pairs.length);
let query = "";

document.title = `${w.title}: ${model.repo}`;
byId("repo").textContent = model.repo;
for (const id of ["map", "matrix", "timeline", "trend"] as const) byId(`tab-${id}`).textContent = w[id];

// The map's renderer (WebGL) is made after the first paint: the figures and lists show at once.
let map: MapView | null = null;

const OVERALL = ["contexts", "crossJoins", "crossForeignKeys", "crossTransactions", "foreignTableAccess", "crossImports", "icp", "modularity"] as const;

function renderOverall(): void {
  const box = byId("overall");
  clear(box);
  for (const k of OVERALL) {
    const now = state.measurement.overall[k];
    const before = state.initial.overall[k];
    const delta = Math.round((now - before) * 10000) / 10000;
    box.appendChild(el("div", { class: "metric", "data-metric": k }, el("span", { class: "value" }, String(now)), delta ? el("span", { class: delta > 0 ? "up delta" : "down delta" }, ` (${delta > 0 ? "+" : ""}${delta})`) : null, el("span", { class: "label" }, w[k])));
  }
}

function matches(name: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  const c = state.partition.contexts.find((x) => x.name === name);
  return !!c && (name.toLowerCase().includes(q) || c.units.some((u) => u.toLowerCase().includes(q)) || c.tables.some((t) => t.toLowerCase().includes(q)));
}

function renderList(): void {
  const list = byId("context-list");
  clear(list);
  for (const c of state.partition.contexts) {
    if (!matches(c.name)) continue;
    const b = el("button", { class: c.name === selected ? "ctx on" : "ctx", "data-context": c.name }, c.name);
    b.addEventListener("click", () => select(c.name));
    list.appendChild(b);
  }
}

function renderEdgesControl(): void {
  const input = byId<HTMLInputElement>("edges");
  input.max = String(state.pairs.length);
  input.value = String(edgesShown);
  byId("edges-label").textContent = `${w.edgesShown}: ${edgesShown} ${w.of} ${state.pairs.length} (${w.heaviestFirst})`;
}

function renderWhatIf(): void {
  const box = byId("whatif");
  clear(box);
  box.appendChild(el("h2", {}, w.whatIf));
  const names = state.partition.contexts.map((c) => c.name);
  const options = (sel: HTMLSelectElement, list: string[]) => list.forEach((n) => sel.appendChild(el("option", { value: n }, n)));
  // Move: any unit or table (typed or picked from a context's list) to a context.
  const item = el("input", { id: "move-item", list: "all-items", placeholder: `${w.units} / ${w.tables}` });
  const items = el("datalist", { id: "all-items" });
  for (const c of state.partition.contexts) {
    for (const u of c.units) items.appendChild(el("option", { value: u }));
    for (const t of c.tables) items.appendChild(el("option", { value: t }));
  }
  const to = el("select", { id: "move-to" });
  options(to, names);
  const move = el("button", { id: "move-apply" }, w.apply);
  move.addEventListener("click", () => {
    const name = item.value;
    const kind = state.partition.contexts.some((c) => c.units.includes(name)) ? "unit" : state.partition.contexts.some((c) => c.tables.includes(name)) ? "table" : null;
    if (!kind || contextOf(state, { kind, name }) === to.value) return;
    moveItem(state, { kind, name }, to.value);
    refresh();
  });
  box.appendChild(el("p", {}, `${w.move} `, item, items, ` ${w.to} `, to, " ", move));
  if (selected) {
    const into = el("select", { id: "merge-into" });
    options(into, names.filter((n) => n !== selected));
    const merge = el("button", { id: "merge-apply" }, w.apply);
    merge.addEventListener("click", () => {
      const from = selected!;
      mergeContexts(state, from, into.value);
      select(into.value);
    });
    box.appendChild(el("p", {}, `${selected}: ${w.merge} `, into, " ", merge));
    const newName = el("input", { id: "split-name", value: `${selected}-2` });
    const split = el("button", { id: "split-apply" }, w.apply);
    split.addEventListener("click", () => {
      const picked = [...document.querySelectorAll<HTMLInputElement>("#detail input.pick:checked")];
      const units = picked.filter((p) => p.dataset.kind === "unit").map((p) => p.dataset.name!);
      const tables = picked.filter((p) => p.dataset.kind === "table").map((p) => p.dataset.name!);
      if (!units.length && !tables.length) return;
      splitContext(state, selected!, units, tables, newName.value.trim());
      refresh();
    });
    box.appendChild(el("p", {}, `${w.split} `, newName, " ", split));
  }
  const reset = el("button", { id: "reset" }, w.reset);
  reset.addEventListener("click", () => {
    state.partition = clonePartition(model.partition);
    state.moves = [];
    remeasure(state);
    refresh();
  });
  const exp = el("button", { id: "export" }, w.exportYaml);
  const text = el("textarea", { id: "export-text", readonly: "", rows: "8" });
  exp.addEventListener("click", () => {
    const yaml = exportYaml(state);
    text.value = yaml;
    const a = el("a", { href: URL.createObjectURL(new Blob([yaml], { type: "text/yaml" })), download: "contexts.yaml" });
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  box.appendChild(el("p", {}, reset, " ", exp));
  box.appendChild(el("p", { id: "moves", class: "dim" }, `${w.moved}: ${state.moves.length ? state.moves.join("; ") : w.none}`));
  box.appendChild(text);
  box.appendChild(el("h3", {}, w.orderTitle));
  box.appendChild(orderTable(state, w));
}

function renderDetail(): void {
  const box = byId("side-detail");
  clear(box);
  if (!state.partition.contexts.length) {
    box.appendChild(el("p", { id: "no-contexts" }, w.noContexts));
    return;
  }
  if (!selected || !state.partition.contexts.some((c) => c.name === selected)) {
    selected = null;
    box.appendChild(el("p", { class: "dim" }, w.select));
    return;
  }
  box.appendChild(
    contextDetail(state, selected, w, (it) => {
      byId<HTMLInputElement>("move-item").value = it.name;
    }),
  );
}

function refresh(): void {
  edgesShown = Math.min(Math.max(edgesShown, 0), state.pairs.length);
  renderOverall();
  renderList();
  renderEdgesControl();
  renderDetail();
  renderWhatIf();
  map?.update(state, edgesShown, selected, matches);
  // The matrices are drawn when shown: a large repo's tables × contexts is thousands of cells.
  if (!byId("view-matrix").hidden) renderMatrix(byId("view-matrix"), state, w);
}

function select(name: string): void {
  selected = name;
  refresh();
}

byId<HTMLInputElement>("search").placeholder = w.search;
byId<HTMLInputElement>("search").addEventListener("input", (e) => {
  query = (e.target as HTMLInputElement).value.trim();
  const hits = state.partition.contexts.filter((c) => matches(c.name));
  if (query && hits.length === 1) selected = hits[0].name;
  refresh();
});
byId<HTMLInputElement>("edges").addEventListener("input", (e) => {
  edgesShown = Number((e.target as HTMLInputElement).value);
  refresh();
});
for (const tab of ["map", "matrix", "timeline", "trend"]) {
  byId(`tab-${tab}`).addEventListener("click", () => {
    for (const t of ["map", "matrix", "timeline", "trend"]) {
      byId(`view-${t}`).hidden = t !== tab;
      byId(`tab-${t}`).classList.toggle("on", t === tab);
    }
    if (tab === "map") map?.update(state, edgesShown, selected, matches);
    if (tab === "matrix") renderMatrix(byId("view-matrix"), state, w);
  });
}
renderTimeline(byId("view-timeline"), model.timeline, w);
renderTrend(byId("view-trend"), model.trend, w);
refresh();
performance.mark("strangler:drawn");
requestAnimationFrame(() =>
  setTimeout(() => {
    map = createMap(byId("map-canvas"), (name) => select(name));
    map.update(state, edgesShown, selected, matches);
    performance.mark("strangler:map");
    document.body.dataset.renderer = map.renderer;
    document.body.dataset.ready = "true";
    (window as unknown as { stranglerReport: unknown }).stranglerReport = { positionOf: (n: string) => map!.positionOf(n), renderer: map.renderer };
  }, 0),
);
