import { execFileSync } from "node:child_process";

export class GitError extends Error {}

/**
 * Repo-relative paths changed since `ref`: committed since it, staged, unstaged, and untracked files git
 * does not ignore. Runs git read-only.
 */
export function changedFilesSince(repo: string, ref: string): Set<string> {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stderr?: string; code?: string };
      if (e.code === "ENOENT") throw new GitError("git is not installed; --changed-since needs it");
      const msg = (e.stderr ?? String(err)).trim().split("\n")[0];
      throw new GitError(`git: ${msg}`);
    }
  };
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GitError(`git: no commit "${ref}" in ${repo}`);
  }
  // Both relative to the repo folder (which may sit below the git top level).
  const lines = [
    ...git(["diff", "--name-only", "--no-renames", "--relative", "-z", ref]).split("\0"),
    ...git(["ls-files", "--others", "--exclude-standard", "-z"]).split("\0"),
  ];
  return new Set(lines.filter(Boolean));
}
