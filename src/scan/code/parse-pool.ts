import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { Source } from "../sources/source.js";
import { outcomeFromParts, parseFile, type ParseOutcome } from "./parse-file.js";

/*
 * Parsing on every core: the files to parse are cut into small batches that worker threads and this thread
 * take in turns; each outcome lands in its file's own slot, so the result (and every output built from it)
 * is the same whatever the number of threads and whichever finishes first. The scan stays synchronous: this
 * thread waits on a shared counter the workers bump (Atomics.wait) and takes their answers with
 * receiveMessageOnPort, parsing a batch itself whenever none has come back.
 */

export interface ParseTask {
  virtualPath: string;
  text: string;
  /** The path facts are written with. */
  shown: string;
}

const MAX_DEFAULT_WORKERS = 4;
/** Below this many files a thread's start-up (loading the parser, ~0.3 s) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 200;
const BATCH = 16;
/** A thread silent this long is taken for dead: its batches are parsed here. */
const STALL_MS = 120_000;

/**
 * Threads to parse with: `--workers`, else STRANGLER_WORKERS, else half the cores available (at least 1, at
 * most 4). Half, because each thread pays V8's optimizing compiler for TypeScript's parser again, and that
 * compiler runs on a core of its own: on vendure's 2,307 files with one thread, the main thread took 3.2 s of
 * CPU and V8's background threads 3.0 s (almost all of it optimizing, measured with and without
 * --no-concurrent-recompilation), so on 2 cores a second parsing thread only adds work. A count
 * asked for is used however few the files; the default only from MIN_FILES_FOR_WORKERS files on.
 */
export function workerCount(flag?: number): { threads: number; asked: boolean } {
  if (flag !== undefined) return { threads: flag, asked: true };
  const env = process.env.STRANGLER_WORKERS;
  if (env !== undefined && /^\d+$/.test(env.trim()) && Number(env) >= 1) return { threads: Math.min(Number(env), 64), asked: true };
  return { threads: Math.max(1, Math.min(Math.floor(os.availableParallelism() / 2), MAX_DEFAULT_WORKERS)), asked: false };
}

/** The worker's module beside this one, once built (running from TypeScript sources, there is none: one thread). */
function workerScript(): URL | null {
  const url = new URL("./parse-worker.js", import.meta.url);
  try {
    return url.protocol === "file:" && fs.existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/** A file's outcome, and its cache entry's parts as JSON when a parsing thread made them. */
export interface Parsed {
  outcome: ParseOutcome;
  parts?: string[];
}

/** Parses every task; outcomes in task order. `threads`: 1 parses here only. */
export function parseAll(tasks: ParseTask[], sources: Source[], withCalls: boolean, count: { threads: number; asked: boolean }, onDone?: (done: number) => void): Parsed[] {
  const threads = Math.min(count.threads, Math.ceil(tasks.length / BATCH));
  const out: Array<Parsed | undefined> = new Array(tasks.length);
  let done = 0;
  const parseHere = (i: number) => {
    if (out[i] === undefined) {
      out[i] = { outcome: parseFile(tasks[i].virtualPath, tasks[i].text, tasks[i].shown, sources, withCalls) };
      done++;
    }
  };
  const script = threads > 1 && (count.asked || tasks.length >= MIN_FILES_FOR_WORKERS) ? workerScript() : null;
  if (!script) {
    for (let i = 0; i < tasks.length; i++) {
      parseHere(i);
      onDone?.(done);
    }
    return out as Parsed[];
  }

  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const sourceIds = sources.map((s) => s.id);
  const workers: Array<{ worker: Worker; port: MessagePort; pending: Map<number, number[]> }> = [];
  for (let w = 0; w < threads - 1; w++) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2, signal, sourceIds, withCalls }, transferList: [port2] });
    worker.unref();
    workers.push({ worker, port: port1, pending: new Map() });
  }
  // Batches in file order; the last ones are taken by this thread when workers are busy.
  const batches: number[][] = [];
  for (let i = 0; i < tasks.length; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, tasks.length - i) }, (_, k) => i + k));
  let next = 0;
  let batchId = 0;
  const send = (w: (typeof workers)[number]) => {
    if (next >= batches.length) return;
    const indices = batches[next++];
    const id = batchId++;
    w.pending.set(id, indices);
    w.port.postMessage({ id, tasks: indices.map((i) => tasks[i]) });
  };
  // Two batches in flight per worker: one being parsed, one waiting.
  for (const w of workers) {
    send(w);
    send(w);
  }
  let lastAnswer = Date.now();
  try {
    while (done < tasks.length) {
      // Read before looking: an answer counted after this makes the wait below return at once.
      const seen = Atomics.load(counter, 0);
      let received = false;
      for (const w of workers) {
        for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
          const { id, outcomes } = m.message as { id: number; outcomes: string[][] };
          const indices = w.pending.get(id) ?? [];
          w.pending.delete(id);
          indices.forEach((i, k) => {
            if (out[i] === undefined) {
              out[i] = { outcome: outcomeFromParts(outcomes[k]), parts: outcomes[k] };
              done++;
            }
          });
          received = true;
          send(w);
        }
      }
      if (received) {
        lastAnswer = Date.now();
        onDone?.(done);
        continue;
      }
      if (next < batches.length) {
        // Nothing back yet: this thread parses a batch of its own.
        for (const i of batches[next++]) parseHere(i);
        onDone?.(done);
        continue;
      }
      if (Date.now() - lastAnswer > STALL_MS) {
        // A worker that died (out of memory) never answers: its batches are parsed here.
        for (const w of workers) for (const indices of w.pending.values()) for (const i of indices) parseHere(i);
        break;
      }
      Atomics.wait(counter, 0, seen, 50);
    }
  } finally {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
  return out as Parsed[];
}
