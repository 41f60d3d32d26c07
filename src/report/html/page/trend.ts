import type { ReportModel } from "../model.js";
import type { Words } from "./i18n.js";
import { clear, el, svg } from "./dom.js";

/** Coupling across today's contexts month by month: commits that change several contexts, cross-context lines introduced. */
export function renderTrend(root: HTMLElement, trend: ReportModel["trend"], w: Words): void {
  clear(root);
  root.appendChild(el("h2", {}, w.trend));
  if (!trend || !trend.length) {
    root.appendChild(el("p", {}, w.noHistory));
    return;
  }
  const W = Math.max(600, 60 + trend.length * 24);
  const H = 280;
  const series = [
    { key: "crossCommits" as const, colour: "#e15759", label: w.crossCommits },
    { key: "crossLinesIntroduced" as const, colour: "#4e79a7", label: w.edgesIntroduced },
  ];
  const max = Math.max(1, ...trend.flatMap((p) => series.map((s) => p[s.key])));
  const x = (i: number) => 50 + (i / Math.max(1, trend.length - 1)) * (W - 80);
  const y = (v: number) => H - 40 - (v / max) * (H - 70);
  const chart = svg("svg", { width: W, height: H, id: "trend-chart", viewBox: `0 0 ${W} ${H}` });
  chart.appendChild(svg("line", { x1: 50, x2: W - 30, y1: H - 40, y2: H - 40, stroke: "#999" }));
  chart.appendChild(svg("text", { x: 4, y: y(max) + 4, class: "tick" }, String(max)));
  chart.appendChild(svg("text", { x: 4, y: H - 36, class: "tick" }, "0"));
  const step = Math.max(1, Math.ceil(trend.length / 12));
  trend.forEach((p, i) => {
    if (i % step === 0) chart.appendChild(svg("text", { x: x(i) - 18, y: H - 22, class: "tick" }, p.month));
  });
  for (const s of series) {
    chart.appendChild(svg("polyline", { points: trend.map((p, i) => `${x(i)},${y(p[s.key])}`).join(" "), fill: "none", stroke: s.colour, "stroke-width": 2 }));
    trend.forEach((p, i) => chart.appendChild(svg("circle", { cx: x(i), cy: y(p[s.key]), r: 2.5, fill: s.colour }, svg("title", {}, `${p.month}: ${p[s.key]}`))));
  }
  root.appendChild(el("div", { class: "scroll" }, chart));
  root.appendChild(el("p", { class: "legend" }, ...series.flatMap((s) => [el("span", { class: "sw", style: `background:${s.colour}` }, ""), ` ${s.label}  `])));
}
