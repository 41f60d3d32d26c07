import graphology from "graphology";
import Sigma from "sigma";
import type { State } from "./state.js";
import { clear, svg } from "./dom.js";

const { UndirectedGraph } = graphology;

/** The context map: positions laid out when the report was written; sigma.js draws it (SVG where WebGL is missing). */
export interface MapView {
  update(s: State, edgesShown: number, selected: string | null, match: (name: string) => boolean): void;
  /** Where a context is drawn, in the container's pixels (for keyboard users' lists and for tests). */
  positionOf(name: string): { x: number; y: number } | null;
  renderer: "sigma" | "svg";
}

const COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

function sizeOf(s: State, name: string): number {
  const m = s.measurement.contexts[name];
  return m ? 4 + Math.sqrt(m.units + m.tables) * 3 : 4;
}

function positionFor(s: State, name: string): { x: number; y: number } {
  const p = s.model.positions[name];
  if (p) return p;
  // A context made in the page (a split): beside the one it came from, else at the centre.
  const parent = s.moves.map((m) => m.split(" ⇒ ")).find((m) => m[1] === name)?.[0];
  const q = parent ? s.model.positions[parent] : undefined;
  return q ? { x: q.x + 15, y: q.y + 15 } : { x: 0, y: 0 };
}

export function createMap(container: HTMLElement, onClick: (name: string) => void): MapView {
  const g = new UndirectedGraph();
  let sigma: Sigma | null = null;
  try {
    const probe = document.createElement("canvas");
    if (!probe.getContext("webgl2") && !probe.getContext("webgl")) throw new Error("no WebGL");
    sigma = new Sigma(g, container, { settings: { labelRenderedSizeThreshold: 0, itemSizesReference: "screen", autoRescale: true, stagePadding: 40, labelDensity: 3, minEdgeThickness: 1 } });
    sigma.on("clickNode", ({ node }) => onClick(node));
  } catch {
    sigma = null;
  }
  let svgPositions = new Map<string, { x: number; y: number }>();
  const view: MapView = {
    renderer: sigma ? "sigma" : "svg",
    update(s, edgesShown, selected, match) {
      const names = s.partition.contexts.map((c) => c.name);
      const shown = s.pairs.slice(0, edgesShown);
      const heaviest = Math.max(1e-9, ...s.pairs.map((p) => p.weight));
      const neighbours = new Set<string>();
      if (selected) for (const p of shown) if (p.a === selected || p.b === selected) neighbours.add(p.a).add(p.b);
      if (sigma) {
        g.clear();
        names.forEach((n, i) => {
          const p = positionFor(s, n);
          const dim = (selected && !neighbours.has(n) && n !== selected) || !match(n);
          g.addNode(n, { x: p.x, y: -p.y, size: sizeOf(s, n), label: n, color: dim ? "#ddd" : COLOURS[i % COLOURS.length] });
        });
        for (const p of shown) {
          if (!g.hasNode(p.a) || !g.hasNode(p.b)) continue;
          const on = selected && (p.a === selected || p.b === selected);
          g.addEdge(p.a, p.b, { size: 1 + 7 * (p.weight / heaviest), color: on ? "#c0392b" : selected ? "#eee" : "#aaa" });
        }
        sigma.refresh();
        return;
      }
      clear(container);
      const pts = names.map((n) => [n, positionFor(s, n)] as const);
      const xs = pts.map(([, p]) => p.x);
      const ys = pts.map(([, p]) => p.y);
      const [minX, maxX, minY, maxY] = [Math.min(...xs, 0), Math.max(...xs, 1), Math.min(...ys, 0), Math.max(...ys, 1)];
      const W = container.clientWidth || 800;
      const H = container.clientHeight || 600;
      const sx = (x: number) => 40 + ((x - minX) / Math.max(1e-9, maxX - minX)) * (W - 80);
      const sy = (y: number) => 30 + ((y - minY) / Math.max(1e-9, maxY - minY)) * (H - 60);
      svgPositions = new Map(pts.map(([n, p]) => [n, { x: sx(p.x), y: sy(p.y) }]));
      const root = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}` });
      for (const p of shown) {
        const a = svgPositions.get(p.a);
        const b = svgPositions.get(p.b);
        if (!a || !b) continue;
        const on = selected && (p.a === selected || p.b === selected);
        root.appendChild(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: on ? "#c0392b" : "#aaa", "stroke-width": 1 + 7 * (p.weight / heaviest), "stroke-opacity": selected && !on ? 0.25 : 0.8 }));
      }
      names.forEach((n, i) => {
        const p = svgPositions.get(n)!;
        const dim = (selected && !neighbours.has(n) && n !== selected) || !match(n);
        const node = svg("g", { class: "node", "data-context": n }, svg("circle", { cx: p.x, cy: p.y, r: sizeOf(s, n), fill: dim ? "#ddd" : COLOURS[i % COLOURS.length], stroke: n === selected ? "#000" : "#fff", "stroke-width": 2 }), svg("text", { x: p.x + sizeOf(s, n) + 3, y: p.y + 4 }, n));
        node.addEventListener("click", () => onClick(n));
        root.appendChild(node);
      });
      container.appendChild(root);
    },
    positionOf(name) {
      if (sigma) {
        if (!g.hasNode(name)) return null;
        const a = g.getNodeAttributes(name);
        return sigma.graphToViewport({ x: a.x, y: a.y });
      }
      return svgPositions.get(name) ?? null;
    },
  };
  return view;
}
