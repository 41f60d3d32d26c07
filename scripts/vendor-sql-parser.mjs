// Copies the four dialect builds strangler loads (postgresql, mysql, mariadb, sqlite) out of node-sql-parser
// into dist/vendor/node-sql-parser/, with its licence, so the published package ships about 1 MB of parser
// instead of depending on all of node-sql-parser (about 89 MB, every dialect and the UMD bundles). Run by
// `npm run build`; a newer node-sql-parser (a devDependency) is picked up by the next build. The builds are
// CommonJS: they are written as .cjs in this ES-module package.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve("node-sql-parser/package.json"));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
const out = path.join(root, "dist/vendor/node-sql-parser");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const dialect of ["postgresql", "mysql", "mariadb", "sqlite"]) {
  fs.copyFileSync(path.join(pkgDir, "build", `${dialect}.js`), path.join(out, `${dialect}.cjs`));
}
fs.copyFileSync(path.join(pkgDir, "LICENSE"), path.join(out, "LICENSE"));
fs.writeFileSync(path.join(out, "README.md"), `node-sql-parser ${version} (Apache-2.0, see LICENSE): the postgresql, mysql, mariadb and sqlite builds, copied unchanged from its build/ folder by scripts/vendor-sql-parser.mjs.\n`);
