import net from "node:net";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedServer } from "./helpers/postgres.js";
import { BIN, repoOf, runCli, tempDirs } from "./helpers/cli.js";

/*
 * The database strangler connects to is the user's, never the repository's: strangler.yaml's database.url is
 * used only with --database-from-config, `${…}` only as its password and only a listed name, a server that
 * wants the password in cleartext does not get it, and a server that stalls ends the run. Against a real
 * PostgreSQL, a listener that records what reaches it and a proxy that stalls after the handshake, both on
 * loopback ports the test opens.
 */

const server = sharedServer(beforeAll, afterAll, { statStatements: true });
const temp = tempDirs(afterAll);
const repo = repoOf(temp);
const TOKEN = "ghp_S3cretTok3nFromTheRunner";
const PASSWORD = "Pw-0f-the-us3r";

const app = (strangler?: string) =>
  repo({
    "package.json": JSON.stringify({ dependencies: { pg: "^8" } }),
    "src/accounts.ts": 'export const find = (db: { query(s: string): void }) => db.query("SELECT email FROM accounts");\n',
    ...(strangler ? { "strangler.yaml": strangler } : {}),
  });

/** A TCP listener on loopback that records every byte sent to it and answers nothing. */
async function listener(): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on("data", (d) => chunks.push(d));
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks).toString("latin1"),
    close: () => new Promise((r) => { sockets.forEach((s) => s.destroy()); srv.close(() => r()); }),
  };
}

/**
 * A proxy to the real server that forwards the handshake, then stalls: once the server has said it is ready
 * for a query (its first ReadyForQuery message, 'Z'), nothing more the client sends is forwarded.
 */
async function stallingProxy(target: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    sockets.add(client).add(upstream);
    let ready = false;
    let pending = Buffer.alloc(0);
    client.on("data", (d) => {
      if (!ready) upstream.write(d);
    });
    upstream.on("data", (d) => {
      client.write(d);
      // Server messages: a type byte and a 4-byte length (which counts itself).
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 5) {
        const len = pending.readUInt32BE(1);
        if (pending.length < 1 + len) break;
        if (pending[0] === 0x5a) ready = true;
        pending = pending.subarray(1 + len);
      }
    });
    for (const s of [client, upstream]) s.on("error", () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () => new Promise((r) => { sockets.forEach((s) => s.destroy()); srv.close(() => r()); }),
  };
}

/** The CLI run asynchronously (the listener and the proxy live in this process's event loop). */
function runAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const kill = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status) => {
      clearTimeout(kill);
      resolve({ status, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

describe("--database never goes where the repository says without consent", () => {
  it("--database alone does not take strangler.yaml's URL: nothing reaches the host it names", async () => {
    const l = await listener();
    try {
      const dir = app(`database:\n  url: postgresql://app@127.0.0.1:${l.port}/shop\n`);
      const r = await runAsync(["scan", dir, "--database"], { STRANGLER_DATABASE_URL: "", PGPASSWORD: PASSWORD });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--database without a URL: set STRANGLER_DATABASE_URL.*--database-from-config/);
      expect(l.received()).toBe("");
    } finally {
      await l.close();
    }
  });

  it("${…} anywhere but the password, or naming a variable not listed, is refused before connecting, and nothing from the environment is printed", async () => {
    const l = await listener();
    try {
      for (const url of [
        `postgresql://app@127.0.0.1:${l.port}/\${GITHUB_TOKEN}`,
        `postgresql://\${DB_PASSWORD}@127.0.0.1:${l.port}/shop`,
        `postgresql://app:\${GITHUB_TOKEN}@127.0.0.1:${l.port}/shop`,
        `postgresql://app:pw@127.0.0.1:${l.port}/shop?options=\${GITHUB_TOKEN}`,
      ]) {
        const dir = app(`database:\n  url: ${url}\n`);
        const r = await runAsync(["scan", dir, "--database-from-config"], { GITHUB_TOKEN: TOKEN, DB_PASSWORD: PASSWORD });
        expect(r.status, url).toBe(2);
        expect(r.stderr).toMatch(/database\.url( may use \$\{VARIABLE\} only as its password|'s password may name only)/);
        expect(r.stdout + r.stderr).not.toContain(TOKEN);
        expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      }
      expect(l.received()).toBe("");
    } finally {
      await l.close();
    }
  });

  it("STRANGLER_DATABASE_URL (the user's) is what --database alone reads", async () => {
    const s = await server();
    s.createDatabase("consent1");
    s.psql("consent1", "CREATE TABLE accounts (id INT, email TEXT); CREATE EXTENSION pg_stat_statements;");
    const r = runCli(["scan", app(), "--database", "--json"], { env: { STRANGLER_DATABASE_URL: s.url("consent1") } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runtime.origin).toBe(s.url("consent1"));
  });
});

describe("a live database cannot hold the run or take the password in cleartext", () => {
  it("a server that stalls after the handshake: exit 2 within the deadline, named", async () => {
    const s = await server();
    s.createDatabase("stall1");
    const port = Number(new URL(s.url("stall1")).port);
    const proxy = await stallingProxy(port);
    try {
      const r = await runAsync(["scan", app(), "--database", `postgresql://strangler@127.0.0.1:${proxy.port}/stall1`, "--database-timeout", "3"]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^strangler: postgresql://strangler@127\\.0\\.0\\.1:${proxy.port}/stall1: .*(no answer within 3 s|timeout)`));
      expect(r.ms).toBeLessThan(20_000);
    } finally {
      await proxy.close();
    }
  });

  it("a server asking for the password in cleartext does not get it, unless --allow-cleartext-password", async () => {
    const s = await server();
    s.addPasswordRole("clear", PASSWORD, "password");
    s.createDatabase("clear1");
    s.psql("clear1", "CREATE TABLE accounts (id INT, email TEXT); CREATE EXTENSION pg_stat_statements;");
    const url = s.url("clear1").replace("strangler@", "clear@");
    const refused = runCli(["scan", app(), "--database", url], { env: { PGPASSWORD: PASSWORD } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("the server asks for the password in cleartext; not sent (--allow-cleartext-password sends it)");
    expect(refused.stderr).not.toContain(PASSWORD);
    const allowed = runCli(["scan", app(), "--database", url, "--allow-cleartext-password", "--json"], { env: { PGPASSWORD: PASSWORD } });
    expect(allowed.status, allowed.stderr).toBe(0);
  });
});

describe("--database-timeout", () => {
  it("is a whole number of seconds", () => {
    const dir = path.join(temp(), "x");
    fs.mkdirSync(dir);
    const r = runCli(["scan", dir, "--database", "postgresql://a@127.0.0.1:1/db", "--database-timeout", "1.5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--database-timeout must be a whole number from 1 to 86400");
  });
});
