// A 2 MB line of code (query calls) padded with short comment lines so that its average line stays under
// the bundle rule's 1,000 characters: a file strangler must parse, whose cost must stay linear in the line.
import fs from "node:fs";
import path from "node:path";

export function generateLongLine(dir) {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  const parts = [];
  let size = 0;
  for (let i = 0; size < 2_000_000; i++) {
    const s = `const v${i} = db.query("SELECT * FROM t${i % 50}"); `;
    parts.push(s);
    size += s.length;
  }
  const pad = Array.from({ length: 2300 }, (_, k) => `// ${k}`).join("\n");
  fs.writeFileSync(path.join(dir, "src/big.ts"), `declare const db: { query(s: string): void };\n${parts.join("")}\n${pad}\n`);
  fs.writeFileSync(path.join(dir, "schema.sql"), Array.from({ length: 50 }, (_, i) => `CREATE TABLE t${i} (id int);`).join("\n"));
}
