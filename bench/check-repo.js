// Prepares a git repository of the generated monolith with agreed contexts and a baseline, for timing
// `check --changed-since` with one changed file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function prepareCheckRepo(generated, repo, bin) {
  if (fs.existsSync(path.join(repo, ".git"))) {
    execFileSync("git", ["checkout", "-q", "--", "."], { cwd: repo });
    return repo;
  }
  fs.rmSync(repo, { recursive: true, force: true });
  fs.cpSync(generated, repo, { recursive: true });
  const domains = fs.readdirSync(path.join(repo, "src/domains")).sort();
  const lines = ["contexts:"];
  for (const d of domains) lines.push(`  ${d}:`, `    modules: [src/domains/${d}/**]`, `    tables: [${[0, 1, 2, 3, 4].map((t) => `${d}_t${t}`).join(", ")}]`);
  lines.push("infrastructure: [src/shared/**]");
  fs.writeFileSync(path.join(repo, "contexts.yaml"), `${lines.join("\n")}\n`);
  const git = (...args) => execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false", ...args], { cwd: repo });
  git("init", "-q", "-b", "main");
  execFileSync(process.execPath, [bin, "check", repo, "--update-baseline"], { stdio: "ignore" });
  git("add", "-A");
  git("commit", "-qm", "baseline");
  return repo;
}

/** The one change of a pull request: a new cross-context join in one file. */
export function changeOneFile(repo) {
  const file = path.join(repo, "src/domains/d3/services/part1.ts");
  fs.appendFileSync(file, "\nexport const leak = () => query(`SELECT a.id FROM d3_t0 a JOIN d7_t1 b ON b.id = a.id`);\n");
  return file;
}
