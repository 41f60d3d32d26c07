import { spawn } from "node:child_process";
import { ROOT } from "./cli.js";

/**
 * Runs a command in a pseudo-terminal (util-linux `script`), answering each prompt when its text appears.
 */
export function inPty(command: string, steps: Array<{ wait: RegExp; send: string }>, timeoutMs = 30_000): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm" };
  delete env.CI;
  delete env.NO_COLOR;
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  let step = 0;
  let seenUpTo = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pty timed out at step ${step}; output:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString("utf8");
      while (step < steps.length) {
        const rest = output.slice(seenUpTo);
        const m = steps[step].wait.exec(rest);
        if (!m) break;
        seenUpTo += m.index + m[0].length;
        child.stdin.write(steps[step].send);
        step++;
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (status) => {
      clearTimeout(timer);
      child.stdin.end();
      resolve({ status, output });
    });
  });
}
