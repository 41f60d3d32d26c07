// `npm run bench`: files/s and peak memory of `scan` on the example monolith and on a generated
// 200k-line monolith; then (bench/compare.js) strangler against the one-thread parse floor and
// dependency-cruiser, cold and warm, roadmap against assess, check --changed-since, on the trees named in
// BENCH_COMPARE, BENCH_ROADMAP and BENCH_CHECK. A benchmark, not a test: it prints figures and asserts nothing.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateMonolith } from "./generate.js";
import { generateDump } from "./generate-dump.js";
import { prepareCheckRepo, changeOneFile } from "./check-repo.js";
import { generateHistory } from "./generate-history.js";
import { generateBigSql } from "./generate-big-sql.js";
import { generateLongLine } from "./generate-long-line.js";
import { generateQueriesExport } from "./generate-queries-export.js";
import { timeProcess } from "./time-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const generated = path.join(root, "bench/.generated/monolith-200k");
if (!fs.existsSync(path.join(generated, "db/schema.sql"))) {
  const { lines } = generateMonolith(generated);
  console.error(`generated ${path.relative(root, generated)} (${lines} lines)`);
}

const dump = path.join(root, "bench/.generated/dump-50k");
if (!fs.existsSync(path.join(dump, "dump.sql"))) {
  const { statements } = generateDump(path.join(dump, "dump.sql"));
  console.error(`generated ${path.relative(root, dump)}/dump.sql (${statements} statements)`);
}

const history = path.join(root, "bench/.generated/history-50k");
if (!fs.existsSync(path.join(history, ".git"))) {
  generateHistory(history);
  console.error(`generated ${path.relative(root, history)} (50,000 commits)`);
}

const bigSql = path.join(root, "bench/.generated/big-sql-50mb");
if (!fs.existsSync(path.join(bigSql, "one-line/dump.sql"))) {
  generateBigSql(bigSql);
  console.error(`generated ${path.relative(root, bigSql)} (a 50 MB INSERT, a 50 MB one-line dump)`);
}

const longLine = path.join(root, "bench/.generated/long-line-2mb");
if (!fs.existsSync(path.join(longLine, "src/big.ts"))) {
  generateLongLine(longLine);
  console.error(`generated ${path.relative(root, longLine)} (a 2 MB line of code padded with short lines)`);
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const targets = [
  ["fixture allinone-commerce", path.join(root, "fixtures/allinone-commerce")],
  ["generated 200k lines", generated],
  ["generated dump, 50k statements", dump],
  ["git history, 50k commits", history],
  ["one 50 MB INSERT", path.join(bigSql, "single-insert")],
  ["50 MB dump on one line", path.join(bigSql, "one-line")],
  ["2 MB line of code, padded", longLine],
];

const rows = [];
for (const [name, repo] of targets) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [path.join(root, "bench/measure-scan.js"), repo], { encoding: "utf8" })));
  }
  samples.sort((a, b) => a.scanMs + a.graphMs - (b.scanMs + b.graphMs));
  const median = samples[Math.floor(samples.length / 2)];
  const seconds = (median.scanMs + median.graphMs) / 1000;
  rows.push({
    target: name,
    "files (code+SQL)": median.files + median.sqlFiles,
    "lines (non-blank)": median.loc,
    "SQL statements": median.statements,
    "scan s": (median.scanMs / 1000).toFixed(2),
    "graph s": (median.graphMs / 1000).toFixed(2),
    "files/s": Math.round((median.files + median.sqlFiles) / seconds),
    "statements/s": Math.round(median.statements / seconds),
    "peak RSS MB": Math.round(Math.max(...samples.map((s) => s.peakRssMb))),
  });
}
console.log(`scan benchmark: median of ${runs} runs, node ${process.version}, ${process.platform}/${process.arch}`);
console.table(rows);

// assess: seconds per stage on the example and the generated monolith, and on real repositories named in
// BENCH_REPOS ("vendure=/path/to/vendure/packages,outline=/path/to/outline/server"): the benchmark never
// fetches anything; a real repo is measured when someone points it at one on their disk.
const realRepos = (process.env.BENCH_REPOS ?? "")
  .split(",")
  .filter(Boolean)
  .map((entry) => {
    const eq = entry.indexOf("=");
    return eq > 0 ? [entry.slice(0, eq), entry.slice(eq + 1)] : [path.basename(entry), entry];
  })
  .filter(([name, dir]) => {
    if (fs.existsSync(dir)) return true;
    console.error(`BENCH_REPOS: ${name}: no folder ${dir}, left out`);
    return false;
  });
const assessRows = [];
for (const [name, repo] of [...targets.slice(0, 2), ...realRepos]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [path.join(root, "bench/measure-assess.js"), repo], { encoding: "utf8" })));
  }
  const total = (s) => Object.values(s.timings).reduce((x, y) => x + y, 0);
  samples.sort((a, b) => total(a) - total(b));
  const median = samples[Math.floor(samples.length / 2)];
  assessRows.push({
    target: name,
    contexts: median.contexts,
    "graph nodes/edges": `${median.nodes}/${median.edges}`,
    ...Object.fromEntries(Object.entries(median.timings).map(([k, v]) => [`${k} s`, v.toFixed(2)])),
    "total s": total(median).toFixed(2),
    "peak RSS MB": Math.round(Math.max(...samples.map((s) => s.peakRssMb))),
    "units touching a table": `${median.linkage.unitsTouchingTables}/${median.linkage.units}`,
  });
}
console.log(`assess benchmark: median of ${runs} runs`);
console.table(assessRows);

// check --changed-since with one changed file on the generated monolith: what a pull request costs.
const bin = path.join(root, "bin/strangler.js");
const checkRepo = prepareCheckRepo(generated, path.join(root, "bench/.generated/monolith-200k-git"), bin);
changeOneFile(checkRepo);
const checkRows = [];
for (const [label, args] of [
  ["check --changed-since HEAD (1 file)", ["check", checkRepo, "--changed-since", "HEAD", "--json"]],
  ["check (whole repo)", ["check", checkRepo, "--json"]],
]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    // GNU time reports the peak RSS of the whole process; without it, memory is not measured.
    const out = timeProcess([bin, ...args], { maxBuffer: 256 * 1024 * 1024 });
    samples.push({ seconds: out.seconds, rssMb: out.mib, exit: out.status, summary: JSON.parse(out.stdout).summary });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const m = samples[Math.floor(samples.length / 2)];
  checkRows.push({ run: label, "wall s": m.seconds.toFixed(2), exit: m.exit, new: m.summary.new, known: m.summary.known, "peak RSS MB": Math.round(Math.max(...samples.map((s) => s.rssMb))) });
}
execFileSync("git", ["checkout", "-q", "--", "."], { cwd: checkRepo });
console.log(`check benchmark (whole CLI process, node startup included): median of ${runs} runs`);
console.table(checkRows);

// Whole CLI processes, wall time and peak RSS (GNU time): a --queries export of a million rows (read a piece
// at a time, the 20,000 rows with the most calls kept), and assess of the generated monolith one unit per
// file, without and with its own contexts.yaml listing every file (matching costs files + patterns).
const queries = path.join(root, "bench/.generated/queries-1m/pg_stat_statements.csv");
if (!fs.existsSync(queries)) {
  generateQueriesExport(queries);
  console.error(`generated ${path.relative(root, queries)} (1,000,000 rows)`);
}
const ownContexts = path.join(root, "bench/.generated/monolith-200k.contexts.yaml");
if (!fs.existsSync(ownContexts)) {
  const lines = ["contexts:"];
  for (const d of fs.readdirSync(path.join(generated, "src/domains")).sort()) {
    lines.push(`  ${d}:`, "    modules:");
    for (const sub of ["", "services", "repositories"]) {
      const dir = path.join(generated, "src/domains", d, sub);
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".ts")).sort()) lines.push(`      - ${["src/domains", d, sub, f].filter(Boolean).join("/")}`);
    }
    lines.push("    tables:", ...[0, 1, 2, 3, 4].map((t) => `      - ${d}_t${t}`));
  }
  fs.writeFileSync(ownContexts, `${lines.join("\n")}\n`);
}
const wholeRows = [];
for (const [label, args] of [
  ["scan example --queries (1M rows)", ["scan", path.join(root, "fixtures/allinone-commerce"), "--queries", queries, "--json", "--no-git-history"]],
  ["assess 200k, a unit per file", ["assess", generated, "--granularity", "file", "--json", "--no-git-history"]],
  ["… with its own contexts.yaml", ["assess", generated, "--granularity", "file", "--json", "--no-git-history", "--contexts-file", ownContexts]],
]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = timeProcess([bin, ...args], { maxBuffer: 256 * 1024 * 1024 });
    samples.push({ seconds: out.seconds, rssMb: out.mib, exit: out.status });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const m = samples[Math.floor(samples.length / 2)];
  wholeRows.push({ run: label, "wall s": m.seconds.toFixed(2), exit: m.exit, "peak RSS MB": Math.round(Math.max(...samples.map((s) => s.rssMb))) });
}
console.log(`whole runs (CLI process, node startup included): median of ${runs} runs`);
console.table(wholeRows);

// strangler against its references, in turns (bench/compare.js): the generated monolith always, real trees when named.
const compareEnv = { ...process.env, BENCH_COMPARE: process.env.BENCH_COMPARE ?? `generated-200k=${generated}` };
spawnSync(process.execPath, [path.join(root, "bench/compare.js")], { stdio: "inherit", env: compareEnv });
