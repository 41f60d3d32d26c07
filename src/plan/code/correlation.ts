import type { Evidence } from "../../scan/facts.js";
import { compareStrings } from "../../util/sort.js";

/**
 * Whether a request can be followed through the logs: a correlation id must be taken from (or given to)
 * every incoming request AND be on every log line of it. A header the code only sets on an outbound call
 * (`"x-request-id": \`shipment-${id}\``) does neither, and says so as evidence.
 */
export interface CorrelationCheck {
  incoming: Evidence[];
  logging: Evidence[];
  /** Mentions of a request or correlation id that are neither (an outbound header, a field name). */
  elsewhere: Evidence[];
  ok: boolean;
}

const ID = String.raw`(?:x-)?(?:request|correlation|trace)[-_]?id|traceparent|x-amzn-trace-id`;
const INCOMING = new RegExp(String.raw`\breq(?:uest)?\s*\.\s*(?:headers?\s*(?:\[\s*|\.\s*|\(\s*)|get\s*\(\s*|header\s*\(\s*)['"\x60]?(?:${ID})|\bgenReqId\b|\brequestIdHeader\b|\breq(?:uest)?\.id\s*=`, "i");
const LOGGING = new RegExp(String.raw`\.child\s*\(\s*\{[^}]*\b(?:req(?:uest)?Id|request_id|correlationId|correlation_id|traceId|trace_id|reqId)\b|\bmixin\s*\([^)]*\)\s*\{[^}]*(?:requestId|correlationId|traceId)|\bcustomProps\b`, "i");
const MENTION = new RegExp(ID, "i");
/** Packages that give every incoming request an id and put it on the request's log lines. */
const REQUEST_ID_PACKAGES = ["pino-http", "express-request-id", "cls-rtracer", "express-http-context", "nestjs-cls", "@nestjs/cls", "correlation-id", "express-correlation-id", "nestjs-pino", "koa-requestid", "@fastify/request-context"];
const LOG_PACKAGES = ["pino-http", "nestjs-pino", "cls-rtracer"];

/**
 * Names one of which every line matching INCOMING, LOGGING or MENTION contains (each of their matches holds a
 * MENTION or one of the other names), none spanning a line: the lines worth testing are found by one search
 * of the whole text, since most files, and most lines of the rest, name no request id at all.
 */
const CANDIDATE = new RegExp(String.raw`${ID}|genReqId|requestIdHeader|\breq(?:uest)?\.id|reqId|customProps`, "gi");

/** The 0-based indexes and texts of the lines of `text` (split at "\n") that hold a CANDIDATE, in order. */
export function candidateLines(text: string): Array<{ index: number; line: string }> {
  const out: Array<{ index: number; line: string }> = [];
  let index = 0;
  let lineStart = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    for (let nl = text.indexOf("\n", lineStart); nl !== -1 && nl < m.index; nl = text.indexOf("\n", lineStart)) {
      index++;
      lineStart = nl + 1;
    }
    const end = text.indexOf("\n", m.index);
    out.push({ index, line: text.slice(lineStart, end === -1 ? text.length : end) });
    // Go on from the next line.
    if (end === -1) break;
    index++;
    lineStart = end + 1;
    CANDIDATE.lastIndex = lineStart;
  }
  return out;
}

export function checkCorrelation(files: Array<{ path: string; text: string | null }>, dependencies: string[]): CorrelationCheck {
  const incoming: Evidence[] = [];
  const logging: Evidence[] = [];
  const elsewhere: Evidence[] = [];
  for (const f of [...files].sort((a, b) => compareStrings(a.path, b.path))) {
    if (!f.text) continue;
    for (const { index, line } of candidateLines(f.text)) {
      const at = { file: f.path, line: index + 1 };
      if (INCOMING.test(line)) incoming.push(at);
      else if (LOGGING.test(line)) logging.push(at);
      else if (MENTION.test(line)) elsewhere.push(at);
    }
  }
  const byPackage = REQUEST_ID_PACKAGES.some((p) => dependencies.includes(p));
  const logsByPackage = LOG_PACKAGES.some((p) => dependencies.includes(p));
  return { incoming, logging, elsewhere, ok: (incoming.length > 0 || byPackage) && (logging.length > 0 || logsByPackage) };
}
