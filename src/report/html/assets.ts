import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The page's script: src/report/html/page/ bundled by esbuild at build time (scripts/bundle-report-page.mjs)
 * with sigma.js, graphology and the metric code of assess, into dist/report/html/browser.js.
 */
export function pageScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "browser.js"), path.resolve(here, "../../../dist/report/html/browser.js")];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error("the HTML report's script is missing (dist/report/html/browser.js): run npm run build");
  return fs.readFileSync(found, "utf8");
}
