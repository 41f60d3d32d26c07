import { afterAll, describe, expect, it } from "vitest";
import { assessRepo } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { loadStranglerConfig } from "../src/config/strangler-yaml.js";
import { candidateLines, checkCorrelation } from "../src/plan/code/correlation.js";
import { readSchemaShapes } from "../src/plan/code/schema.js";
import { SiteTexts } from "../src/plan/saga.js";
import { schedule, type WorkItem } from "../src/plan/schedule.js";
import type { Facts } from "../src/scan/facts.js";
import { copyReversed, FIXTURE, tempDirs } from "./helpers/cli.js";

/*
 * The roadmap does the work that does not depend on the team's answers once per assessment, and looks only
 * where the scan's facts say something can be found. These specifications pin what it finds to what a
 * search of everything finds.
 */

const temp = tempDirs(afterAll);

describe("the plan reads the scan's call facts, or parses every file itself, and finds the same", () => {
  const dir = copyReversed(FIXTURE, `${temp()}/shop`);
  const team = loadStranglerConfig(dir).config.team;
  const fromScan = roadmapOf(assessRepo(dir, { callFacts: true }), dir, team, { lang: "en" });
  const parsed = roadmapOf(assessRepo(dir, { callFacts: false }), dir, team, { lang: "en" });

  it("finds sagas, calls that leave the process and calls across boundaries (not an empty plan)", () => {
    expect(fromScan.roadmap.sagas.length).toBeGreaterThan(0);
    expect(fromScan.roadmap.risks.map((r) => r.id)).toEqual(expect.arrayContaining(["distributed-transaction", "external-call-in-transaction", "sync-call-across-boundary"]));
  });

  it("gives the same order and the same plan either way", () => {
    expect(fromScan.scores).toEqual(parsed.scores);
    expect(fromScan.roadmap).toEqual(parsed.roadmap);
  });
});

describe("a plan cut to a scope", () => {
  const dir = copyReversed(FIXTURE, `${temp()}/shop`);
  const a = assessRepo(dir, { callFacts: true });
  const team = { ...loadStranglerConfig(dir).config.team, "team.size": 4, "team.infraSize": 1 };
  const scoped = roadmapOf(a, dir, team, { lang: "en" }).roadmap;
  const notice = scoped.notices.find((n) => n.kind === "scope");

  it("is the plan made with its backlog given, with its P50–P90 range", () => {
    expect(notice?.kind).toBe("scope");
    const backlog = notice?.kind === "scope" ? notice.backlog : [];
    expect(backlog.length).toBeGreaterThan(0);
    const given = roadmapOf(a, dir, team, { lang: "en", backlog }).roadmap;
    expect(scoped.range).not.toBeNull();
    expect({ ...scoped, notices: scoped.notices.filter((n) => n.kind !== "scope") }).toEqual(given);
  });

  it("and a plan that fits needs no scope: the same as the plan with an empty backlog, range included", () => {
    const whole = { ...loadStranglerConfig(dir).config.team };
    const fits = roadmapOf(a, dir, whole, { lang: "en" }).roadmap;
    expect(fits.notices.some((n) => n.kind === "scope")).toBe(false);
    expect(fits.range).not.toBeNull();
    expect(fits).toEqual(roadmapOf(a, dir, whole, { lang: "en", backlog: [] }).roadmap);
  });
});

describe("the correlation-id check reads only the lines that name an id", () => {
  const text = [
    "const a = 1;", // 1
    "fastify({ genReqId: () => randomUUID() });", // 2: incoming
    "app.register(plugin, { requestIdHeader: 'x-req' });", // 3: incoming
    "  req.id = uuid();", // 4: incoming
    "const log = logger.child({ reqId: req.id });", // 5: logging
    "pinoHttp({ customProps: (req) => ({}) });", // 6: logging
    "pino({ mixin() { return {}; } }); const traceId = 1;", // 7: a mention
    "logger.child({", // 8: nothing on this line alone
    "  requestId: id }); // request_id", // 9: a mention
    "const ok = true;", // 10
    'const h = req.headers["x-correlation-id"];\r', // 11: incoming (a CRLF line)
    "traceparent", // 12: a mention, last line without a newline
  ].join("\n");

  it("finds each line a line-by-line reading finds, with its number and text", () => {
    const lines = text.split("\n");
    expect(candidateLines(text)).toEqual([2, 3, 4, 5, 6, 7, 9, 11, 12].map((n) => ({ index: n - 1, line: lines[n - 1] })));
    expect(candidateLines("nothing here\nat all\n")).toEqual([]);
    expect(candidateLines("x-request-id")).toEqual([{ index: 0, line: "x-request-id" }]);
  });

  it("sorts the lines into incoming, logging and elsewhere as before", () => {
    const r = checkCorrelation([{ path: "src/app.ts", text }, { path: "src/none.ts", text: "export const x = 1;\n" }], []);
    const at = (...ns: number[]) => ns.map((line) => ({ file: "src/app.ts", line }));
    expect(r).toEqual({ incoming: at(2, 3, 4, 11), logging: at(5, 6), elsewhere: at(7, 9, 12), ok: true });
  });
});

describe("the states of a status column, from the SQL that names its table", () => {
  const facts = {
    tables: [
      { name: "public.orders", file: "db/schema.sql", line: 2 },
      { name: "public.ORDER_NOTES", file: "db/schema.sql", line: 3 },
      { name: "public.payments", file: "db/schema.sql", line: 4 },
    ],
    sqlFiles: [],
    foreignKeys: [{ from: "public.payments", to: "public.orders", file: "db/schema.sql", line: 4 }],
    sqlSites: [
      { file: "src/a.ts", line: 1, text: "UPDATE orders SET status = 'paid' WHERE id = $1" },
      { file: "src/a.ts", line: 2, text: "SELECT * FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.status <> 'cancelled'" },
      { file: "src/a.ts", line: 3, text: "SELECT * FROM payments WHERE status IN ('settled', 'failed')" },
      { file: "src/a.ts", line: 4, text: "SELECT * FROM reorders WHERE status = 'never'" },
      { file: "src/a.ts", line: 5, text: "select * from Orders where status in ('shipped')" },
      { file: "src/a.ts", line: 6, text: "SELECT * FROM order_notes WHERE status = 'hidden'" },
    ],
  } as unknown as Facts;
  const schema = [
    "-- schema",
    "CREATE TABLE orders (id SERIAL PRIMARY KEY, status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid')));",
    "CREATE TABLE ORDER_NOTES (id SERIAL PRIMARY KEY, status TEXT);",
    "CREATE TABLE payments (id SERIAL PRIMARY KEY, order_id INT REFERENCES orders (id) ON DELETE CASCADE, status TEXT);",
    "",
  ].join("\n");
  const shapes = readSchemaShapes(facts, (f) => (f === "db/schema.sql" ? schema : null));

  it("takes the states the schema declares and those the code's SQL compares or sets, for the table it names", () => {
    expect(shapes.tables.get("orders")).toEqual({ statusColumn: "status", initialState: "pending", states: ["cancelled", "paid", "pending", "shipped"] });
    expect(shapes.tables.get("payments")).toEqual({ statusColumn: "status", initialState: null, states: ["failed", "settled"] });
  });

  it("matches a table's name as the SQL writes it in lower case only, as before", () => {
    expect(shapes.tables.get("ORDER_NOTES")).toEqual({ statusColumn: "status", initialState: null, states: [] });
  });

  it("reads a cascading foreign key on its declaration's line", () => {
    expect([...shapes.cascades]).toEqual(["payments→orders"]);
  });
});

describe("the SQL sent at a line", () => {
  it("is the last site's text of that line, found by file and line", () => {
    const sites = [
      { file: "src/a.ts", line: 3, text: "SELECT 1" },
      { file: "src/b.ts", line: 3, text: "SELECT 2" },
      { file: "src/a.ts", line: 3, text: "INSERT INTO orders DEFAULT VALUES RETURNING id" },
    ] as unknown as Facts["sqlSites"];
    const texts = new SiteTexts(sites);
    expect(texts.get("src/a.ts", 3)).toBe("INSERT INTO orders DEFAULT VALUES RETURNING id");
    expect(texts.get("src/b.ts", 3)).toBe("SELECT 2");
    expect(texts.get("src/a.ts", 4)).toBeUndefined();
    expect(texts.get("src/c.ts", 3)).toBeUndefined();
  });
});

describe("the calendar's next item", () => {
  const item = (id: string, priority: number, buildWeeks: number, dependsOn: string[] = []): WorkItem => ({ id, kind: "context", context: id, personWeeks: buildWeeks, buildWeeks, verifyWeeks: 1, dependsOn, priority });

  it("is the one that can start soonest, then the lower priority, then the first in the extraction order", () => {
    const s = schedule(2, [], 0, [item("c", 3, 4), item("a", 1, 6, ["b"]), item("b", 2, 1), item("d", 3, 2)], 1);
    expect(s.items.map((i) => [i.id, i.startWeek, i.endWeek, i.doneWeek])).toEqual([
      ["b", 3, 3, 4],
      ["c", 4, 7, 8],
      ["a", 8, 13, 14],
      ["d", 14, 15, 16],
    ]);
  });
});
