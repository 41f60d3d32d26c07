import type { Assessment } from "../../assess/index.js";
import type { TeamValues } from "../../config/team-fields.js";
import { loadDomains } from "../../rules/domains.js";
import { loadScoring } from "../../rules/scoring.js";
import { undeclaredTablesOf } from "../../score/undeclared.js";
import { compareStrings } from "../../util/sort.js";
import type { OrderData } from "./partition-order.js";

/** What the page needs to order a partition as `roadmap` orders the contexts (plan/index.ts gives it the same). */
export function orderDataOf(a: Assessment, repo: string, team: TeamValues): OrderData {
  const { domains, platform } = loadDomains(repo);
  const { scoring } = loadScoring(repo);
  const facts = a.scan.facts;
  const counts = new Map<string, number>();
  for (const x of facts.accesses) counts.set(`${x.table}\u0000${x.mode}`, (counts.get(`${x.table}\u0000${x.mode}`) ?? 0) + 1);
  const undeclared = undeclaredTablesOf(a.graph);
  return {
    domains,
    scoring,
    team,
    units: facts.history?.units ?? null,
    files: facts.files.map((f) => [f.path, f.unit] as [string, string]).sort((x, y) => compareStrings(x[0], y[0])),
    accesses: [...counts].sort(([x], [y]) => compareStrings(x, y)).map(([k, n]) => {
      const [table, mode] = k.split("\u0000");
      return [table, mode as OrderData["accesses"][number][1], n];
    }),
    columns: facts.columns ?? {},
    trafficShare: a.traffic ? Object.fromEntries(a.traffic.contexts.map((x) => [x.name, x.share])) : null,
    undeclaredTables: undeclared ? [...undeclared].sort(compareStrings) : null,
    platformWords: [...platform],
  };
}
