import "../../util/compile-cache-on.js";
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { SOURCES } from "../sources/index.js";
import { cacheParts, parseFile } from "./parse-file.js";
import type { ParseTask } from "./parse-pool.js";

/*
 * A parsing thread (see parse-pool.ts): takes batches of files on its port, answers each with the outcomes,
 * and counts the answer on the shared signal the scanning thread waits on.
 */
const { port, signal, sourceIds, withCalls } = workerData as { port: MessagePort; signal: SharedArrayBuffer; sourceIds: string[]; withCalls: boolean };
const sources = SOURCES.filter((s) => sourceIds.includes(s.id));
const counter = new Int32Array(signal);
port.on("message", (batch: { id: number; tasks: ParseTask[] }) => {
  // Each outcome as its cache entry's JSON parts: a string crosses to the scanning thread as one copy, and
  // that thread writes the entry as is.
  const outcomes = batch.tasks.map((t) => cacheParts(parseFile(t.virtualPath, t.text, t.shown, sources, withCalls)).map((part) => JSON.stringify(part)));
  port.postMessage({ id: batch.id, outcomes });
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
