import { Chalk, type ChalkInstance } from "chalk";

/** Colour only on a terminal, never with NO_COLOR (any value) or --no-color. */
export function colourFor(stream: NodeJS.WriteStream, disabled = false): ChalkInstance {
  const off = disabled || "NO_COLOR" in process.env || !stream.isTTY || process.env.TERM === "dumb";
  return new Chalk({ level: off ? 0 : 1 });
}

/** A one-line progress indicator on stderr, shown only on a terminal. */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = !!stream.isTTY && process.env.TERM !== "dumb" && !process.env.CI;
  }

  update(stage: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 80 && done !== total) return;
    this.last = now;
    const count = total > 0 ? ` ${done}/${total}` : "";
    this.stream.write(`\r\x1b[2K${stage}${count}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}
