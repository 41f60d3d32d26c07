import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";

/* What strangler writes (--out, --write-contexts, the baseline) replaces only regular files, whole. */

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const SMALL = {
  "src/order/index.ts": 'export const list = (db: { query(s: string): void }) => db.query("SELECT * FROM orders");\n',
  "schema.sql": "CREATE TABLE orders (id int);\n",
};
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("--out refuses what is not a regular file", () => {
  it("a folder, a FIFO and a device: exit 2, named, and left as they were", () => {
    const dir = repo(SMALL);
    const folder = path.join(dir, "out");
    fs.mkdirSync(folder);
    const a = runCli(["scan", dir, "--out", folder]);
    expect(a.stderr).toBe(`strangler: ${folder}: a folder, not a regular file; strangler writes regular files only (- writes to stdout)\n`);
    expect(a.status).toBe(2);
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const b = runCli(["assess", dir, "--out", fifo]); // opening a FIFO would block: it is never opened
    expect(b.stderr).toContain(`strangler: ${fifo}: a FIFO (named pipe), not a regular file`);
    expect(b.status).toBe(2);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    const c = runCli(["roadmap", dir, "--out", "/dev/null"]);
    expect(c.stderr).toContain("strangler: /dev/null: a device, not a regular file");
    expect(c.status).toBe(2);
    expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it("- and /dev/stdout write the file's content to stdout, and nothing else", () => {
    const dir = repo(SMALL);
    for (const out of ["-", "/dev/stdout"]) {
      const r = runCli(["scan", dir, "--out", out]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).nodes.map((n: { key: string }) => n.key).sort()).toEqual(["module:src/order", "table:public.orders"]);
    }
    const roadmap = runCli(["roadmap", dir, "--out", "-"]);
    expect(roadmap.status).toBe(0);
    expect(roadmap.stdout).toMatch(/^# /);
  });

  it("an unwritable folder names the file, not a temporary one, and leaves nothing behind", () => {
    const dir = repo(SMALL);
    const locked = path.join(dir, "locked");
    fs.mkdirSync(locked);
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    if (asUser !== undefined) fs.chmodSync(dir, 0o755);
    fs.chmodSync(locked, 0o555);
    const r = runCli(["scan", dir, "--out", path.join(locked, "graph.json")], { asUser });
    expect(r.stderr).toBe(`strangler: ${path.join(locked, "graph.json")}: cannot write (permission denied in folder ${locked})\n`);
    expect(r.status).toBe(2);
    expect(fs.readdirSync(locked)).toEqual([]);
  });
});

describe("a file that exists is replaced in place", () => {
  it("keeps its mode", () => {
    const dir = repo(SMALL);
    const out = path.join(dir, "graph.json");
    fs.writeFileSync(out, "old\n", { mode: 0o600 });
    fs.chmodSync(out, 0o600);
    expect(runCli(["scan", dir, "--out", out]).status).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).nodes.length).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a contexts.yaml symlinked to a file inside the repository stays a link and its target is updated, mode kept", () => {
    const dir = repo(SMALL);
    const shared = path.join(dir, "docs/architecture/contexts.yaml");
    fs.mkdirSync(path.dirname(shared), { recursive: true });
    fs.writeFileSync(shared, "# agreed in the architecture repo\ncontexts:\n  legacy:\n    modules: [src/legacy/**]\n");
    fs.chmodSync(shared, 0o640);
    fs.symlinkSync("docs/architecture/contexts.yaml", path.join(dir, "contexts.yaml"));
    const r = runCli(["assess", dir, "--write-contexts"]);
    expect(r.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, "contexts.yaml")).isSymbolicLink()).toBe(true);
    const text = fs.readFileSync(shared, "utf8");
    expect(text).toMatch(/^# agreed in the architecture repo\ncontexts:\n  legacy:/);
    expect(text).toContain("src/order");
    expect(fs.statSync(shared).mode & 0o777).toBe(0o640);
    expect(leftovers(path.dirname(shared))).toEqual([]);
  });

  it("a baseline symlinked to a file inside the repository is updated through the link", () => {
    const dir = repo({ ...SMALL, "contexts.yaml": "contexts:\n  order:\n    modules: [src/order/**]\n" });
    const real = path.join(dir, "baseline.json");
    fs.writeFileSync(real, '{"version": 1, "violations": []}\n');
    fs.mkdirSync(path.join(dir, ".strangler"));
    fs.symlinkSync(real, path.join(dir, ".strangler/baseline.json"));
    expect(runCli(["check", dir, "--update-baseline"]).status).toBe(0);
    expect(fs.lstatSync(path.join(dir, ".strangler/baseline.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, "utf8")).violations.map((v: { rule: string }) => v.rule)).toEqual(["unassigned"]);
  });
});

describe("a write interrupted by a signal", () => {
  it("leaves no temporary file, and the target is either untouched or whole", async () => {
    const dir = temp();
    const target = path.join(dir, "big.json");
    fs.writeFileSync(target, "before\n");
    const size = 256 * 1024 * 1024;
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, "dist/util/write-file.js"))};
      const data = Buffer.alloc(${size}, 120);
      process.stdout.write("ready\\n");
      writeFileAtomic(${JSON.stringify(target)}, data);
      process.stdout.write("written\\n");
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    child.stdout.on("data", (d) => {
      out += String(d);
      if (out.includes("ready") && !child.killed) setTimeout(() => child.kill("SIGTERM"), 20);
    });
    const { signal } = await ended;
    expect(signal).toBe("SIGTERM"); // the signal still takes effect, after the write
    expect(leftovers(dir)).toEqual([]);
    const st = fs.statSync(target);
    expect(st.size === 7 || st.size === size).toBe(true);
  });

  it("a write killed outright (SIGKILL) leaves its temporary file; the next write to the same file removes it", async () => {
    const dir = repo(SMALL);
    const target = path.join(dir, "graph.json");
    fs.writeFileSync(target, "before\n");
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, "dist/util/write-file.js"))};
      const data = Buffer.alloc(${512 * 1024 * 1024}, 120);
      process.stdout.write("ready\\n");
      writeFileAtomic(${JSON.stringify(target)}, data);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // Killed as soon as its temporary file exists: nothing of it can run to clean up.
    child.stdout.once("data", () => {
      const poll = setInterval(() => {
        if (leftovers(dir).length) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 1);
      void ended.then(() => clearInterval(poll));
    });
    expect(await ended).toBe("SIGKILL");
    const left = leftovers(dir);
    expect(left).toEqual([expect.stringMatching(new RegExp(`^\\.graph\\.json\\.${child.pid}\\.[0-9a-f]{8}\\.tmp$`))]);
    expect(fs.readFileSync(target, "utf8")).toBe("before\n");
    // A write in progress elsewhere (a process that runs) is left alone; another file's temporaries too.
    const running = `.graph.json.${process.ppid}.0123abcd.tmp`;
    fs.writeFileSync(path.join(dir, running), "");
    fs.writeFileSync(path.join(dir, `.other.json.${child.pid}.0123abcd.tmp`), "");
    const r = runCli(["scan", dir, "--out", target]);
    expect(r.status, r.stderr).toBe(0);
    expect(leftovers(dir).sort()).toEqual([running, `.other.json.${child.pid}.0123abcd.tmp`].sort());
    expect(JSON.parse(fs.readFileSync(target, "utf8")).nodes.length).toBeGreaterThan(0);
  });
});

describe("a folder that cannot be made", () => {
  // Node's recursive mkdir loops for ever under /proc: strangler makes folders one level at a time.
  it.runIf(fs.existsSync("/proc/self"))("a baseline under /proc is one line and exit 2, not a hang", () => {
    const fixture = path.join(ROOT, "fixtures/allinone-commerce");
    const r = runCli(["check", fixture, "--contexts-file", path.join(fixture, "expected.yaml"), "--baseline", "/proc/strangler-none/b.json", "--update-baseline"], { timeoutMs: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("strangler: /proc/strangler-none/b.json: cannot write (ENOENT)");
  });
});
