import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { tempDirs } from "./helpers/cli.js";
import { walkRepo } from "../src/scan/files/walk.js";
import { modulePatternMatches } from "../src/config/contexts-yaml.js";

const temp = tempDirs(afterAll);

/** What git itself leaves in: untracked files not ignored, in a repo with no global or system excludes. */
function gitKeeps(dir: string): string[] {
  execFileSync("git", ["init", "-q"], { cwd: dir });
  const out = execFileSync("git", ["-c", "core.excludesFile=/dev/null", "ls-files", "--others", "--exclude-standard", "-z"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });
  return out.split("\0").filter((f) => /\.(ts|sql)$/.test(f)).sort();
}
const strangerKeeps = (dir: string) => walkRepo(dir, { includeTests: true, includeGenerated: true }).files.map((f) => f.path).sort();

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

describe("ignore rules as git applies them", () => {
  it("a deeper .gitignore re-includes what the root one ignores (!keep.sql)", () => {
    const dir = temp();
    write(dir, { ".gitignore": "*.sql\n", "db/.gitignore": "!keep.sql\n", "db/keep.sql": "CREATE TABLE k (id int);\n", "db/drop.sql": "x", "a.ts": "export {};\n" });
    expect(strangerKeeps(dir)).toEqual(["a.ts", "db/keep.sql"]);
    expect(gitKeeps(dir)).toEqual(["a.ts", "db/keep.sql"]);
  });

  it("--exclude leaves a file out whatever a .gitignore re-includes", () => {
    const dir = temp();
    write(dir, { "db/.gitignore": "!keep.sql\n", "db/keep.sql": "x", "a.ts": "export {};\n" });
    expect(walkRepo(dir, { exclude: ["db/"] }).files.map((f) => f.path)).toEqual(["a.ts"]);
  });

  it("agrees with git on generated trees of .gitignore files", () => {
    const DIRS = ["", "a", "b", "a/c", "b/d"];
    const FILES = ["x.ts", "z.ts", "y.sql", "keep.sql"];
    const RULES = ["*.sql", "!keep.sql", "x.ts", "/x.ts", "c/", "!c/", "a/", "*.ts", "!z.ts", "c/*.sql", "**/d", "!**/keep.sql", "d/*", "!d/x.ts", "!*.sql", "#comment", "y.sql", "/c", "?.ts", "[xz].ts"];
    const tree = fc.record(Object.fromEntries(DIRS.map((d) => [d || "root", fc.array(fc.constantFrom(...RULES), { maxLength: 4 })])));
    fc.assert(
      fc.property(tree, (rules) => {
        const dir = temp();
        const files: Record<string, string> = {};
        for (const d of DIRS) {
          for (const f of FILES) files[d ? `${d}/${f}` : f] = "x\n";
          const lines = rules[d || "root"];
          if (lines.length) files[d ? `${d}/.gitignore` : ".gitignore"] = `${lines.join("\n")}\n`;
        }
        write(dir, files);
        expect(strangerKeeps(dir), JSON.stringify(rules)).toEqual(gitKeeps(dir));
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});

describe("contexts.yaml globs by picomatch", () => {
  it.each([
    ["src/a", "src/a", true],
    ["src/a", "src/a/b", false],
    ["src/a/**", "src/a", true],
    ["src/a/**", "src/a/b/c.ts", true],
    ["src/a/", "src/a", true],
    ["src/{orders,billing}/**", "src/billing/x", true],
    ["src/{orders,billing}/**", "src/users/x", false],
    ["src/modules/?art/**", "src/modules/cart", true],
    ["src/modules/?art/**", "src/modules/chart", false],
    ["src/*", "src/a", true],
    ["src/*", "src/a/b", false],
    ["src/**/*.repository.ts", "src/x/y/z.repository.ts", true],
    ["src/[ab]/**", "src/b/c", true],
    ["src/.hidden/**", "src/.hidden/x", true],
  ])("%s matches %s: %s", (pattern, unit, expected) => {
    expect(modulePatternMatches(pattern, unit)).toBe(expected);
  });
});
