import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AjvImport from "ajv-draft-04";
import addFormatsImport from "ajv-formats";
import { JSDOM } from "jsdom";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { CHECK_RULES } from "../src/check/rules.js";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8" });

/** A file name with every character XML and Markdown give a meaning to, and a control character. */
const ODD = `src/orders/a&<b>'"|\`c\u0001.ts`;

/**
 * A monorepo: the shop in services/shop, two contexts; orders joins identity's table (error), imports an
 * internal file of it (error), and a unit no context lists (warning: `unassigned`).
 */
function monorepo(): { top: string; shop: string } {
  const top = repo({
    "services/shop/package.json": `{"name":"shop","dependencies":{"pg":"^8"}}\n`,
    "services/shop/db/schema.sql": "CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE orders (id int PRIMARY KEY, user_id int);\n",
    "services/shop/src/db.ts": "export function query(sql: string, params?: unknown[]) { return { sql, params }; }\n",
    "services/shop/src/users/users.repository.ts": 'import { query } from "../db";\nexport function byId(id: number) {\n  return query("SELECT id, email FROM users WHERE id = $1", [id]);\n}\n',
    "services/shop/src/orders/orders.repository.ts": 'import { query } from "../db";\nimport { byId } from "../users/users.repository";\nexport function withEmails() {\n  byId(1);\n  return query("SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id");\n}\n',
    [`services/shop/${ODD}`]: 'import { query } from "../db";\nexport function odd() {\n  return query("SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id");\n}\n',
    "services/shop/src/reports/report.service.ts": 'import { query } from "../db";\nexport const all = () => query("SELECT id FROM orders");\n',
    // src/db.ts is infrastructure; src/reports is listed nowhere
    "services/shop/contexts.yaml": "contexts:\n  orders:\n    modules: [src/orders/**]\n    tables: [orders]\n  identity:\n    modules: [src/users/**]\n    tables: [users]\ninfrastructure: [src/db.ts]\n",
  });
  git(top, "init", "-q", "-b", "main");
  git(top, "add", "-A");
  git(top, "commit", "-qm", "shop");
  return { top, shop: path.join(top, "services/shop") };
}

const check = (shop: string, ...args: string[]) => runCli(["check", shop, ...args]);

describe("check --format codeclimate (GitLab Code Quality)", () => {
  it("one issue per new violation, with GitLab's fields, paths from the git root, fingerprints unique and stable across moved lines", () => {
    const { shop } = monorepo();
    const r = check(shop, "--format", "codeclimate");
    expect(r.status).toBe(1);
    const issues = JSON.parse(r.stdout) as Array<Record<string, any>>;
    const json = JSON.parse(check(shop, "--json").stdout);
    expect(issues).toHaveLength(json.violations.length);
    expect(issues.length).toBeGreaterThanOrEqual(4);
    for (const i of issues) {
      expect(Object.keys(i).sort()).toEqual(["categories", "check_name", "description", "fingerprint", "location", "severity", "type"]);
      expect(i.type).toBe("issue");
      expect(typeof i.description).toBe("string");
      expect(CHECK_RULES.map((x) => x.id)).toContain(i.check_name);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(i.severity);
      expect(i.location.path.startsWith("services/shop/")).toBe(true);
      expect(fs.existsSync(path.join(shop, "../..", i.location.path))).toBe(true);
      expect(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1).toBe(true);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.filter((i) => i.severity === "minor").map((i) => i.check_name)).toEqual(["unassigned"]);
    expect(issues.find((i) => i.check_name === "cross-context-join" && i.location.path === "services/shop/src/orders/orders.repository.ts")?.location.lines).toEqual({ begin: 5, end: 5 });

    // two lines added above: every line moves, no fingerprint changes
    const file = path.join(shop, "src/orders/orders.repository.ts");
    fs.writeFileSync(file, `// moved\n// down\n${fs.readFileSync(file, "utf8")}`);
    const moved = JSON.parse(check(shop, "--format", "codeclimate").stdout) as typeof issues;
    expect(moved.map((i) => i.fingerprint).sort()).toEqual(issues.map((i) => i.fingerprint).sort());
    expect(moved.find((i) => i.check_name === "cross-context-join" && i.location.path.endsWith("orders.repository.ts"))?.location.lines.begin).toBe(7);
  });

  it("is an empty list when nothing is new", () => {
    const { shop } = monorepo();
    expect(check(shop, "--update-baseline").status).toBe(0);
    const r = check(shop, "--format", "codeclimate");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe("check --format junit", () => {
  const parse = (xml: string) => new new JSDOM("").window.DOMParser().parseFromString(xml, "application/xml");

  it("is well-formed XML: a suite per rule, a failing case per new violation that fails the gate, names escaped", () => {
    const { shop } = monorepo();
    const r = check(shop, "--format", "junit");
    expect(r.status).toBe(1);
    const doc = parse(r.stdout);
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    const suites = [...doc.getElementsByTagName("testsuite")];
    expect(suites.map((s) => s.getAttribute("name"))).toEqual(CHECK_RULES.map((x) => `strangler ${x.id}`));
    const violations = JSON.parse(check(shop, "--json").stdout).violations as Array<{ rule: string; severity: string; file: string }>;
    const cases = [...doc.getElementsByTagName("testcase")];
    const failed = cases.filter((c) => c.getElementsByTagName("failure").length);
    expect(failed).toHaveLength(violations.filter((v) => v.severity === "error").length);
    // a warning does not fail under --fail-on error: a passing case that says what it is
    const warning = cases.find((c) => c.getAttribute("classname") === "strangler.unassigned" && c.getElementsByTagName("system-out").length);
    expect(warning?.textContent).toContain("warning: code unit src/reports");
    // the odd file's name comes back whole through the escaping (its control character as \u0001)
    const odd = cases.find((c) => c.getAttribute("file")?.includes("a&<b>"));
    expect(odd?.getAttribute("file")).toBe(`services/shop/${ODD.replace("\u0001", "\\u0001")}`);
    expect(Number(doc.documentElement.getAttribute("failures"))).toBe(failed.length);
    expect(Number(doc.documentElement.getAttribute("tests"))).toBe(cases.length);
    // a rule with nothing new is one passing case
    const fk = suites.find((s) => s.getAttribute("name") === "strangler cross-context-fk")!;
    expect(fk.getElementsByTagName("testcase")).toHaveLength(1);
    expect(fk.getElementsByTagName("failure")).toHaveLength(0);
    // and the check can fail: broken XML is reported as such
    expect(parse("<testsuites><testsuite></testsuites>").getElementsByTagName("parsererror").length).toBeGreaterThan(0);
    // --fail-on warning fails the warning too
    const strict = parse(check(shop, "--format", "junit", "--fail-on", "warning").stdout);
    expect(strict.getElementsByTagName("failure")).toHaveLength(violations.length);
  });
});

describe("check --format markdown (a job summary)", () => {
  it("says the verdict and counts, then a row per new violation, names in code spans, rules linked to their docs", () => {
    const { shop } = monorepo();
    const r = check(shop, "--format", "markdown");
    expect(r.status).toBe(1);
    const md = r.stdout;
    const json = JSON.parse(check(shop, "--json").stdout);
    expect(md.startsWith("## strangler check\n")).toBe(true);
    expect(md).toContain(`| ${json.summary.new} | ${json.summary.errors} | ${json.summary.warnings} | 0 | 0 |`);
    const rows = md.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(json.violations.length);
    expect(md).toContain("| `services/shop/src/orders/orders.repository.ts:5` | error | [cross-context-join](https://www.npmjs.com/package/strangler-fig/v/");
    // the odd name: inside a code span, its pipe escaped for the table, nothing raw outside
    const odd = rows.find((l) => l.includes("a&<b>"))!;
    expect(odd).toContain("``services/shop/src/orders/a&<b>'\"\\|`c\\u0001.ts:3``");
    expect(odd.split(/(?<!\\)\|/).length).toBe(6);
    const clean = check(shop, "--format", "markdown", "--exclude", "src/orders/**", "--exclude", "src/reports/**").stdout;
    expect(clean).toContain("No new violation of the agreed bounded contexts.");
  });
});

describe("check --format sarif: rules carry help, a link to their section of the README, and tags", () => {
  it("validates against the SARIF 2.1.0 schema; each helpUri's anchor is a heading of the README that holds the rule's help", () => {
    const { shop } = monorepo();
    const sarif = JSON.parse(check(shop, "--format", "sarif").stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    const Ajv = ((AjvImport as unknown as { default?: typeof AjvImport }).default ?? AjvImport) as unknown as new (o: object) => import("ajv").default;
    const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: unknown) => void;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    const rules = sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri: string; help: { text: string; markdown: string }; properties: { tags: string[] } }>;
    expect(rules.map((x) => x.id)).toEqual(CHECK_RULES.map((x) => x.id));
    for (const rule of rules) {
      const def = CHECK_RULES.find((x) => x.id === rule.id)!;
      expect(rule.helpUri).toBe(`https://www.npmjs.com/package/strangler-fig/v/${version}#${rule.id}`);
      expect(rule.help.text).toContain(def.help);
      expect(rule.help.markdown).toContain(def.help);
      expect(rule.help.markdown).toContain(`(${rule.helpUri})`);
      expect(rule.properties.tags).toEqual(expect.arrayContaining(["architecture", "bounded-context"]));
      // the README's heading for the rule (GitHub's and npm's anchor: the heading's text, backticks dropped)
      const heading = readme.indexOf(`\n#### \`${rule.id}\`\n`);
      expect(heading, rule.id).toBeGreaterThan(0);
      const section = readme.slice(heading + 1).split(/\n#{2,4} /)[0].replace(/\s+/g, " ");
      expect(section, rule.id).toContain(def.help);
    }
  });
});

describe("check --also <format>=<file>: every output from one run", () => {
  it("writes each format to its file as its own run would, the result on stdout; a bad spec is exit 2 before any scan", () => {
    const { shop } = monorepo();
    const dir = temp();
    const r = check(shop, "--format", "github", "--also", `sarif=${dir}/a.sarif`, "--also", `markdown=${dir}/summary.md`, "--also", `json=${dir}/r.json`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(check(shop, "--format", "github").stdout);
    expect(fs.readFileSync(`${dir}/a.sarif`, "utf8")).toBe(check(shop, "--format", "sarif").stdout);
    expect(fs.readFileSync(`${dir}/summary.md`, "utf8")).toBe(check(shop, "--format", "markdown").stdout);
    expect(fs.readFileSync(`${dir}/r.json`, "utf8")).toBe(check(shop, "--json").stdout);
    for (const [spec, message] of [
      ["sarif", '--also takes <format>=<file>, got "sarif"'],
      ["xml=out.xml", "check knows no --format xml"],
      ["sarif=-", "stdout carries the result"],
    ]) {
      const bad = check(shop, "--also", spec);
      expect(bad.status, spec).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  });
});
