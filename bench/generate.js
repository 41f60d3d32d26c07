// Generates a synthetic TypeScript monolith of about 200k lines (deterministic: seeded, same bytes every
// time) for the benchmark: domains with services and repositories, raw SQL with joins inside and across
// domains, barrels and tsconfig path aliases, and a PostgreSQL schema with foreign keys.
import fs from "node:fs";
import path from "node:path";

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateMonolith(root, { domains = 40, filesPerDomain = 40, methodsPerFile = 6, seed = 42 } = {}) {
  const rand = mulberry32(seed);
  const pick = (n) => Math.floor(rand() * n);
  fs.rmSync(root, { recursive: true, force: true });
  const write = (rel, text) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    return text.split("\n").length;
  };
  let lines = 0;
  lines += write("tsconfig.json", JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@shared": ["src/shared/index.ts"], "@domains/*": ["src/domains/*"] } } }, null, 2));
  lines += write("src/shared/db.ts", `export async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {\n  void text; void params;\n  return [];\n}\n`);
  lines += write("src/shared/index.ts", `export * from "./db";\n`);

  const tablesOf = (d) => [0, 1, 2, 3, 4].map((t) => `d${d}_t${t}`);
  let schema = "";
  for (let d = 0; d < domains; d++) {
    for (const [i, t] of tablesOf(d).entries()) {
      const fk = i > 0 ? `,\n  parent_id BIGINT REFERENCES d${d}_t0 (id)` : d > 0 && pick(3) === 0 ? `,\n  ext_id BIGINT REFERENCES d${pick(d)}_t0 (id)` : "";
      schema += `CREATE TABLE ${t} (\n  id BIGSERIAL PRIMARY KEY,\n  name TEXT NOT NULL,\n  amount NUMERIC(12,2) NOT NULL DEFAULT 0,\n  created_at TIMESTAMPTZ NOT NULL DEFAULT now()${fk}\n);\n\n`;
    }
  }
  lines += write("db/schema.sql", schema);

  for (let d = 0; d < domains; d++) {
    const tables = tablesOf(d);
    const barrel = [];
    for (let f = 0; f < filesPerDomain; f++) {
      const sub = f < filesPerDomain / 2 ? "services" : "repositories";
      const name = `part${f}`;
      barrel.push(`export * from "./${sub}/${name}";`);
      const other = pick(domains);
      const imports = [
        `import { query } from "@shared";`,
        f > 0 ? `import { Part${f - 1}${d} } from "../${f - 1 < filesPerDomain / 2 ? "services" : "repositories"}/part${f - 1}";` : "",
        other !== d ? `import type { Part0${other} } from "@domains/d${other}";` : "",
      ].filter(Boolean);
      let body = `${imports.join("\n")}\n\nexport class Part${f}${d} {\n  private readonly cache = new Map<number, unknown>();\n\n`;
      for (let m = 0; m < methodsPerFile; m++) {
        const t1 = tables[pick(tables.length)];
        const t2 = pick(5) === 0 ? tablesOf(pick(domains))[pick(5)] : tables[pick(tables.length)];
        const kind = pick(4);
        const sql =
          kind === 0
            ? `SELECT a.id, a.name, b.amount\n         FROM ${t1} a\n         JOIN ${t2} b ON b.id = a.id\n        WHERE a.id = $1`
            : kind === 1
              ? `INSERT INTO ${t1} (name, amount) VALUES ($1, $2)`
              : kind === 2
                ? `UPDATE ${t1} SET amount = amount + $2 WHERE id = $1`
                : `SELECT id, name FROM ${t1} WHERE created_at > now() - interval '1 day' ORDER BY id LIMIT \${limit}`;
        body += `  async method${m}(id: number, amount = 0, limit = 10): Promise<unknown[]> {
    const key = id * ${m + 1} + amount;
    if (this.cache.has(key)) {
      return this.cache.get(key) as unknown[];
    }
    const started = Date.now();
    const rows = await query<{ id: number }>(
      \`${sql}\`,
      [id, amount],
    );
    const elapsed = Date.now() - started;
    if (elapsed > 100) {
      console.warn("slow", elapsed);
    }
    const result = rows.map((r) => ({ ...r, limit }));
    this.cache.set(key, result);
    return result;
  }

`;
      }
      body += `}\n`;
      if (f > 0) body += `\nexport const link${f} = (x: Part${f - 1}${d}) => x;\n`;
      if (other !== d) body += `export type Peer${f} = Part0${other};\n`;
      lines += write(`src/domains/d${d}/${sub}/${name}.ts`, body);
    }
    lines += write(`src/domains/d${d}/index.ts`, `${barrel.join("\n")}\n`);
  }
  return { root, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? "bench/.generated/monolith-200k";
  const { lines } = generateMonolith(out);
  console.log(`${out}: ${lines} lines`);
}
