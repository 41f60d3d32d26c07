// Two 50 MB SQL files for the large-input benchmark (issue #14, item 11): one INSERT of ~1.2 million rows,
// and a dump written on one line (~1 million short statements). Deterministic.
import fs from "node:fs";
import path from "node:path";

export function generateBigSql(dir, { megabytes = 50 } = {}) {
  fs.mkdirSync(path.join(dir, "single-insert"), { recursive: true });
  fs.mkdirSync(path.join(dir, "one-line"), { recursive: true });
  const limit = megabytes * 1e6;
  {
    const fd = fs.openSync(path.join(dir, "single-insert/data.sql"), "w");
    fs.writeSync(fd, "CREATE TABLE orders (id int, label text, amount numeric);\nINSERT INTO orders (id, label, amount) VALUES ");
    let size = 0;
    for (let i = 0, chunk = []; size < limit; i++) {
      const row = `${i ? ", " : ""}(${i}, 'label ${i}; with, commas (and parens)', ${i}.50)`;
      chunk.push(row);
      size += row.length;
      if (chunk.length === 10_000 || size >= limit) fs.writeSync(fd, chunk.splice(0).join(""));
    }
    fs.writeSync(fd, ";\n");
    fs.closeSync(fd);
  }
  {
    const fd = fs.openSync(path.join(dir, "one-line/dump.sql"), "w");
    fs.writeSync(fd, "CREATE TABLE orders (id int, label text);");
    let size = 0;
    for (let k = 0, chunk = []; size < limit; k++) {
      const s = ` INSERT INTO orders (id, label) VALUES (${k}, 'x${k}');`;
      chunk.push(s);
      size += s.length;
      if (chunk.length === 10_000 || size >= limit) fs.writeSync(fd, chunk.splice(0).join(""));
    }
    fs.writeSync(fd, "\n");
    fs.closeSync(fd);
  }
}
