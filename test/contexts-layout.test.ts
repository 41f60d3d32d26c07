import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessRepo, type Assessment } from "../src/assess/index.js";
import { FIXTURE, ROOT, repoOf, runCli, tempDirs } from "./helpers/cli.js";
import { Project } from "ts-morph";
import { pathCallAt } from "../src/scan/code/http-paths.js";
import { formUnits } from "../src/scan/code/units.js";

/*
 * Contexts that fit how repos are laid out (issue 12): layer folders regrouped by domain noun, clients,
 * libraries, tooling and schema set apart, tables owned by their main writer, the resolution chosen by a
 * sweep. Each fixture was written for this project and carries the mapping its authors intend.
 */

const temp = tempDirs(afterAll);
const LAYERED = path.join(ROOT, "fixtures/layered-shop");
const WORKSPACE = path.join(ROOT, "fixtures/workspace-monorepo");
const FEATURES = path.join(ROOT, "fixtures/feature-modules");

const bare = (t: string) => t.replace(/^public\./, "");

describe("a layered monolith (controllers, services, repositories, models across eleven domains)", () => {
  let a: Assessment;
  beforeAll(() => {
    a = assessRepo(LAYERED, { truthFile: path.join(LAYERED, "expected.yaml") });
  });

  it("regroups the layer folders' files by the domain noun they name, and says so", () => {
    const cart = a.scan.facts.units.find((u) => u.path === "src/cart")!;
    expect(cart).toMatchObject({ formed: "domain-noun", noun: "cart", role: "backend" });
    expect(cart.layers).toEqual(["src/controllers", "src/models", "src/repositories", "src/services"]);
    const files = a.scan.facts.files.filter((f) => f.unit === "src/cart").map((f) => f.path);
    expect(files).toEqual([
      "src/controllers/cart.controller.ts",
      "src/models/cart.model.ts",
      "src/repositories/cart.repository.ts",
      "src/services/cart.service.ts",
    ]);
    // No layer folder survives as a unit of its own.
    expect(a.scan.facts.units.map((u) => u.path)).not.toContain("src/services");
  });

  it("finds the intended contexts: MoJoFM ≥ 90%", () => {
    expect(a.truth!.mojoFM).toBeGreaterThanOrEqual(90);
    expect(a.clustering.contexts.every((c) => c.units.length > 0 && c.tables.length > 0)).toBe(true);
  });

  it("keeps inventory_items with inventory, its main writer, and lists order and shipping as other writers", () => {
    const shared = a.clustering.sharedWrites.find((w) => bare(w.table) === "inventory_items")!;
    expect(shared.owner).toBe("inventory-item");
    expect(shared.writers.map((w) => w.context).sort()).toEqual(["inventory-item", "order", "shipment"]);
    expect(shared.writers.find((w) => w.context === "order")!.evidence[0]).toMatchObject({ file: "src/services/order.service.ts" });
  });
});

describe("a workspace monorepo: a Knex backend, React and Angular clients, a CLI package, a dev server", () => {
  let a: Assessment;
  beforeAll(() => {
    a = assessRepo(WORKSPACE, { truthFile: path.join(WORKSPACE, "expected.yaml") });
  });
  const roleOf = (unit: string) => a.scan.facts.units.find((u) => u.path === unit)?.role;

  it("gives each package and folder its role: only the backend forms contexts", () => {
    expect(roleOf("apps/web/src/tasks")).toBe("client");
    expect(roleOf("apps/web/src/api")).toBe("client");
    expect(roleOf("apps/admin/src/app/users")).toBe("client");
    expect(roleOf("packages/cli/src")).toBe("tooling");
    expect(roleOf("tools/dev-server/src")).toBe("tooling");
    expect(roleOf("packages/db/src")).toBe("library");
    expect(roleOf("apps/api/migrations")).toBe("schema");
    expect(roleOf("apps/api/src/billing")).toBe("backend");
    const inContexts = a.clustering.contexts.flatMap((c) => c.units);
    expect(inContexts.filter((u) => !u.startsWith("apps/api/src/"))).toEqual([]);
  });

  it("measures linkage on the backend: clients, tooling and the library are not counted", () => {
    expect(a.scan.linkage).toMatchObject({ units: 6, unitsTouchingTables: 5, warnings: [] });
  });

  it("lists clients apart with the contexts whose code they import", () => {
    const tasks = a.clustering.apart.find((x) => x.unit === "apps/web/src/tasks")!;
    expect(tasks.role).toBe("client");
    const taskContext = a.clustering.owner.get("module:apps/api/src/tasks");
    expect(tasks.reaches).toEqual([taskContext]);
  });

  it("says which contexts a client's requests reach: fetch wrappers, Angular's HttpClient, template URLs", () => {
    const ctx = (unit: string) => a.clustering.owner.get(`module:${unit}`);
    const calls = (unit: string) => a.clustering.apart.find((x) => x.unit === unit)!.calls.map((c) => [c.path, c.context]);
    expect(calls("apps/web/src/tasks")).toEqual([["/api/tasks/project/:param", ctx("apps/api/src/tasks")]]);
    expect(calls("apps/web/src/billing")).toEqual([["/api/billing/revenue", ctx("apps/api/src/billing")]]);
    expect(calls("apps/admin/src/app/users")).toEqual([["/api/accounts", ctx("apps/api/src/accounts")]]);
    // The projects noun answers before the tasks router's own `/project/:projectId` route.
    expect(calls("apps/admin/src/app/projects")).toEqual([["/api/projects/:param/archive", ctx("apps/api/src/projects")]]);
    // The CLI's requests are tooling's, not a client's: not listed.
    expect(a.clustering.apart.find((x) => x.unit === "packages/cli/src")!.calls).toEqual([]);
  });

  it("finds the intended contexts: MoJoFM ≥ 90%", () => {
    expect(a.truth!.mojoFM).toBeGreaterThanOrEqual(90);
    expect(a.clustering.contexts.filter((c) => c.units.length > 0)).toHaveLength(5);
  });

  it("gives users to the module writing it most, though billing reads it most, and reports the other writers", () => {
    const accounts = a.clustering.owner.get("module:apps/api/src/accounts");
    const users = [...a.clustering.owner.entries()].find(([n]) => n.startsWith("table:") && bare(n.slice(6)) === "users")!;
    expect(users[1]).toBe(accounts);
    const shared = a.clustering.sharedWrites.find((w) => bare(w.table) === "users")!;
    expect(shared.writers.map((w) => [w.context, w.sites])).toEqual([
      [accounts, 3],
      [a.clustering.owner.get("module:apps/api/src/billing"), 1],
      [a.clustering.owner.get("module:apps/api/src/notifications"), 1],
    ]);
  });

  it("keeps a CLI package tooling though its templates declare entities, and says whose those tables are", () => {
    expect(roleOf("packages/cli/src/templates")).toBe("tooling");
    const scaffold = a.clustering.contexts.find((c) => c.tables.some((t) => bare(t) === "scaffold_items"))!;
    expect(scaffold.units).toEqual([]);
    expect(scaffold.explanation).toBe("declared only by tooling (packages/cli/src/templates): not the application's schema");
  });

  it("plans contexts that own code and tables first; one with tables and no code comes last, saying why", () => {
    const r = runCli(["roadmap", WORKSPACE, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout).order as Array<{ name: string; reasons: Array<{ kind: string }> }>;
    const scaffold = a.clustering.contexts.find((c) => c.units.length === 0)!.name;
    expect(order[order.length - 1].name).toBe(scaffold);
    expect(order[order.length - 1].reasons[0].kind).toBe("no-code");
    expect(order.slice(0, -1).every((o) => o.reasons.every((x) => x.kind !== "no-code" && x.kind !== "no-table"))).toBe(true);
  });

  it("plans a context whose tables no schema declares after those with declared data", () => {
    const dir = temp();
    fs.cpSync(WORKSPACE, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "apps/api/src/archive"));
    fs.writeFileSync(
      path.join(dir, "apps/api/src/archive/archive.store.ts"),
      'import { db } from "@acme/db";\n\nexport async function archived(id: number) {\n  return db.raw("SELECT * FROM legacy_archive WHERE id = ?", [id]);\n}\n\nexport async function purge() {\n  return db.raw("DELETE FROM legacy_archive WHERE purged");\n}\n',
    );
    const r = runCli(["roadmap", dir, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout).order as Array<{ name: string; reasons: Array<{ kind: string }> }>;
    const at = order.findIndex((o) => o.reasons[0]?.kind === "undeclared");
    expect(at).toBeGreaterThan(0);
    const owning = order.map((o, i) => ({ o, i })).filter(({ o }) => o.reasons.every((x) => !["no-code", "no-table", "undeclared"].includes(x.kind)));
    expect(owning).toHaveLength(5);
    expect(Math.max(...owning.map(({ i }) => i))).toBeLessThan(at);
  });

  it("plans a platform capability (a job queue's tables) after the business domains, never as the pilot", () => {
    const dir = temp();
    fs.cpSync(WORKSPACE, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "apps/api/src/jobs"));
    fs.writeFileSync(
      path.join(dir, "apps/api/src/jobs/jobs.store.ts"),
      'import { db } from "@acme/db";\n\nexport const enqueue = (kind: string) => db("job_runs").insert({ kind, state: "queued" });\nexport const next = () => db("job_runs").where({ state: "queued" }).first();\nexport const done = (id: number) => db("job_runs").where({ id }).update({ state: "done" });\n',
    );
    fs.writeFileSync(
      path.join(dir, "apps/api/migrations/20240301000000_jobs.ts"),
      'import type { Knex } from "knex";\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.schema.createTable("job_runs", (t) => {\n    t.increments("id");\n    t.string("kind");\n    t.string("state");\n  });\n}\n',
    );
    const r = runCli(["roadmap", dir, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout).order as Array<{ name: string; reasons: Array<{ kind: string; text: string }> }>;
    const at = order.findIndex((o) => o.reasons[0]?.kind === "platform");
    expect(at).toBeGreaterThan(0);
    expect(order[at].reasons[0].text).toMatch(/^a platform capability, not a business domain/);
    const domains = order.map((o, i) => ({ o, i })).filter(({ o }) => o.reasons.every((x) => !["no-code", "no-table", "undeclared", "platform"].includes(x.kind)));
    expect(domains).toHaveLength(5);
    expect(Math.max(...domains.map(({ i }) => i))).toBeLessThan(at);
  });

  it("prints clients, libraries, tooling and schema in their own sections", () => {
    const r = runCli(["assess", WORKSPACE]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/clients \(front ends: not contexts\):\n(  .*\n)*  apps\/web\/src\/tasks  \(imports react; uses task; calls task \(\/api\/tasks\/project\/:param\)\)/);
    expect(r.stdout).toMatch(/tooling[^\n]*:\n(  .*\n)*  packages\/cli\/src  \(a command-line package\)/);
    expect(r.stdout).toMatch(/schema \(migrations, seeds\):\n  apps\/api\/migrations/);
    // A down() migration's loop over table names is not a warning: it does not shape the schema.
    expect(r.stderr + r.stdout).not.toMatch(/dynamic-table/);
  });
});

describe("the resolution, chosen by a sweep", () => {
  it("tries every resolution of the rules, shortlists by objective and keeps the fewest contexts among the most stable", () => {
    const a = assessRepo(FIXTURE, { gitHistory: false });
    const sweep = a.clustering.sweep;
    expect(sweep.map((p) => p.resolution)).toEqual([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5]);
    const chosen = sweep.filter((p) => p.chosen);
    expect(chosen).toHaveLength(1);
    const best = Math.max(...sweep.map((p) => p.objective));
    expect(chosen[0].objective).toBeGreaterThanOrEqual(best - 0.01 - 1e-9);
    // Every shortlisted point says how stable it is and how many data anchors it keeps whole.
    const shortlist = sweep.filter((p) => p.objective >= best - 0.01 - 1e-9);
    for (const p of shortlist) {
      expect(p.stability).toBeGreaterThan(0);
      expect(p.anchors).toBeGreaterThanOrEqual(0);
    }
    const score = (p: (typeof sweep)[number]) => p.stability! + p.anchors!;
    const top = Math.max(...shortlist.map(score));
    expect(score(chosen[0])).toBeGreaterThanOrEqual(top - 0.05 - 1e-9);
    expect(shortlist.filter((p) => p.resolution < chosen[0].resolution && score(p) >= top - 0.05)).toEqual([]);
    expect(a.clustering.resolution).toBe(chosen[0].resolution);
    for (const p of sweep) expect(p.objective).toBeCloseTo(p.modularity - 0.2 * p.sizeCv, 2);
  });

  it("uses one resolution, no sweep, when the repo's rules fix it", () => {
    const dir = temp();
    fs.cpSync(FIXTURE, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, ".strangler/rules"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".strangler/rules/weights.yaml"), "clustering:\n  resolution: 0.5\n");
    const a = assessRepo(dir, {});
    expect(a.clustering.sweep).toEqual([]);
    expect(a.clustering.resolution).toBe(0.5);
  });

  it("shows the sweep in text and JSON", () => {
    const text = runCli(["assess", FIXTURE, "--no-git-history"]).stdout;
    expect(text).toMatch(/candidate bounded contexts \(Louvain, resolution [\d.]+, chosen from 11 tried, seed 42\)/);
    expect(text).toMatch(/resolutions tried \(contexts, modularity − penalty × size spread\): 0\.5→\d+ /);
    const json = JSON.parse(runCli(["assess", FIXTURE, "--no-git-history", "--json"]).stdout) as { sweep: Array<{ resolution: number; chosen: boolean }> };
    expect(json.sweep).toHaveLength(11);
  });
});

describe("feature folders holding layer folders (src/modules/<feature>/{services,repositories,dto,events}/)", () => {
  let a: Assessment;
  beforeAll(() => {
    a = assessRepo(FEATURES, { truthFile: path.join(FEATURES, "expected.yaml") });
  });

  it("keeps each feature folder one unit, its layer folders inside, whatever its files are named", () => {
    const billing = a.scan.facts.units.find((u) => u.path === "src/modules/billing")!;
    expect(billing).toMatchObject({ formed: "feature", role: "backend" });
    expect(billing.layers).toEqual(["src/modules/billing/dto", "src/modules/billing/repositories", "src/modules/billing/services"]);
    expect(a.scan.facts.unitOfFile["src/modules/billing/services/refund.service.ts"]).toBe("src/modules/billing");
    expect(a.scan.facts.unitOfFile["src/modules/billing/billing.module.ts"]).toBe("src/modules/billing");
    expect(a.scan.facts.unitOfFile["src/modules/billing/events/created.event.ts"]).toBe("src/modules/billing");
    // The DTOs and events every feature names alike (create.dto.ts, created.event.ts) are never one unit across features.
    const units = a.scan.facts.units.map((u) => u.path);
    expect(units.filter((u) => u.startsWith("src/modules/"))).toEqual(["src/modules/account", "src/modules/billing", "src/modules/catalog", "src/modules/notification", "src/modules/shipping"]);
  });

  it("finds the intended contexts, one per feature", () => {
    expect(a.truth!.mojoFM).toBe(100);
    expect(a.clustering.contexts.map((c) => c.units)).toEqual(expect.arrayContaining([["src/modules/billing"], ["src/modules/shipping"]]));
  });

  it("forty features whose files are named alike (part0.ts … in each) stay forty units, not one unit per file name", () => {
    const files: string[] = [];
    for (let d = 0; d < 40; d++) for (let f = 0; f < 4; f++) files.push(`src/domains/d${d}/${f < 2 ? "services" : "repositories"}/part${f}.ts`);
    const { units } = formUnits(files, "auto");
    expect(units).toHaveLength(40);
    expect(units.every((u) => u.formed === "feature" && /^src\/domains\/d\d+$/.test(u.path))).toBe(true);
  });

  it("a run of layer folders (commands/handlers) belongs to the feature above it", () => {
    const { unitOf } = formUnits(["src/lib/employee/commands/handlers/create.handler.ts", "src/lib/employee/employee.service.ts", "src/lib/invoice/dto/create.dto.ts", "src/lib/invoice/invoice.service.ts"], "auto");
    expect(unitOf.get("src/lib/employee/commands/handlers/create.handler.ts")).toBe("src/lib/employee");
    expect(unitOf.get("src/lib/invoice/dto/create.dto.ts")).toBe("src/lib/invoice");
  });

  it("a folder whose files are actions on its noun stays whole; one whose files are kinds of it is split", () => {
    const actions = formUnits(["src/server-only/document/create-document.ts", "src/server-only/document/delete-document.ts", "src/server-only/document/find-documents.ts", "src/server-only/document/get-document-by-id.ts"], "auto");
    expect(actions.units.map((u) => [u.path, u.formed])).toEqual([["src/server-only/document", "folder"]]);
    const kinds = formUnits(["src/queues/processors/AvatarProcessor.ts", "src/queues/processors/DocumentsProcessor.ts", "src/queues/processors/WebhookProcessor.ts", "src/queues/processors/index.ts"], "auto");
    expect(kinds.units.map((u) => u.path)).toEqual(["src/queues/avatar-processor", "src/queues/documents-processor", "src/queues/processors", "src/queues/webhook-processor"]);
  });

  it("is not a feature: a lone folder holding layers, a folder named api/src/app, a container of features", () => {
    // Layer-first under one named folder: the layers are regrouped by noun, as before.
    const lone = formUnits(["backend/services/cart.service.ts", "backend/repositories/cart.repository.ts", "backend/services/order.service.ts", "backend/repositories/order.repository.ts"], "auto");
    expect(lone.units.map((u) => [u.path, u.formed])).toEqual([["backend/cart", "domain-noun"], ["backend/order", "domain-noun"]]);
    // api/ and admin/ name no domain: their resolvers are regrouped by noun across them.
    const api = formUnits(["src/api/resolvers/order.resolver.ts", "src/admin/resolvers/order.resolver.ts", "src/service/services/order.service.ts"], "auto");
    expect(api.units.map((u) => u.path)).toEqual(["src/order"]);
    // modules/ holds features; its own services/ folder does not make it one.
    const container = formUnits(["src/modules/services/cart.service.ts", "src/features/services/order.service.ts"], "auto");
    expect(container.units.every((u) => u.formed === "domain-noun")).toBe(true);
  });
});

describe("an Nx workspace: projects with project.json and no package.json of their own", () => {
  it("takes each project as a package: the API backend, the web client, the e2e project tooling, a library apart", () => {
    const dir = repoOf(temp)({
      "package.json": JSON.stringify({ name: "nx-shop", private: true, dependencies: { knex: "^3.1.0", pg: "^8.11.0", react: "^18.3.0", express: "^4.19.0" } }),
      "nx.json": "{}\n",
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { paths: { "@shop/money": ["libs/money/src/index.ts"] } } }),
      "apps/api/project.json": JSON.stringify({ name: "api", projectType: "application" }),
      "apps/api/src/db.ts": 'import knex from "knex";\nexport const db = knex({ client: "pg" });\n',
      "apps/api/src/orders/orders.store.ts": 'import { db } from "../db";\nimport { cents } from "@shop/money";\nexport const place = (total: number) => db("orders").insert({ total: cents(total) });\nexport const list = () => db("orders").select();\n',
      "apps/api/src/customers/customers.store.ts": 'import { db } from "../db";\nexport const add = (email: string) => db("customers").insert({ email });\nexport const find = (id: number) => db("customers").where({ id }).first();\n',
      "apps/web/project.json": JSON.stringify({ name: "web", projectType: "application" }),
      "apps/web/src/app/OrderList.tsx": 'import { useState } from "react";\nexport function OrderList() {\n  const [orders] = useState<string[]>([]);\n  return <ul>{orders.map((o) => <li key={o}>{o}</li>)}</ul>;\n}\n',
      "apps/api-e2e/project.json": JSON.stringify({ name: "api-e2e", projectType: "application" }),
      "apps/api-e2e/src/support/global-setup.ts": 'export default async function setup(): Promise<void> {\n  process.env.API_URL = "http://localhost:3000";\n}\n',
      "libs/money/project.json": JSON.stringify({ name: "money", projectType: "library" }),
      "libs/money/src/index.ts": "export const cents = (x: number) => Math.round(x * 100);\n",
    });
    const a = assessRepo(dir, {});
    const role = (unit: string) => a.scan.facts.units.find((u) => u.path === unit);
    expect(role("apps/web/src/app")).toMatchObject({ role: "client", package: "apps/web" });
    expect(role("apps/api-e2e/src/support")).toMatchObject({ role: "tooling", package: "apps/api-e2e" });
    expect(role("libs/money/src")).toMatchObject({ role: "library", package: "libs/money" });
    expect(role("apps/api/src/orders")).toMatchObject({ role: "backend", package: "apps/api" });
    expect(a.clustering.contexts.flatMap((c) => c.units).every((u) => u.startsWith("apps/api/"))).toBe(true);
  });
});

describe("folders set apart by name", () => {
  it("a hidden .scripts/ folder is tooling like scripts/, and alterations/ is schema like migrations/", () => {
    const dir = repoOf(temp)({
      "package.json": JSON.stringify({ name: "svc", private: true, dependencies: { knex: "^3.1.0", pg: "^8.11.0" } }),
      "src/db.ts": 'import knex from "knex";\nexport const db = knex({ client: "pg" });\n',
      "src/orders/orders.store.ts": 'import { db } from "../db";\nexport const place = (total: number) => db("orders").insert({ total });\n',
      ".scripts/check-sequence.ts": 'import { readdirSync } from "node:fs";\nexport const names = readdirSync("alterations");\n',
      "alterations/1.0.0-1700000000-rename.ts": 'import { db } from "../src/db";\nexport const up = () => db.raw("ALTER TABLE orders RENAME TO purchases");\nexport const down = () => db.raw("ALTER TABLE purchases RENAME TO orders");\n',
    });
    const a = assessRepo(dir, { gitHistory: false });
    const unit = (p: string) => a.scan.facts.units.find((u) => u.path === p);
    expect(unit(".scripts")?.role).toBe("tooling");
    expect(unit("alterations")?.role).toBe("schema");
    expect(a.clustering.contexts.flatMap((c) => c.units)).toEqual(["src/orders"]);
  });
});

describe("URL paths in calls", () => {
  const read = (code: string) => {
    const sf = new Project({ useInMemoryFileSystem: true }).createSourceFile("x.ts", code).compilerNode;
    const out: Array<[string, string]> = [];
    const visit = (n: import("ts-morph").ts.Node): void => {
      const p = pathCallAt(n, () => 1);
      if (p) out.push([p.verb, p.path]);
      n.forEachChild(visit);
    };
    visit(sf);
    return out;
  };

  it("reads requests, routes and NestJS prefixes; drops origins, queries and base-URL variables", () => {
    expect(read('fetch(`${base}/api/v1/orders/${id}?expand=1`); axios.post("https://api.shop.io/payments", body); this.http.get(`/teams/${t}/members`);')).toEqual([
      ["fetch", "/api/v1/orders/:param"],
      ["post", "/payments"],
      ["get", "/teams/:param/members"],
    ]);
    expect(read('router.get("/orders/:id", handler); app.use("/api/orders", ordersRouter);')).toEqual([["get", "/orders/:id"], ["use", "/api/orders"]]);
    // `@Get(":id")` has no word of its own: only the controller's prefix is kept.
    expect(read('@Controller("orders") class C { @Get(":id") one() {} @Get("summary") two() {} }')).toEqual([["controller", "/orders"], ["get", "/summary"]]);
  });

  it("leaves navigation, map lookups and paths without a word alone", () => {
    expect(read('navigate("/settings"); router.push("/documents"); cache.get("orders"); fetch(`/${id}`); fetch(url);')).toEqual([]);
    expect(read('getJson("/api/tasks"); apiPost(`/api/tasks/${id}/done`);')).toEqual([["fetch", "/api/tasks"], ["fetch", "/api/tasks/:param/done"]]);
  });
});

