import type { StranglerGraph } from "../../graph/build.js";
import type { EdgeAttributes, EdgeKind, NodeAttributes } from "../../graph/model.js";
import type { Evidence } from "../../scan/facts.js";
import type { UnitRole } from "../../scan/roles.js";

/*
 * The graph as the page carries it: every path and name once in a string table, nodes and edges as arrays of
 * indices, and only the attributes the metrics and the evidence lists read (kind, role, lines of code,
 * relation; edge kind, weight, type-only imports, each occurrence's file:line, and a runtime occurrence's
 * calls). The page decodes it into the same graphology graph the metrics of assess walk.
 */

/** [0, path, role, loc] for a code unit, [1, name, relation] for a table. */
type CompactNode = [0, number, UnitRole, number] | [1, number, "table" | "view" | "system"];
/** [source, target, kind, weight, typeOnly 0|1, file,line,file,line…, runtime occurrences: [index, calls]…]. */
type CompactEdge = [number, number, EdgeKind, number, 0 | 1, number[], Array<[number, number | null]>];

export interface CompactGraph {
  strings: string[];
  nodes: CompactNode[];
  edges: CompactEdge[];
}

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function encodeGraph(graph: StranglerGraph, table: StringTable): CompactGraph {
  const nodeIndex = new Map<string, number>();
  const nodes: CompactNode[] = [];
  graph.forEachNode((key, a) => {
    nodeIndex.set(key, nodes.length);
    nodes.push(a.kind === "module" ? [0, table.of(a.path), a.role, a.loc] : [1, table.of(a.name), a.relation]);
  });
  const edges: CompactEdge[] = [];
  graph.forEachEdge((_k, a, source, target) => {
    const flat: number[] = [];
    const runtime: Array<[number, number | null]> = [];
    a.evidence.forEach((e, i) => {
      flat.push(table.of(e.file), e.line);
      if (e.source === "runtime") runtime.push([i, e.calls ?? null]);
    });
    edges.push([nodeIndex.get(source)!, nodeIndex.get(target)!, a.kind, a.weight, a.typeOnly ? 1 : 0, flat, runtime]);
  });
  return { strings: table.strings, nodes, edges };
}

/** The nodes and edges again, keyed and attributed as graph/build.ts makes them (the attributes the page reads). */
export function decodeGraph(g: CompactGraph): { nodes: Array<[string, NodeAttributes]>; edges: Array<[string, string, EdgeAttributes]> } {
  const s = g.strings;
  const nodes: Array<[string, NodeAttributes]> = g.nodes.map((n) =>
    n[0] === 0
      ? [`module:${s[n[1]]}`, { kind: "module", path: s[n[1]], role: n[2], formed: "folder", files: 0, loc: n[3], churn: 0 }]
      : [`table:${s[n[1]]}`, { kind: "table", name: s[n[1]], relation: n[2], declared: true }],
  );
  const edges: Array<[string, string, EdgeAttributes]> = g.edges.map(([from, to, kind, weight, typeOnly, flat, runtime]) => {
    const evidence: Evidence[] = [];
    for (let i = 0; i < flat.length; i += 2) evidence.push({ file: s[flat[i]], line: flat[i + 1] });
    for (const [i, calls] of runtime) {
      evidence[i].source = "runtime";
      if (calls !== null) evidence[i].calls = calls;
    }
    return [nodes[from][0], nodes[to][0], { kind, weight, evidence, source: "static", ...(typeOnly ? { typeOnly: true } : {}) }];
  });
  return { nodes, edges };
}
