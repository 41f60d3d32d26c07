import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRepo } from "../src/scan/index.js";
import { percent } from "../src/score/runtime-traffic.js";
import { FIXTURE, ROOT, runCli } from "./helpers/cli.js";

/*
 * Traffic in the plan: given an export of pg_stat_statements where search gets most calls (made by running
 * each statement of the example's code as often as fixtures/runtime-stats/README.md says), assess measures
 * each context's share of the calls and the roadmap ranks search first by traffic and says so, in English
 * and Korean, with the line of code behind it.
 */

const STATS = path.join(ROOT, "fixtures/runtime-stats/allinone-commerce.search-heavy.pg_stat_statements.csv");
const RUNS = (file: string) => (file.includes("/search/") ? 300 : file.includes("/catalog/") ? 40 : file.includes("/cart/") ? 12 : file.includes("/user/") || file.includes("/auth/") ? 10 : 3);
const sites = scanRepo(FIXTURE, { gitHistory: false }).facts.sqlSites;
const allCalls = sites.reduce((n, s) => n + RUNS(s.file), 0);
const searchCalls = sites.filter((s) => s.file.includes("/search/")).reduce((n, s) => n + RUNS(s.file), 0);

describe("traffic from a statistics export where search gets most calls", () => {
  it("assess measures each context's share of the calls: search first", () => {
    const r = runCli(["assess", FIXTURE, "--queries", STATS, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const traffic = JSON.parse(r.stdout).traffic;
    expect(traffic.calls).toBe(allCalls);
    expect(traffic.contexts[0]).toMatchObject({ name: "search", rank: 1, calls: searchCalls, share: Math.round((searchCalls / allCalls) * 10000) / 10000 });
    expect(traffic.contexts[1]).toMatchObject({ name: "product", rank: 2 });
    expect(traffic.contexts.map((c: { share: number }) => c.share).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1 - traffic.unattributedCalls / allCalls, 3);
    // search_queries: the log written on every search, and the popular-searches read.
    expect(traffic.tables.find((t: { name: string }) => t.name === "public.search_queries")).toEqual({ name: "public.search_queries", context: "search", calls: 600, readCalls: 300, writeCalls: 300, statements: 2 });
    const text = runCli(["assess", FIXTURE, "--queries", STATS]).stdout;
    expect(text).toContain(`  1. search  ${percent(searchCalls / allCalls)}  (${searchCalls} calls, 75% reads)  tables: search_queries 600, search_synonyms 300`);
  });

  it("the roadmap ranks search's traffic first and says so, with the line that sends its busiest read", () => {
    const r = runCli(["roadmap", FIXTURE, "--queries", STATS, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout).order as Array<{ name: string; traffic?: { rank: number; share: number }; reasons: Array<{ kind: string; text: string; evidence: Array<{ file: string; line: number }> }> }>;
    const search = order.find((o) => o.name === "search")!;
    expect(search.traffic).toMatchObject({ rank: 1, calls: searchCalls });
    const why = `carries ${percent(searchCalls / allCalls)} of the database's calls (1st of 12 by traffic; 75% reads), the most of any context: a high-traffic read path, worth extracting early behind its own read model or cache`;
    expect(search.reasons[0]).toMatchObject({ kind: "traffic", text: why });
    expect(search.reasons[0].evidence[0]).toMatchObject({ file: "src/modules/search/search-index.repository.ts", source: "runtime", calls: 300 });
    expect(order.filter((o) => o.reasons.some((x) => x.kind === "traffic" && x.text.includes("the most of any context")))).toHaveLength(1);
    expect(order.every((o) => o.traffic !== undefined)).toBe(true);

    const en = runCli(["roadmap", FIXTURE, "--queries", STATS]).stdout;
    expect(en).toMatch(new RegExp(`- ${escape(why)} \\(\`src/modules/search/search-index\\.repository\\.ts:\\d+\`\\)`));
    const ko = runCli(["roadmap", FIXTURE, "--queries", STATS, "--lang", "ko"]).stdout;
    expect(ko).toContain(`데이터베이스 호출의 ${percent(searchCalls / allCalls)} (트래픽 순위 12개 중 1위, 읽기 75%): 가장 많은 호출, 자체 읽기 모델이나 캐시 뒤로 먼저 분리할 가치가 있는 고트래픽 읽기 경로`);
  });

  it("says nothing of traffic without statistics", () => {
    const order = JSON.parse(runCli(["roadmap", FIXTURE, "--json"]).stdout).order as Array<{ traffic?: unknown; reasons: Array<{ kind: string }> }>;
    expect(order.some((o) => o.traffic !== undefined || o.reasons.some((x) => x.kind === "traffic"))).toBe(false);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
