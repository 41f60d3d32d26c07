// Whole-process wall time and peak memory of strangler against its references on the same trees, run in
// turns (one of each, then again) so that a machine whose load changes affects all alike; medians. The
// machine's load average is printed with each table: on a shared machine, read the figures with it.
//
//   BENCH_COMPARE="vendure=/path/to/vendure/packages"   trees for assess (cold and warm) against the floor
//                                                        and dependency-cruiser
//   BENCH_ROADMAP="gauzy=/path/to/gauzy/packages/core"   trees for roadmap against assess (cache off)
//   BENCH_CHECK="vendure-core=/path/to/a/git/checkout"    git checkouts for check --changed-since HEAD
//
//   BENCH_BASELINE_BIN=/path/to/other/bin/strangler.js  also runs that build (another version) in the same turns
//   BENCH_DEPCRUISE=0                                    leaves dependency-cruiser out
//
// The trees are written to (strangler's .strangler/cache, one file edited and put back): point it at copies.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { timeProcess } from "./time-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/strangler.js");
const depcruise = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_DEPCRUISE=0 leaves dependency-cruiser out (minutes on a large tree). */
const withDepcruise = process.env.BENCH_DEPCRUISE !== "0";
const baseline = process.env.BENCH_BASELINE_BIN;
const baselineJobs = (name, args) => (baseline ? [{ name: `baseline build: ${name}`, args: [baseline, ...args] }] : []);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

const list = (name) =>
  (process.env[name] ?? "")
    .split(",")
    .filter(Boolean)
    .map((e) => (e.indexOf("=") > 0 ? [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)] : [path.basename(e), e]))
    .filter(([n, d]) => fs.existsSync(d) || (console.error(`${name}: ${n}: no folder ${d}, left out`), false));

/** One process: wall seconds and peak RSS (MiB, from GNU time when there is one); a crash stops the bench. */
function timed(args, cwd) {
  const r = timeProcess(args, { cwd });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs every job once per round, `runs` rounds; medians per job. `before` runs ahead of each job (untimed). */
function inTurns(jobs) {
  const samples = new Map(jobs.map((j) => [j.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const j of jobs) {
      j.before?.();
      samples.get(j.name).push(timed(j.args, j.cwd));
      j.after?.();
    }
  }
  return jobs.map((j) => {
    const s = samples.get(j.name);
    return { name: j.name, seconds: median(s.map((x) => x.seconds)), mib: median(s.map((x) => x.mib)) };
  });
}

/** A code file to edit (one comment line appended) and put back: the first .ts file of the tree, in name order. */
function oneFile(dir) {
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        const f = walk(p);
        if (f) return f;
      } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && !/\.(spec|test)\./.test(e.name)) return p;
    }
    return null;
  };
  return walk(dir);
}
const cacheOf = (dir) => path.join(dir, ".strangler/cache");
const ratio = (a, b) => (a / b).toFixed(2);

for (const [name, dir] of list("BENCH_COMPARE")) {
  const file = oneFile(dir);
  const original = fs.readFileSync(file, "utf8");
  let edits = 0;
  const rows = inTurns([
    { name: "parse floor (ts.createSourceFile, 1 thread)", args: [path.join(root, "bench/parse-floor.js"), dir] },
    { name: "parse floor without JSDoc (as strangler parses)", args: [path.join(root, "bench/parse-floor.js"), dir, "--no-jsdoc"] },
    ...(withDepcruise ? [{ name: "dependency-cruiser (imports only)", args: [depcruise, "--no-config", "--output-type", "json", "."], cwd: dir }] : []),
    { name: "strangler assess, cold (no cache)", args: [bin, "assess", dir, "--json"], before: () => fs.rmSync(cacheOf(dir), { recursive: true, force: true }) },
    {
      name: "strangler assess, warm, one file changed",
      args: [bin, "assess", dir, "--json"],
      before: () => fs.writeFileSync(file, `${original}\n// bench edit ${++edits}\n`),
      after: () => fs.writeFileSync(file, original),
    },
    { name: "strangler assess --workers 2, cold", args: [bin, "assess", dir, "--json", "--workers", "2"], before: () => fs.rmSync(cacheOf(dir), { recursive: true, force: true }) },
    ...baselineJobs("assess", ["assess", dir, "--json"]),
  ]);
  const floor = rows[0].seconds;
  const dc = withDepcruise ? rows[2].seconds : NaN;
  console.log(`${name}: median of ${runs} rounds in turns, load average after: ${load()} (cores: ${os.availableParallelism()})`);
  console.table(rows.map((r) => ({ run: r.name, "wall s": r.seconds.toFixed(2), "× floor": ratio(r.seconds, floor), "× dependency-cruiser": ratio(r.seconds, dc), "peak RSS MiB": Math.round(r.mib) })));
}

for (const [name, dir] of list("BENCH_ROADMAP")) {
  const rows = inTurns([
    { name: "assess, no cache", args: [bin, "assess", dir, "--json", "--no-cache"] },
    { name: "roadmap, no cache", args: [bin, "roadmap", dir, "--no-cache"] },
    { name: "assess, warm cache", args: [bin, "assess", dir, "--json"] },
    { name: "roadmap, warm cache", args: [bin, "roadmap", dir] },
    ...baselineJobs("assess", ["assess", dir, "--json"]),
    ...baselineJobs("roadmap", ["roadmap", dir]),
  ]);
  console.log(`${name}: median of ${runs} rounds in turns, load average after: ${load()}`);
  console.table(rows.map((r, i) => ({ run: r.name, "wall s": r.seconds.toFixed(2), "× assess": ratio(r.seconds, rows[i - (i % 2)].seconds), "peak RSS MiB": Math.round(r.mib) })));
}

for (const [name, dir] of list("BENCH_CHECK")) {
  const file = oneFile(dir);
  const original = fs.readFileSync(file, "utf8");
  let edits = 0;
  const edit = () => fs.writeFileSync(file, `${original}\n// bench edit ${++edits}\n`);
  const back = () => fs.writeFileSync(file, original);
  timed([bin, "check", dir, "--json"]); // the cache, warm
  const rows = inTurns([
    { name: "check --changed-since HEAD, 1 file, warm cache", args: [bin, "check", dir, "--changed-since", "HEAD", "--json"], before: edit, after: back },
    { name: "check --changed-since HEAD, 1 file, no cache", args: [bin, "check", dir, "--changed-since", "HEAD", "--json", "--no-cache"], before: edit, after: back },
    { name: "check, whole repo, warm cache", args: [bin, "check", dir, "--json"] },
    { name: "check, whole repo, no cache", args: [bin, "check", dir, "--json", "--no-cache"] },
    ...baselineJobs("check --changed-since HEAD, 1 file", ["check", dir, "--changed-since", "HEAD", "--json"]).map((j) => ({ ...j, before: edit, after: back })),
  ]);
  console.log(`${name}: median of ${runs} rounds in turns, load average after: ${load()}`);
  console.table(rows.map((r) => ({ run: r.name, "wall s": r.seconds.toFixed(2), "peak RSS MiB": Math.round(r.mib) })));
}
