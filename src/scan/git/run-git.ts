import { spawnSync, type SpawnSyncReturns } from "node:child_process";

/*
 * Every git command strangler runs goes through here. A scanned repository is untrusted: its .git/config
 * (and what it includes) may name commands git would run: fsmonitor, hooks, pagers, external diff tools,
 * textconv and clean/smudge filters, gpg for signatures. Each is switched off on the command line, which
 * outranks every config file, and the environment keeps git from prompting or reading another repository.
 */

/** `-c` settings that outrank the repository's own config. */
const SAFE_CONFIG = [
  "core.fsmonitor=false",
  "core.hooksPath=/dev/null",
  "core.pager=cat",
  "core.quotepath=off",
  "core.askPass=",
  "credential.helper=",
  "diff.external=",
  "log.showSignature=false",
  "gpg.program=false",
  "gpg.ssh.program=false",
  "gpg.x509.program=false",
];

/** Variables that could point git elsewhere or at a program; dropped from the environment. */
const DROPPED_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EDITOR"];

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of DROPPED_ENV) delete env[k];
  for (const k of Object.keys(env)) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k)) delete env[k];
  return { ...env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
}

/**
 * Filter drivers the repository's config defines (`filter.<name>.clean`, `.smudge`, `.process`): `git diff`
 * runs a clean filter on a changed working-tree file, so each is blanked on the command line. Reading the
 * config runs nothing.
 */
function filterOverrides(cwd: string): string[] {
  // Asked once per folder for the git commands of one run (a check runs seven in a few hundred ms); asked
  // again after FILTER_MEMO_MS, so a long-lived process (the API) sees a filter added to the config since.
  const memo = filterMemo.get(cwd);
  if (memo && Date.now() - memo.at < FILTER_MEMO_MS) return memo.args;
  const args = readFilterOverrides(cwd);
  filterMemo.set(cwd, { at: Date.now(), args });
  return args;
}

const FILTER_MEMO_MS = 2000;
const filterMemo = new Map<string, { at: number; args: string[] }>();

function readFilterOverrides(cwd: string): string[] {
  const r = spawnSync("git", ["--no-pager", ...SAFE_CONFIG.flatMap((c) => ["-c", c]), "config", "--name-only", "--get-regexp", "^filter\\..*\\.(clean|smudge|process)$"], {
    cwd,
    env: gitEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  if (r.status !== 0 || !r.stdout) return [];
  const names = new Set(r.stdout.split("\n").filter(Boolean).map((k) => k.replace(/\.(clean|smudge|process)$/, "")));
  return [...names].sort().flatMap((n) => ["-c", `${n}.clean=`, "-c", `${n}.smudge=`, "-c", `${n}.process=`, "-c", `${n}.required=false`]);
}

/** The argument list for a git command with every repo-configured program disabled. */
export function safeGitArgs(cwd: string, args: string[]): string[] {
  return ["--no-pager", ...SAFE_CONFIG.flatMap((c) => ["-c", c]), ...filterOverrides(cwd), ...args];
}

export interface GitRun {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** Runs git read-only in `cwd`, output as text. */
export function runGit(cwd: string, args: string[], options: { maxBuffer?: number } = {}): GitRun {
  const r = spawnSync("git", safeGitArgs(cwd, args), {
    cwd,
    env: gitEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
  }) as SpawnSyncReturns<string>;
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** Runs git read-only in `cwd` with its standard output written to an open file. */
export function runGitToFile(cwd: string, args: string[], fd: number): { status: number | null; error?: Error } {
  const r = spawnSync("git", safeGitArgs(cwd, args), { cwd, env: gitEnv(), stdio: ["ignore", fd, "pipe"], maxBuffer: 16 * 1024 * 1024 });
  return { status: r.status, error: r.error };
}
