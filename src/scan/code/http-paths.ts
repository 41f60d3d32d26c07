import { ts } from "#ts";

/*
 * URL paths written in calls: what a client asks the backend for (`fetch("/api/tasks")`,
 * `this.http.get(`/api/projects/${id}`)`, `client.post("/documents.list")`) and what a backend declares
 * (`router.get("/tasks/:id", handler)`, `app.use("/api/tasks", tasksRouter)`, `@Controller("tasks")`). A
 * project's own request wrapper counts when its name says so (`getJson("/api/tasks")`).
 * Both look alike in the AST; the unit's role (src/scan/roles.ts) says which one a record is. Only the
 * literal text is read: `${…}` becomes a `:param` segment, an origin or a leading base-URL variable is
 * dropped, and a path with no literal segment is not kept.
 */

export interface PathCall {
  line: number;
  /** `fetch`, `get`, `post` …, `use`, `route`, or `controller` for a NestJS controller prefix. */
  verb: string;
  /** Starts with `/`; `${…}` replaced by `:param`; no query string. */
  path: string;
}

const VERBS = new Set(["get", "post", "put", "patch", "delete", "del", "head", "options", "all", "use", "route", "request"]);
const FETCHERS = new Set(["fetch", "$fetch", "ofetch", "axios", "ky", "useFetch", "useSWR", "got"]);
/** A project's own wrapper named for a request: `getJson`, `fetchTasks`, `apiPost`, `requestJson`, `httpGet`. */
const WRAPPER = /^(get|post|put|patch|delete|fetch|request|api|http|ajax)[A-Z_$]/;
const NEST_ROUTE_DECORATORS = new Set(["Controller", "Get", "Post", "Put", "Patch", "Delete", "All"]);

/** The URL path a call writes, or null. */
export function pathCallAt(n: ts.Node, lineOf: (n: ts.Node) => number): PathCall | null {
  if (!ts.isCallExpression(n) || n.arguments.length === 0) return null;
  const callee = n.expression;
  let verb: string | null = null;
  if (ts.isIdentifier(callee)) {
    if (FETCHERS.has(callee.text) || WRAPPER.test(callee.text)) verb = "fetch";
    else if (NEST_ROUTE_DECORATORS.has(callee.text) && ts.isDecorator(n.parent)) verb = callee.text === "Controller" ? "controller" : callee.text.toLowerCase();
  } else if (ts.isPropertyAccessExpression(callee)) {
    const name = callee.name.text;
    if (VERBS.has(name.toLowerCase())) verb = name.toLowerCase();
    else if (name === "fetch" || WRAPPER.test(name)) verb = "fetch";
  }
  if (verb === null) return null;
  const text = literalPath(n.arguments[0]);
  if (text === null) return null;
  const path = normalise(verb === "controller" || (ts.isIdentifier(callee) && NEST_ROUTE_DECORATORS.has(callee.text)) ? `/${text.replace(/^\/+/, "")}` : text);
  return path === null ? null : { line: lineOf(n), verb, path };
}

/** A string or template argument as text, `${…}` as `:param`; null for anything else. */
function literalPath(arg: ts.Expression): string | null {
  let e = arg;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => `:param${s.literal.text}`).join("");
  return null;
}

/** `https://api.x.io/v1/a?b` → `/v1/a`; `:param/tasks` (a base URL variable first) → `/tasks`; null without a literal segment. */
function normalise(raw: string): string | null {
  let p = raw.trim().replace(/^https?:\/\/[^/]+/i, "").replace(/^:param(?=\/)/, "");
  p = p.split(/[?#]/)[0];
  if (!p.startsWith("/")) return null;
  const segments = p.split("/").filter(Boolean);
  if (!segments.some((s) => /[a-z]/i.test(s) && !s.startsWith(":"))) return null;
  return `/${segments.join("/")}`;
}
