// A git repository with 50,000 commits (git fast-import, deterministic): 100 files in 10 units, each
// commit changing 1 to 3 files, so `scan` reads a long history the way a real monolith's would be.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function generateHistory(repo, { commits = 50_000, seed = 7 } = {}) {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  let s = seed;
  const rand = (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const files = Array.from({ length: 100 }, (_, i) => `src/unit${i % 10}/file${i}.ts`);
  const chunks = [];
  let mark = 0;
  const start = 1_600_000_000;
  for (let c = 0; c < commits; c++) {
    const touched = new Set();
    const n = 1 + rand(3);
    const unit = rand(10);
    for (let k = 0; k < n; k++) touched.add(rand(4) === 0 ? files[rand(100)] : files[unit + 10 * rand(10)]);
    const msg = `change ${c}`;
    chunks.push(`commit refs/heads/main\nmark :${++mark}\ncommitter Dev <dev@example.com> ${start + c * 600} +0000\ndata ${msg.length}\n${msg}\n`);
    for (const f of touched) {
      const body = `export const v = ${c};\n`;
      chunks.push(`M 100644 inline ${f}\ndata ${Buffer.byteLength(body)}\n${body}`);
    }
    chunks.push("\n");
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: chunks.join(""), maxBuffer: 64 * 1024 * 1024 });
  execFileSync("git", ["checkout", "-q", "main"], { cwd: repo });
  return repo;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  generateHistory(process.argv[2] ?? "bench/.generated/history-50k");
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
