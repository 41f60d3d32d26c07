#!/usr/bin/env node
// Runs the built CLI under Node 20, 22 and 24 (npx -p node@N, from the npm registry: not part of `npm test`,
// which stays offline) on the example monolith and says whether every output is byte-identical to the one of
// the Node running this script. Usage: npm run build && node scripts/node-versions.mjs [22 24 …]
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/strangler.js");
const fixture = path.join(root, "fixtures/allinone-commerce");
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ["20", "22", "24"];
const commands = [
  ["scan", fixture, "--json"],
  ["assess", fixture, "--json"],
  ["roadmap", fixture],
  ["roadmap", fixture, "--lang", "ko"],
  ["check", fixture, "--contexts-file", path.join(fixture, "expected.yaml"), "--format", "sarif"],
];
const run = (node, args) => spawnSync(node, [bin, ...args], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
const reference = commands.map((c) => run(process.execPath, c));
let failed = false;
for (const v of versions) {
  const node = execFileSync("npx", ["-y", "-p", `node@${v}`, "which", "node"], { encoding: "utf8" }).trim();
  const actual = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  for (const [i, c] of commands.entries()) {
    const r = run(node, c);
    const same = r.status === reference[i].status && r.stdout === reference[i].stdout;
    failed ||= !same;
    console.log(`${actual}  ${c[0]} ${c.slice(2).map((a) => (path.isAbsolute(a) ? path.relative(root, a) : a)).join(" ")}: exit ${r.status}, ${same ? "identical" : "DIFFERENT"} (${r.stdout.length} bytes)`);
  }
}
console.log(`reference: ${process.version}`);
process.exit(failed ? 1 : 0);
