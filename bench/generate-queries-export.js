// A pg_stat_statements export of many rows (deterministic), for timing `--queries`: each row a distinct
// statement on the example's tables, with a pseudo-random call count. Written a piece at a time.
import fs from "node:fs";
import path from "node:path";

const TABLES = ["orders", "order_items", "products", "customers", "payments", "carts", "cart_items", "inventory", "shipments", "reviews"];

export function generateQueriesExport(file, rows = 1_000_000) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let buf = "queryid,query,calls,total_exec_time,rows\n";
  for (let i = 0; i < rows; i++) {
    const t = TABLES[i % TABLES.length];
    const u = TABLES[(i * 7 + 3) % TABLES.length];
    const q = [
      `SELECT a.id, a.c${i} FROM ${t} a JOIN ${u} b ON b.id = a.id WHERE a.x${i % 997} = $1`,
      `INSERT INTO ${t} (c${i}, d) VALUES ($1, $2)`,
      `UPDATE ${t} SET c${i} = $1 WHERE id = $2`,
      `SELECT id FROM ${t} WHERE c${i} > $1 ORDER BY id LIMIT $2`,
    ][i % 4];
    buf += `${1_000_000_000 + i},"${q}",${Math.floor(rnd() * 100_000)},${(rnd() * 1000).toFixed(3)},${Math.floor(rnd() * 1000)}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
