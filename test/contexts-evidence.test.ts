import fs from "node:fs";
import path from "node:path";
import { roadmapMarkdown } from "../src/report/roadmap-markdown.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustedRandIndex } from "../src/score/compare.js";
import { assessRepo, type Assessment } from "../src/assess/index.js";
import { roadmapOf } from "../src/plan/index.js";
import { ROOT, repoOf, tempDirs } from "./helpers/cli.js";
import { columnsAt } from "../src/scan/columns.js";
import { criticalityOf } from "../src/score/criticality.js";
import { nameGroups } from "../src/cluster/naming.js";
import { loadDomains } from "../src/rules/domains.js";
import { singular } from "../src/util/inflect.js";

/*
 * Contexts, names and criticality from the repo's own evidence (issue 21): the application shell is
 * infrastructure, names come from the tables, criticality from what the tables hold and how they are written.
 * The repo below was written for this test: a small notes service with sign-in, billing and a shell around it.
 */

const temp = tempDirs(afterAll);
const { domains } = loadDomains(null);

const SCHEMA = `
CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);
CREATE TABLE sessions (id serial PRIMARY KEY, account_id int REFERENCES accounts(id), token text NOT NULL);
CREATE TABLE notes (id serial PRIMARY KEY, account_id int REFERENCES accounts(id), body text);
CREATE TABLE note_tags (id serial PRIMARY KEY, note_id int REFERENCES notes(id), tag text);
CREATE TABLE note_shares (id serial PRIMARY KEY, note_id int REFERENCES notes(id), account_id int REFERENCES accounts(id));
CREATE TABLE invoices (id serial PRIMARY KEY, account_id int REFERENCES accounts(id), amount_due numeric(12,2), currency text);
CREATE TABLE invoice_lines (id serial PRIMARY KEY, invoice_id int REFERENCES invoices(id), total numeric(12,2));
CREATE TABLE plans (id serial PRIMARY KEY, name text, price numeric(12,2));
CREATE TABLE devices (id serial PRIMARY KEY, account_id int REFERENCES accounts(id), push_token text);
CREATE TABLE mail_outbox (id serial PRIMARY KEY, recipient text, subject text);
CREATE TABLE knex_migrations (id serial PRIMARY KEY, name text);
`;

const service = (noun: string, sql: string[], imports: string[] = []) =>
  [...imports.map((i) => `import ${i};`), `import { db } from "../../db/pool";`, `export async function ${noun}Work(id: number) {`, ...sql.map((q) => `  await db.query(\`${q}\`, [id]);`), `}`, ""].join("\n");

function notesRepo(): string {
  return repoOf(temp)({
    "package.json": JSON.stringify({ name: "notes", dependencies: { pg: "^8" } }),
    "db/schema.sql": SCHEMA,
    "src/db/pool.ts": `export const db = { query: async (_q: string, _p: unknown[]) => [] };\n`,
    // The business: each feature folder writes its own tables.
    "src/modules/mailer/sign-in.ts": service("signIn", ["INSERT INTO sessions (account_id, token) VALUES ($1, 'x')", "SELECT * FROM accounts WHERE id = $1", "UPDATE accounts SET password_hash = 'h' WHERE id = $1"]),
    "src/modules/mailer/accounts.ts": service("accounts", ["INSERT INTO accounts (email, password_hash) VALUES ('a', $1)", "DELETE FROM sessions WHERE account_id = $1"]),
    "src/modules/notes/notes.ts": service("notes", ["INSERT INTO notes (account_id, body) VALUES ($1, '')", "INSERT INTO note_tags (note_id, tag) VALUES ($1, 't')", "SELECT * FROM notes JOIN note_tags ON note_tags.note_id = notes.id WHERE notes.id = $1"]),
    "src/modules/notes/sharing.ts": service("sharing", ["INSERT INTO note_shares (note_id, account_id) VALUES ($1, 1)", "SELECT * FROM note_shares WHERE note_id = $1"]),
    "src/modules/billing/invoices.ts": service("invoices", ["INSERT INTO invoices (account_id, amount_due, currency) VALUES ($1, 1, 'EUR')", "INSERT INTO invoice_lines (invoice_id, total) VALUES ($1, 1)", "SELECT * FROM invoices WHERE id = $1"]),
    "src/modules/billing/plans.ts": service("plans", ["UPDATE plans SET price = 2 WHERE id = $1", "SELECT * FROM plans"]),
    "src/modules/devices/devices.ts": service("devices", ["INSERT INTO devices (account_id, push_token) VALUES ($1, 'p')", "SELECT * FROM devices WHERE account_id = $1"]),
    "src/modules/outbox/outbox.ts": service("outbox", ["INSERT INTO mail_outbox (recipient, subject) VALUES ('a', 'b')", "SELECT * FROM mail_outbox"]),
    // The shell: wiring, middleware, configuration, a migrator and a database lock, health, logging.
    "src/main.ts": [
      `import { signInWork } from "./modules/mailer/sign-in";`,
      `import { notesWork } from "./modules/notes/notes";`,
      `import { invoicesWork } from "./modules/billing/invoices";`,
      `import { devicesWork } from "./modules/devices/devices";`,
      `import { requireLogin } from "./middleware/require-login";`,
      `import { config } from "./config/config";`,
      `import { migrate } from "./migrator";`,
      `import { withLock } from "./db-lock";`,
      `import { health } from "./health/health";`,
      `import { log } from "./logger";`,
      `export async function main() { log(config.port); await withLock(migrate); requireLogin(); health(); await signInWork(1); await notesWork(1); await invoicesWork(1); await devicesWork(1); }`,
      "",
    ].join("\n"),
    "src/middleware/require-login.ts": `import { signInWork } from "../modules/mailer/sign-in";\nimport { log } from "../logger";\nexport function requireLogin() { log("x"); return signInWork; }\n`,
    "src/config/config.ts": `export const config = { port: Number(process.env.PORT ?? 3000) };\n`,
    "src/migrator.ts": `import { db } from "./db/pool";\nimport { log } from "./logger";\nexport async function migrate() { log("m"); await db.query("SELECT 1", []); }\n`,
    "src/db-lock.ts": `import { db } from "./db/pool";\nexport async function withLock(f: () => Promise<void>) { await db.query("SELECT pg_advisory_lock(1)", []); await f(); }\n`,
    "src/health/health.ts": `import { db } from "../db/pool";\nimport { notesWork } from "../modules/notes/notes";\nimport { invoicesWork } from "../modules/billing/invoices";\nexport function health() { return [db, notesWork, invoicesWork]; }\n`,
    "src/logger.ts": `export function log(_x: unknown) {}\n`,
    // A one-off upgrade from an older version: it copies notes, and keeps the migration tool's ledger.
    "src/upgrade/from-v1.ts": service("fromV1", ["SELECT name FROM knex_migrations", "INSERT INTO notes (account_id, body) VALUES ($1, 'old')", "INSERT INTO knex_migrations (name) VALUES ('v1')"]),
  });
}

describe("a repo's application shell, names and criticality, from its evidence", () => {
  let a: Assessment;
  let repo: string;
  beforeAll(() => {
    repo = notesRepo();
    a = assessRepo(repo, { gitHistory: false });
  });
  const contextOf = (unit: string) => a.clustering.contexts.find((c) => c.units.includes(unit))?.name;
  const infra = () => new Map(a.clustering.infrastructure.map((i) => [i.node.replace(/^module:/, ""), i]));

  it("sets the shell apart as infrastructure, with its reason, and never as a context", () => {
    const shell = infra();
    for (const unit of ["src/middleware", "src/config", "migrator", "db-lock", "src/health", "logger"]) {
      const found = [...shell.keys()].find((k) => k === unit || k.endsWith(`/${unit}`) || k === `src/${unit}`);
      expect(found, `${unit} is infrastructure (${[...shell.keys()].join(", ")})`).toBeDefined();
      expect(contextOf(found!)).toBeUndefined();
    }
    const upgrade = [...shell.entries()].find(([k]) => k.includes("upgrade"));
    expect(upgrade?.[1].why).toMatch(/a migrator: it reads or writes knex_migrations/);
    const middleware = [...shell.entries()].find(([k]) => k.includes("middleware"))![1];
    expect(middleware.reason).toBe("shell");
    expect(middleware.why).toMatch(/shell|middleware/);
  });

  it("names each context after its own tables, never after a folder word of the vocabulary", () => {
    const names = a.clustering.contexts.map((c) => c.name).sort();
    // The sign-in code sits in a folder named mailer: its tables say account, not notification.
    const signIn = a.clustering.contexts.find((c) => c.units.some((u) => u.includes("mailer")))!;
    expect(signIn.name).toBe("account");
    expect(signIn.domain).toBe("identity");
    expect(names).toContain("note");
    expect(names).toContain("invoice");
    expect(names.some((n) => /-\d+$/.test(n))).toBe(false);
    for (const c of a.clustering.contexts) {
      if (!c.tables.length) continue;
      const words = c.tables.flatMap((t) => t.replace(/^public\./, "").split("_").map(singular));
      expect(c.name.split("-").every((w) => words.includes(w)), `${c.name} in ${c.tables.join(", ")}`).toBe(true);
      expect(c.naming?.text).toMatch(/named after/);
    }
  });

  it("judges criticality by what the tables hold and how they are written, each reason with its line", () => {
    const plan = { order: roadmapOf(a, repo, {}, { lang: "en" }).scores.sort((x, y) => x.rank - y.rank) };
    const score = (name: string) => plan.order.find((o) => o.name === name)!;
    const signIn = a.clustering.contexts.find((c) => c.units.some((u) => u.includes("mailer")))!.name;
    // Password hashes and session tokens: high, though the folder says mailer.
    expect(score(signIn).criticality).toBe("high");
    const secret = score(signIn).criticalityEvidence.find((e) => e.kind === "secret")!;
    expect(secret.text).toMatch(/password_hash/);
    expect(secret.evidence[0].file).toBe("db/schema.sql");
    expect(secret.evidence[0].line).toBeGreaterThan(1);
    // Amounts owed: money.
    const invoice = score("invoice");
    expect(["high", "critical"]).toContain(invoice.criticality);
    expect(invoice.criticalityEvidence.some((e) => e.kind === "money" && /amount_due/.test(e.text))).toBe(true);
    // A device's push token opens no account.
    const device = plan.order.find((o) => o.name === "device");
    if (device) expect(device.criticalityEvidence.some((e) => e.kind === "secret")).toBe(false);
    // The pilot is never shell code.
    const shell = new Set(a.clustering.infrastructure.map((i) => i.node.replace(/^module:/, "")));
    const pilot = a.clustering.contexts.find((c) => c.name === plan.order[0].name)!;
    expect(pilot.units.some((u) => shell.has(u))).toBe(false);
  });
});

describe("criticality rules", () => {
  const col = (name: string, line = 3) => ({ name, file: "db/schema.sql", line });
  it("money written in one transaction with another context is critical; prices alone are medium", () => {
    const crossings = [{ kind: "tx", fromContext: "order", toContext: "stock", occurrences: 1, evidence: [{ file: "src/order.ts", line: 9 }] }] as never;
    const order = criticalityOf({ name: "order", tables: ["public.orders"], columns: { "public.orders": [col("total")] }, crossings, writes: { own: 1, all: 10 } });
    expect(order.criticality).toBe("critical");
    const catalog = criticalityOf({ name: "product", tables: ["public.products"], columns: { "public.products": [col("unit_price"), col("min_order_amount")] }, crossings: [], writes: { own: 1, all: 10 } });
    expect(catalog.criticality).toBe("medium");
    expect(catalog.evidence.map((e) => e.kind)).toEqual(["price"]);
  });
  it("takes the vocabulary as a prior one level over the evidence at most, and says so", () => {
    const r = criticalityOf({ name: "order", tables: ["public.orders"], columns: {}, crossings: [], writes: { own: 0, all: 10 }, prior: { domain: "order", criticality: "critical" } });
    expect(r.criticality).toBe("medium");
    expect(r.evidence.at(-1)!.text).toMatch(/usually critical/);
  });
});

describe("naming rules", () => {
  it("takes the words most tables begin with, the aggregate root, never a number; singular through inflection", () => {
    const names = nameGroups(
      [
        { units: ["src/alias"], tables: ["public.alias"] },
        { units: ["src/cr"], tables: ["public.change_requests", "public.change_request_comments", "public.change_request_approvals"] },
        { units: ["src/x"], tables: ["public.warehouses", "public.bins"], inboundFks: { "public.warehouses": 1 } },
        { units: ["src/y"], tables: ["public.alias", "public.alias_history"] },
      ],
      domains,
    );
    expect(names.map((n) => n.name)).toEqual(["alias", "change-request", "warehouse", "alias-history"]);
    expect(names[2].naming?.from).toBe("aggregate-root");
    expect(names[2].domain).toBe("inventory");
  });
  it("names a group of plugins after their folder, not after the first plugin", () => {
    const names = nameGroups([{ units: ["server/plugins/auth0", "server/plugins/bugsnag", "server/plugins/html-asciinema"], tables: [] }], domains);
    expect(names[0].name).toBe("plugin");
    expect(names[0].naming?.from).toBe("folder");
  });
  it("keeps alias, data and status as they are", () => {
    expect(["alias", "aliases", "data", "statuses", "categories"].map(singular)).toEqual(["alias", "alias", "data", "status", "category"]);
  });
});

describe("columns read where a table is declared", () => {
  it("reads a CREATE TABLE body, an entity class and a Prisma model", () => {
    expect(columnsAt(["CREATE TABLE t (", "  id serial PRIMARY KEY,", "  amount numeric(10,2),", "  CONSTRAINT x UNIQUE (amount)", ");"], 1, "a.sql", "t").map((c) => [c.name, c.line])).toEqual([["id", 2], ["amount", 3]]);
    expect(columnsAt(["@Entity()", "export class Payment {", "  @Column() amount!: number;", "  @Column({ nullable: true }) apiKey?: string;", "}"], 1, "p.ts", "payment").map((c) => c.name)).toEqual(["amount", "apiKey"]);
    expect(columnsAt(["model Invoice {", "  id Int @id", "  total Decimal", "}"], 1, "schema.prisma", "invoice").map((c) => c.name)).toEqual(["total"]);
  });
});

describe("one business by feature folder and by layer (fixtures/ticketing, NestJS + TypeORM)", () => {
  const TICKETING = path.join(ROOT, "fixtures/ticketing");
  let features: Assessment;
  let layered: Assessment;
  beforeAll(() => {
    features = assessRepo(path.join(TICKETING, "features"), { gitHistory: false, truthFile: path.join(TICKETING, "features/expected.yaml") });
    layered = assessRepo(path.join(TICKETING, "layered"), { gitHistory: false, truthFile: path.join(TICKETING, "layered/expected.yaml") });
  });

  it("reaches the intended contexts either way: adjusted Rand index ≥ 0.85 against each expected mapping", () => {
    expect(features.truth!.adjustedRandIndex).toBeGreaterThanOrEqual(0.85);
    expect(layered.truth!.adjustedRandIndex).toBeGreaterThanOrEqual(0.85);
    expect(features.truth!.mojoFM).toBeGreaterThanOrEqual(90);
    expect(layered.truth!.mojoFM).toBeGreaterThanOrEqual(90);
  });

  it("places the tables alike in both layouts: adjusted Rand index ≥ 0.85 between them", () => {
    const tablesOf = (a: Assessment) => new Map(a.clustering.contexts.flatMap((c) => c.tables.map((t) => [t, c.name] as [string, string])));
    const x = tablesOf(features);
    const y = tablesOf(layered);
    expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
    expect(adjustedRandIndex(x, y)).toBeGreaterThanOrEqual(0.85);
  });
});

describe("folder names never drop code that reads or writes tables", () => {
  it("reads a build/ folder inside src/ as source, keeps a mock server that writes tables as backend, and sees migrations-<dialect>/ as schema", () => {
    const repo = repoOf(temp)({
      "package.json": JSON.stringify({ name: "app", dependencies: { pg: "^8" } }),
      "db/schema.sql": "CREATE TABLE builds (id serial PRIMARY KEY, status text);\nCREATE TABLE mock_servers (id serial PRIMARY KEY, slug text);\nCREATE TABLE projects (id serial PRIMARY KEY, name text);\n",
      "src/db.ts": `export const db = { query: async (_q: string) => [] };\n`,
      "src/core/build/build.service.ts": `import { db } from "../../db";\nexport async function startBuild() { await db.query("INSERT INTO builds (status) VALUES ('queued')"); await db.query("SELECT * FROM projects"); }\n`,
      "src/mock-server/mock-server.service.ts": `import { db } from "../db";\nexport async function createMock() { await db.query("INSERT INTO mock_servers (slug) VALUES ('x')"); }\n`,
      "src/projects/projects.service.ts": `import { db } from "../db";\nexport async function createProject() { await db.query("INSERT INTO projects (name) VALUES ('p')"); }\n`,
      "db/migrations-sqlite/001_init.js": `exports.up = async (knex) => { await knex.raw("SELECT 1"); };\n`,
      "build/server.js": `console.log("compiled output");\n`,
    });
    const a = assessRepo(repo, { gitHistory: false });
    const unit = (p: string) => a.scan.facts.units.find((u) => u.path === p);
    expect(unit("src/core/build")?.role).toBe("backend");
    expect(unit("src/mock-server")?.role).toBe("backend");
    expect(unit("db/migrations-sqlite")?.role).toBe("schema");
    expect(a.scan.facts.files.some((f) => f.path === "build/server.js")).toBe(false);
    expect(a.diagnostics.find((d) => d.code === "left-out-folder")).toMatchObject({ file: "build", severity: "info" });
    const owner = (t: string) => a.clustering.contexts.find((c) => c.tables.includes(t))?.name;
    expect(owner("public.mock_servers")).toBeDefined();
    expect(owner("public.builds")).toBeDefined();
  });
});

describe("a plan that cannot be right says so first (the example with too small a team, or too short a horizon)", () => {
  const FIXTURE_DIR = path.join(ROOT, "fixtures/allinone-commerce");
  let a: Assessment;
  beforeAll(() => {
    a = assessRepo(FIXTURE_DIR, { gitHistory: false });
  });

  it("plans the first contexts a team of 4 can staff and lists the rest as a backlog, in English and Korean", () => {
    const { roadmap, scores } = roadmapOf(a, FIXTURE_DIR, { "team.size": 4, "team.infraSize": 1 }, { lang: "en" });
    const scope = roadmap.notices[0];
    expect(scope.kind).toBe("scope");
    if (scope.kind !== "scope") return;
    expect(scope.reasons).toContain("staff");
    expect(scope.staffable).toBe(2);
    expect(scope.planned).toHaveLength(2);
    expect(roadmap.contexts.map((c) => c.name)).toEqual(scope.planned);
    const order = [...scores].sort((x, y) => x.rank - y.rank).map((s) => s.name);
    expect(scope.planned).toEqual(order.slice(0, 2));
    expect(scope.backlog).toEqual(order.slice(2));
    const en = roadmapMarkdown(roadmap, "shop", "en");
    expect(en.split("\n").slice(0, 4).join("\n")).toMatch(/This plan covers a scope, not the whole: .*the team can own 2 services at 2 engineers each/);
    const ko = roadmapMarkdown(roadmapOf(a, FIXTURE_DIR, { "team.size": 4, "team.infraSize": 1 }, { lang: "ko" }).roadmap, "shop", "ko");
    expect(ko).toMatch(/이 계획은 범위를 줄였습니다/);
  });

  it("plans what fits the horizon when the whole would take longer, and nothing changes when it fits", () => {
    const whole = roadmapOf(a, FIXTURE_DIR, { "team.size": 25 }, { lang: "en" }).roadmap;
    expect(whole.notices.some((n) => n.kind === "scope")).toBe(false);
    const repo = temp();
    fs.cpSync(FIXTURE_DIR, repo, { recursive: true });
    fs.mkdirSync(path.join(repo, ".strangler/rules"), { recursive: true });
    fs.writeFileSync(path.join(repo, ".strangler/rules/cost.yaml"), `scope:\n  maxWeeks: ${Math.floor(whole.totalWeeks / 2)}\n`);
    const short = roadmapOf(assessRepo(repo, { gitHistory: false }), repo, { "team.size": 25 }, { lang: "en" }).roadmap;
    const scope = short.notices.find((n) => n.kind === "scope");
    expect(scope && scope.kind === "scope" && scope.reasons).toEqual(["weeks"]);
    expect(short.totalWeeks).toBeLessThanOrEqual(Math.floor(whole.totalWeeks / 2));
    expect(short.contexts.length).toBeLessThan(whole.contexts.length);
  });
});
