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
 * Whether some line of the text may match INCOMING, LOGGING or MENTION (most files name no request id at all,
 * and reading them line by line costs more than the rest of the check). A line's match is a match in the
 * whole text too, and every match of INCOMING or LOGGING contains a MENTION or one of these names.
 */
const OTHER_NAMES = /genReqId|requestIdHeader|\breq(?:uest)?\.id\s*=|reqId|customProps/i;
export function mayMatch(text: string): boolean {
  return MENTION.test(text) || OTHER_NAMES.test(text);
}

export function checkCorrelation(files: Array<{ path: string; text: string | null }>, dependencies: string[]): CorrelationCheck {
  const incoming: Evidence[] = [];
  const logging: Evidence[] = [];
  const elsewhere: Evidence[] = [];
  for (const f of [...files].sort((a, b) => compareStrings(a.path, b.path))) {
    if (!f.text) continue;
    if (!mayMatch(f.text)) continue;
    const lines = f.text.split("\n");
    lines.forEach((line, i) => {
      const at = { file: f.path, line: i + 1 };
      if (INCOMING.test(line)) incoming.push(at);
      else if (LOGGING.test(line)) logging.push(at);
      else if (MENTION.test(line)) elsewhere.push(at);
    });
  }
  const byPackage = REQUEST_ID_PACKAGES.some((p) => dependencies.includes(p));
  const logsByPackage = LOG_PACKAGES.some((p) => dependencies.includes(p));
  return { incoming, logging, elsewhere, ok: (incoming.length > 0 || byPackage) && (logging.length > 0 || logsByPackage) };
}
