import type { ReportModel } from "../model.js";
import type { Words } from "./i18n.js";
import { clear, el, svg } from "./dom.js";

const PHASE_COLOURS: Record<number, string> = { 1: "#9c755f", 2: "#59a14f", 3: "#4e79a7" };

/** The roadmap as a Gantt chart: build weeks, the weeks beside the monolith, the P50–P90 band of the done week, the cutover gate. */
export function renderTimeline(root: HTMLElement, t: ReportModel["timeline"], w: Words): void {
  clear(root);
  root.appendChild(el("h2", {}, w.timeline));
  if (!t.rows.length) {
    root.appendChild(el("p", {}, w.noPlan));
    return;
  }
  const weeks = Math.max(t.totalWeeks, t.total?.p90 ?? 0, ...t.rows.map((r) => Math.max(r.done, r.p90 ?? 0)));
  const left = 220;
  const rowH = 22;
  const W = Math.max(700, left + weeks * 14 + 40);
  const H = 40 + t.rows.length * rowH + 30;
  const x = (week: number) => left + ((week - 1) / Math.max(1, weeks)) * (W - left - 30);
  const root2 = svg("svg", { width: W, height: H, id: "gantt", viewBox: `0 0 ${W} ${H}` });
  for (const p of t.phases) {
    root2.appendChild(svg("rect", { x: x(p.start), y: 20, width: Math.max(1, x(p.start + p.weeks) - x(p.start)), height: H - 40, fill: PHASE_COLOURS[p.number] ?? "#ccc", opacity: 0.08 }));
    root2.appendChild(svg("text", { x: x(p.start) + 3, y: 14, class: "phase" }, `${w.phase} ${p.number}`));
  }
  for (let wk = 1; wk <= weeks; wk += Math.max(1, Math.ceil(weeks / 20))) root2.appendChild(svg("text", { x: x(wk), y: H - 8, class: "tick" }, String(wk)));
  t.rows.forEach((r, i) => {
    const y = 30 + i * rowH;
    const g = svg("g", { class: `row ${r.kind}`, "data-label": r.label });
    g.appendChild(svg("text", { x: 4, y: y + 14, class: "label" }, r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label));
    g.appendChild(svg("rect", { x: x(r.start), y: y + 3, width: Math.max(3, x(r.end + 1) - x(r.start)), height: rowH - 8, fill: PHASE_COLOURS[r.phase] ?? "#999", rx: 2 }, svg("title", {}, `${r.label}: ${w.weeks} ${r.start}–${r.end}, ${w.week} ${r.done}`)));
    if (r.done > r.end) g.appendChild(svg("line", { x1: x(r.end + 1), x2: x(r.done + 1), y1: y + rowH / 2 - 1, y2: y + rowH / 2 - 1, stroke: PHASE_COLOURS[r.phase] ?? "#999", "stroke-dasharray": "3 2" }));
    if (r.p50 !== null && r.p90 !== null) g.appendChild(svg("rect", { class: "band", x: x(r.p50 + 1), y: y + 1, width: Math.max(2, x(r.p90 + 1) - x(r.p50 + 1)), height: rowH - 4, fill: "#f28e2b", opacity: 0.3 }, svg("title", {}, `${w.p50p90}: ${r.p50}–${r.p90}`)));
    if (r.gate) {
      const cx = x(r.done + 1);
      const cy = y + rowH / 2 - 1;
      g.appendChild(svg("polygon", { points: `${cx},${cy - 6} ${cx + 6},${cy} ${cx},${cy + 6} ${cx - 6},${cy}`, fill: "#e15759" }, svg("title", {}, `${w.gate}: ${w.week} ${r.done}`)));
    }
    root2.appendChild(g);
  });
  root.appendChild(el("div", { class: "scroll" }, root2));
  const total = t.total ? `${w.total}: P50 ${t.total.p50}, P90 ${t.total.p90} ${w.weeks}` : `${w.total}: ${t.totalWeeks} ${w.weeks}`;
  root.appendChild(el("p", { id: "timeline-total" }, total, t.start ? ` (${t.start})` : ""));
  if (t.backlog.length) root.appendChild(el("p", { id: "backlog" }, `${w.backlog} (${t.backlog.length}): ${t.backlog.join(", ")}`));
  root.appendChild(el("p", { class: "legend" }, el("span", { class: "sw band" }, ""), ` ${w.p50p90}  `, el("span", { class: "sw gate" }, ""), ` ${w.gate}`));
}
