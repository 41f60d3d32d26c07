// Bundles the HTML report's page script (src/report/html/page/main.ts) with esbuild into
// dist/report/html/browser.js: sigma.js (MIT), graphology (MIT), yaml (ISC), picomatch (MIT) and strangler's
// own metric code (src/score/metrics.ts, src/cluster/projection.ts through src/report/html/partition-metrics.ts),
// so the page measures a move with the code of assess. `strangler report` inlines the file into the report.
// Run by `npm run build`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: [path.join(root, "src/report/html/page/main.ts")],
  outfile: path.join(root, "dist/report/html/browser.js"),
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  legalComments: "inline",
  define: { "process.env.NODE_ENV": '"production"', "process.platform": '"browser"', "process.env": "{}" },
  logLevel: "warning",
});
