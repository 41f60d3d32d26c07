// Before `npm test`: the suite runs real PostgreSQL and MariaDB servers (test/helpers/postgres.ts and
// mariadb.ts start them on loopback ports in temporary folders) and opens the HTML report in a real headless
// Chromium (test/helpers/browser.ts). When their programs are missing, this installs Debian's packages
// (postgresql, mariadb-server, chromium) with apt-get, as root, non-interactively, and says so; where it
// cannot (not root, no apt-get), it stops the test run with what to install. Never a silent skip. PG_BIN,
// MARIADB_BIN and CHROMIUM_BIN point the helpers elsewhere (then nothing is installed for that one).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const has = (dirs, names) => dirs.some((d) => names.some((n) => fs.existsSync(path.join(d, n))));
const postgres =
  (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, "initdb"))) ||
  (fs.existsSync("/usr/lib/postgresql") && fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(path.join("/usr/lib/postgresql", v, "bin/initdb"))));
const mariadbDirs = [...(process.env.MARIADB_BIN ? [process.env.MARIADB_BIN] : []), "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];
const mariadb = has(mariadbDirs, ["mariadbd", "mysqld"]) && has(mariadbDirs, ["mariadb-install-db", "mysql_install_db"]);

const chromium = fs.existsSync(process.env.CHROMIUM_BIN ?? "/usr/bin/chromium");

const need = [...(postgres ? [] : ["postgresql"]), ...(mariadb ? [] : ["mariadb-server"]), ...(chromium ? [] : ["chromium"])];
if (need.length === 0) process.exit(0);

const say = (s) => process.stderr.write(`test servers: ${s}\n`);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const apt = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).status === 0;
if (!isRoot || !apt) {
  say(`the tests need ${need.join(" and ")} (real servers on loopback ports, a real browser for the HTML report); install Debian's ${need.join(" ")} package${need.length > 1 ? "s" : ""} (apt-get install ${need.join(" ")}), or point PG_BIN / MARIADB_BIN / CHROMIUM_BIN at their programs, then run npm test again`);
  process.exit(1);
}
say(`installing ${need.join(" ")} from Debian's packages (apt-get), once: the tests start their own servers and browser from them`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [["update", "-q"], ["install", "-y", "-q", "--no-install-recommends", ...need]]) {
  const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (r.status !== 0) {
    say(`apt-get ${args[0]} failed (exit ${r.status}); install ${need.join(" ")} by hand and run npm test again`);
    process.exit(1);
  }
}
say("installed");
