import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, tempDirs } from "./helpers/cli.js";
import { inPty } from "./helpers/pty.js";

const temp = tempDirs(afterAll);

describe("strangler init", () => {
  it("asks in a terminal, skips what flags answered, and writes strangler.yaml", async () => {
    const dir = temp();
    const r = await inPty(`${process.execPath} ${BIN} init ${dir} --team-size 9`, [
      { wait: /infrastructure\/platform\?/, send: "3\r" },
      { wait: /Daily active users\?/, send: "120000\r" },
      { wait: /Monthly active users\?/, send: "\r" },
      { wait: /growth per year/, send: "\r" },
      { wait: /How often do you deploy\?/, send: "\r" },
      { wait: /change and deploy most/, send: "catalog, order\r" },
      { wait: /Which database\?/, send: "\r" },
      { wait: /Kubernetes experience\?/, send: "\x1b[B\r" },
      { wait: /sagas, events and eventual consistency/, send: "\r" },
      { wait: /Test coverage/, send: "45\r" },
      { wait: /traffic peak/, send: "\r" },
      { wait: /hurts most when it fails/, send: "payment\r" },
      { wait: /Currency for costs\?/, send: "\r" },
      { wait: /Yearly cost of one engineer/, send: "\r" },
      { wait: /infrastructure cost a month today/, send: "42,000\r" },
      { wait: /Which market do you serve/, send: "\r" },
      { wait: /Is it commerce/, send: "\r" },
      { wait: /change freezes/, send: "\r" },
      { wait: /traffic peak days/, send: "\r" },
      { wait: /Consistency per context/, send: "\r" },
      { wait: /hiring an engineer take/, send: "\r" },
      { wait: /by a deadline/, send: "\r" },
      { wait: /Budget for the move/, send: "\r" },
    ]);
    expect(r.status, r.output).toBe(0);
    expect(r.output).not.toMatch(/Team size|How many engineers build the product/); // answered by --team-size
    expect(fs.readFileSync(path.join(dir, "strangler.yaml"), "utf8")).toContain(
      [
        "team:",
        "  size: 9",
        "  infraSize: 3",
        "  deployCadence: weekly",
        "  mostDeployedAreas: [catalog, order]",
        "  kubernetes: some",
        "  sagaExperience: none",
        "  testCoverage: 45",
        "  hiringLeadWeeks: 12",
        "business:",
        "  dau: 120000",
        "  mostDamagingOutage: payment",
        "  market: KR",
        "  sector: commerce",
        "database:",
        "  dialect: postgresql",
        "money:",
        "  currency: USD",
        "  infraMonth: 42000",
      ].join("\n"),
    );
  });

  it("never prompts without a terminal: flags only, and what people wrote stays", () => {
    const dir = temp();
    const file = path.join(dir, "strangler.yaml");
    fs.writeFileSync(file, "# our figures, agreed with finance\nteam:\n  size: 20 # product engineers\nexclude:\n  - scripts/ # keep me\n");
    const r = runCli(["init", dir, "--infra-team-size", "4", "--currency", "USD", "--salary", "150,000"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("strangler.yaml: 3 answers written\n");
    expect(fs.readFileSync(file, "utf8")).toBe(
      "# our figures, agreed with finance\nteam:\n  size: 20 # product engineers\n  infraSize: 4\nexclude:\n  - scripts/ # keep me\nmoney:\n  currency: USD\n  salaryYear: 150000\n",
    );
  });

  it("refuses a bad flag value with exit 2, and leaves a broken file alone", () => {
    const dir = temp();
    expect(runCli(["init", dir, "--team-size", "many"]).status).toBe(2);
    const file = path.join(dir, "strangler.yaml");
    fs.writeFileSync(file, "team: [broken\n");
    const r = runCli(["init", dir, "--team-size", "3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strangler\.yaml:\d+: not valid YAML .*not rewritten/);
    expect(fs.readFileSync(file, "utf8")).toBe("team: [broken\n");
  });

  it("asks today's infrastructure cost (--infra-cost) for the roadmap to price the increase against", () => {
    const dir = temp();
    expect(runCli(["init", dir, "--infra-cost", "30000000", "--currency", "KRW"]).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "strangler.yaml"), "utf8")).toContain("money:\n  currency: KRW\n  infraMonth: 30000000\n");
  });

  it("feeds the roadmap: the team's most damaging domain raises its risk", () => {
    const dir = temp();
    const repo = path.join(dir, "shop");
    fs.cpSync(path.join(ROOT, "fixtures/allinone-commerce"), repo, { recursive: true });
    const before = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(runCli(["init", repo, "--most-damaging", "search"]).status).toBe(0);
    const after = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(after.risk).toBeGreaterThanOrEqual(before.risk + 4);
    expect(after.criticality).toBe("critical");
    expect(after.reasons.map((x: { kind: string }) => x.kind)).toContain("most-damaging");
  });

  it("feeds the roadmap in Korean: 검색 names the search context", () => {
    const dir = temp();
    const repo = path.join(dir, "shop");
    fs.cpSync(path.join(ROOT, "fixtures/allinone-commerce"), repo, { recursive: true });
    const before = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(runCli(["init", repo, "--most-damaging", "검색이 멈추면 매출이 0"]).status).toBe(0);
    const after = JSON.parse(runCli(["roadmap", repo, "--json"]).stdout).order.find((s: { name: string }) => s.name === "search");
    expect(after.risk).toBeGreaterThanOrEqual(before.risk + 4);
  });
});
