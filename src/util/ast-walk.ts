import { ts } from "ts-morph";

/**
 * Visits `root` and every node below it in source order, like a recursive `ts.forEachChild` walk, but with
 * an explicit stack: a 2,000-term `+` chain or deeply nested code cannot overflow the call stack. `enter`
 * may return false to skip a node's children; `leave` runs after them.
 */
export function walkTree(root: ts.Node, enter: (n: ts.Node) => boolean | void, leave?: (n: ts.Node) => void): void {
  const stack: Array<{ node: ts.Node; leaving: boolean }> = [{ node: root, leaving: false }];
  const kids: ts.Node[] = [];
  while (stack.length) {
    const top = stack.pop()!;
    if (top.leaving) {
      leave!(top.node);
      continue;
    }
    const descend = enter(top.node) !== false;
    if (leave) stack.push({ node: top.node, leaving: true });
    if (!descend) continue;
    kids.length = 0;
    ts.forEachChild(top.node, (c) => {
      kids.push(c);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], leaving: false });
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
