// One node process timed as a whole: wall seconds, and peak RSS in MiB from GNU time when the machine has it
// (NaN without). Shared by bench/run.js and bench/compare.js.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

export function timeProcess(args, { cwd, maxBuffer = 512 * 1024 * 1024 } = {}) {
  const gnu = fs.existsSync("/usr/bin/time");
  const t0 = process.hrtime.bigint();
  const r = gnu
    ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { cwd, encoding: "utf8", maxBuffer })
    : spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, mib: gnu ? Number(r.stderr.trim().split("\n").pop()) / 1024 : NaN, status: r.status, stdout: r.stdout, stderr: r.stderr };
}
