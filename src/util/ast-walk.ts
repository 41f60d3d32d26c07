import { ts } from "#ts";

/**
 * Visits `root` and every node below it in source order, like a recursive `ts.forEachChild` walk, but with
 * an explicit stack: a 2,000-term `+` chain or deeply nested code cannot overflow the call stack. `enter`
 * may return false to skip a node's children; `leave` runs after them.
 */
export function walkTree(root: ts.Node, enter: (n: ts.Node) => boolean | void, leave?: (n: ts.Node) => void): void {
  // Two parallel stacks (the node, and whether it is being left) rather than an object per entry: the walk
  // runs over every node of every file, several times.
  const nodes: ts.Node[] = [root];
  const leaving: boolean[] = [false];
  const push = (c: ts.Node) => {
    nodes.push(c);
    leaving.push(false);
  };
  while (nodes.length) {
    const node = nodes.pop()!;
    if (leaving.pop()) {
      leave!(node);
      continue;
    }
    const descend = enter(node) !== false;
    if (leave) {
      nodes.push(node);
      leaving.push(true);
    }
    if (!descend) continue;
    pushChildren(node, nodes, push);
  }
}

/**
 * Pushes a node's children (through `push`, which may leave some out) in order, then reverses them in place
 * on `nodes` so that the first is popped first. The entries a push adds beside them (leave flags) are all
 * alike, so only the nodes need reversing.
 */
function pushChildren(node: ts.Node, nodes: ts.Node[], push: (c: ts.Node) => void): void {
  const from = nodes.length;
  ts.forEachChild(node, push);
  for (let i = from, j = nodes.length - 1; i < j; i++, j--) {
    const t = nodes[i];
    nodes[i] = nodes[j];
    nodes[j] = t;
  }
}

/** The operands of a `+` chain (`a + b + c` → [a, b, c]), in order, without recursion; [expr] when it is no `+`. */
export function plusOperands(expr: ts.Expression): ts.Expression[] {
  const out: ts.Expression[] = [];
  const stack: ts.Expression[] = [expr];
  while (stack.length) {
    const e = stack.pop()!;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      stack.push(e.right, e.left);
    } else out.push(e);
  }
  return out;
}

/**
 * Visits the nodes below `root` in source order like walkTree, leaving out tokens (identifiers, literals,
 * keywords: kinds before `FirstNode`, which have no children) and calling `leave` only for the nodes whose
 * `enter` returned true. For a walk over every node of every file that acts on a few kinds of node only:
 * about a third of a tree's nodes are tokens, and most nodes need no leave.
 */
export function walkNodes(root: ts.Node, enter: (n: ts.Node) => boolean, leave: (n: ts.Node) => void): void {
  const nodes: ts.Node[] = [root];
  // For each entry of `nodes`: 0 enter it, 1 leave it.
  const leaving: number[] = [0];
  const first = ts.SyntaxKind.FirstNode;
  const push = (c: ts.Node) => {
    if (c.kind < first) return;
    nodes.push(c);
    leaving.push(0);
  };
  while (nodes.length) {
    const node = nodes.pop()!;
    if (leaving.pop() === 1) {
      leave(node);
      continue;
    }
    if (enter(node)) {
      nodes.push(node);
      leaving.push(1);
    }
    pushChildren(node, nodes, push);
  }
}
