import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import AjvModule from "ajv";
import { FIXTURE, ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { stranglerYamlSchema } from "../src/config/strangler-schema.js";
import { CHECK_RULES } from "../src/check/rules.js";
import { parse } from "yaml";

const temp = tempDirs(afterAll);
const repo = repoOf(temp);

/** Two contexts, a join across them, and a unit and a table nobody lists. */
const SHOP = {
  "src/db.ts": "export function query(sql: string) { return sql; }\n",
  "src/modules/order/index.ts": 'import { query } from "../../db";\nexport const list = () => query("SELECT * FROM orders JOIN payments ON payments.order_id = orders.id");\n',
  "src/modules/pay/index.ts": 'import { query } from "../../db";\nexport const pay = () => query("INSERT INTO payments (id) VALUES (1)");\n',
  "src/misc/audit.ts": 'import { query } from "../db";\nexport const log = () => query("INSERT INTO audit_log (id) VALUES (1)");\n',
  "schema.sql": "CREATE TABLE orders (id int primary key);\nCREATE TABLE payments (id int primary key, order_id int);\nCREATE TABLE audit_log (id int);\n",
};
const GOOD = "contexts:\n  order:\n    modules: [src/modules/order/**]\n    tables: [orders]\n  pay:\n    modules: [src/modules/pay/**]\n    tables: [payments]\ninfrastructure: [src/db.ts]\n";

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (o: object) => import("ajv").default;
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", `${name}.schema.json`), "utf8"));

describe("a broken contexts.yaml fails the gate closed (exit 2, file:line)", () => {
  it.each([
    ["modules given as a text", "contexts:\n  order:\n    modules: src/modules/order/**\n", "contexts.yaml:3: contexts.order.modules must be a list, not the text"],
    ["unknown key modulez", "contexts:\n  order:\n    modulez: [src/modules/order/**]\n", 'contexts.yaml:3: unknown key "modulez" in contexts.order (expected modules, tables, entry)'],
    ["unknown key entrys", "contexts:\n  order:\n    modules: [src/modules/order/**]\n    entrys: [src/modules/order/index.ts]\n", 'contexts.yaml:4: unknown key "entrys" in contexts.order'],
    ["unknown key rulez", `${GOOD}rulez:\n  cross-context-join: warning\n`, 'contexts.yaml:9: unknown key "rulez" (expected contexts, infrastructure, rules)'],
    ["an unknown rule", `${GOOD}rules:\n  cross-context-jion: warning\n`, 'contexts.yaml:10: unknown key "cross-context-jion" in rules (expected cross-context-join, cross-context-fk, foreign-table-access, cross-context-import, unassigned)'],
    ["a bad severity", `${GOOD}rules:\n  cross-context-join: fatal\n`, "contexts.yaml:10: rules.cross-context-join must be one of error, warning, warn, off, not the text \"fatal\""],
    ["a table in two contexts", `${GOOD.replace("tables: [payments]", "tables: [payments, public.orders]")}`, "contexts.yaml:7: table public.orders is listed in two contexts, order (line 4) and pay: a table has one owner"],
    ["no contexts at all", "infrastructure: [src/db.ts]\n", 'contexts.yaml:1: missing key "contexts"'],
    ["a list where a mapping belongs", "- order\n", "contexts.yaml:1: the file must be a mapping, not a list"],
    ["an alias to no anchor", "contexts: *a\n", "contexts.yaml:1: not valid YAML (Unresolved alias (the anchor must be set before the alias): a)"],
    ["a duplicate key", "contexts:\n  order:\n    modules: [a]\n  order:\n    modules: [b]\n", "contexts.yaml:4: not valid YAML (Map keys must be unique"],
  ])("%s", (_name, text, expected) => {
    const dir = repo({ ...SHOP, "contexts.yaml": text });
    const r = runCli(["check", dir]);
    expect(r.stderr).toContain(`strangler: ${expected}`);
    expect(r.stderr).toContain("check judges nothing until");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(2);
  });

  it("lists every problem, in line order, in one run", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": "contexts:\n  order:\n    modulez: [x]\n  pay:\n    tables: payments\nrulez: {}\n" });
    const r = runCli(["check", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").filter((l) => /contexts\.yaml:\d/.test(l)).map((l) => l.match(/contexts\.yaml:(\d+)/)![1])).toEqual(["3", "5", "6"]);
  });

  it("an unreadable contexts.yaml or baseline is named with the reason, not an internal error", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": GOOD, ".strangler/baseline.json": '{"violations": []}\n' });
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    if (asUser !== undefined) fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, ".strangler"), 0o755);
    fs.chmodSync(path.join(dir, "contexts.yaml"), 0o000);
    const a = runCli(["check", dir], { asUser });
    expect(a.stderr).toBe("strangler: contexts.yaml: cannot read (permission denied)\n");
    expect(a.status).toBe(2);
    fs.chmodSync(path.join(dir, "contexts.yaml"), 0o644);
    fs.chmodSync(path.join(dir, ".strangler/baseline.json"), 0o000);
    const b = runCli(["check", dir], { asUser });
    expect(b.stderr).toBe("strangler: .strangler/baseline.json: cannot read (permission denied)\n");
    expect(b.status).toBe(2);
  });

  it("assess reports the problems and refuses to rewrite the file with --write-contexts", () => {
    const text = "contexts:\n  order:\n    modules: src/modules/order/**\n";
    const dir = repo({ ...SHOP, "contexts.yaml": text });
    const r = runCli(["assess", dir, "--write-contexts"]);
    expect(r.stderr).toContain("contexts.yaml:3");
    expect(r.stderr).toContain("strangler: contexts.yaml:3: contexts.order.modules must be a list, not the text \"src/modules/order/**\"; not rewritten\n");
    expect(r.status).toBe(2);
    expect(fs.readFileSync(path.join(dir, "contexts.yaml"), "utf8")).toBe(text);
  });
});

describe("unassigned units and tables", () => {
  it("are warnings by default: named, counted, and the gate passes", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": `${GOOD}rules:\n  cross-context-join: off\n  foreign-table-access: off\n` });
    const r = runCli(["check", dir]);
    expect(r.stdout).toBe(
      [
        "schema.sql:3  warning  unassigned  table audit_log is in no context: list it under its owner's tables",
        "src/misc/audit.ts:1  warning  unassigned  code unit src/misc (1 file) is in no context: list it under a context's modules, or under infrastructure",
        "",
        "2 new violations (0 errors, 2 warnings); 0 known in the baseline; 0 stale baseline entries",
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(0);
  });

  it("fail the gate when set to error, and are silent when off or listed", () => {
    const base = `${GOOD}rules:\n  cross-context-join: off\n  foreign-table-access: off\n`;
    const dir = repo({ ...SHOP, "contexts.yaml": `${base}  unassigned: error\n` });
    const e = runCli(["check", dir, "--json"]);
    expect(e.status).toBe(1);
    expect(JSON.parse(e.stdout).summary).toMatchObject({ new: 2, errors: 2 });
    fs.writeFileSync(path.join(dir, "contexts.yaml"), `${base}  unassigned: off\n`);
    expect(runCli(["check", dir]).stdout).toMatch(/^no new violations/);
    fs.writeFileSync(path.join(dir, "contexts.yaml"), `${base.replace("tables: [orders]", "tables: [orders, audit_log]").replace("[src/db.ts]", "[src/db.ts, src/misc/**]")}  unassigned: error\n`);
    const listed = runCli(["check", dir]);
    expect(listed.stdout).toMatch(/^no new violations/);
    expect(listed.status).toBe(0);
  });
});

describe("strangler.yaml and the baseline against their schemas", () => {
  it("check exits 2 on a strangler.yaml the schema refuses; scan reports it by line and goes on", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": GOOD, "strangler.yaml": "team:\n  size: 0\n  sise: 4\nbusiness:\n  dau: 1.5\nmoney:\n  salaryYear: 1e308\n" });
    const c = runCli(["check", dir]);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain("strangler: strangler.yaml:2: team.size must be between 1 and 100,000, not 0\n");
    expect(c.stderr).toContain('strangler: strangler.yaml:3: unknown key "sise" in team');
    expect(c.stderr).toContain("strangler: strangler.yaml:5: business.dau must be a whole number, not the number 1.5\n");
    expect(c.stderr).toContain("strangler: strangler.yaml:7: money.salaryYear must be between 0 and 1,000,000,000,000, not 1e+308\n");
    const s = runCli(["scan", dir]);
    expect(s.status).toBe(0);
    expect(s.stderr).toContain("strangler.yaml:2");
    expect(s.stderr).toContain("ignored");
  });

  it("check exits 2 on a baseline entry the schema refuses, with its line", () => {
    const dir = repo({ ...SHOP, "contexts.yaml": GOOD, ".strangler/baseline.json": '{\n  "version": 1,\n  "violations": [\n    { "fingerprint": "0123abcd", "rul": "x" }\n  ]\n}\n' });
    const r = runCli(["check", dir]);
    expect(r.stderr).toBe('strangler: .strangler/baseline.json:4: unknown key "rul" in violations[0] (expected fingerprint, rule, file, message)\n');
    expect(r.status).toBe(2);
  });

  it("accepts a $schema key for editors in each file", () => {
    const dir = repo({
      ...SHOP,
      "contexts.yaml": `$schema: ./node_modules/strangler/schemas/contexts.schema.json\n${GOOD}`,
      "strangler.yaml": "$schema: ./node_modules/strangler/schemas/strangler.schema.json\nteam:\n  size: 4\n",
      ".strangler/baseline.json": '{"$schema": "../schemas/baseline.schema.json", "version": 1, "violations": []}\n',
    });
    const r = runCli(["check", dir]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1); // the join across contexts, not the files
  });
});

describe("the schemas shipped in the package", () => {
  it("are in package.json's files, and strangler.schema.json is the one built from init's questions", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.files).toContain("schemas");
    expect(schema("strangler")).toEqual(stranglerYamlSchema());
  });

  it("name every check rule", () => {
    expect(Object.keys(schema("contexts").properties.rules.properties).sort()).toEqual(CHECK_RULES.map((r) => r.id).sort());
  });

  it("validate the example's contexts with any standard validator, and refuse a broken one", () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema("contexts"));
    expect(validate(parse(fs.readFileSync(path.join(FIXTURE, "expected.yaml"), "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ contexts: { order: { modulez: [] } } })).toBe(false);
    expect(validate({ contexts: { order: { modules: "src" } } })).toBe(false);
    const baseline = ajv.compile(schema("baseline"));
    expect(baseline({ version: 1, violations: [{ fingerprint: "abc123", rule: "cross-context-join", file: "a.ts", message: "m" }] })).toBe(true);
    expect(baseline({ violations: [{ rule: "x" }] })).toBe(false);
  });
});
