import { runGit } from "./run-git.js";

export class GitError extends Error {}

/**
 * Repo-relative paths changed since `ref`: committed since it, staged, unstaged, and untracked files git
 * does not ignore. Runs git read-only, with every program the repository's config could name disabled
 * (see run-git.ts).
 */
export function changedFilesSince(repo: string, ref: string): Set<string> {
  const git = (args: string[]) => {
    const r = runGit(repo, args);
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") throw new GitError("git is not installed; --changed-since needs it");
    if (r.error) throw new GitError(`git: ${r.error.message}`);
    if (r.status !== 0) throw new GitError(`git: ${r.stderr.trim().split("\n")[0]}`);
    return r.stdout;
  };
  const inside = runGit(repo, ["rev-parse", "--is-inside-work-tree"]);
  if ((inside.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") throw new GitError("git is not installed; --changed-since needs it");
  if (inside.status !== 0 || inside.stdout.trim() !== "true") throw new GitError(`${repo} is not in a git repository: --changed-since needs one (or leave it out to check every file)`);
  if (runGit(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).status !== 0) {
    throw new GitError(`git: no commit "${ref}" in ${repo}`);
  }
  // Both relative to the repo folder (which may sit below the git top level).
  const lines = [
    ...git(["diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "--relative", "-z", ref]).split("\0"),
    ...git(["ls-files", "--others", "--exclude-standard", "-z"]).split("\0"),
  ];
  return new Set(lines.filter(Boolean));
}
