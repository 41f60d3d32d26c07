import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's chromium (scripts/ensure-test-servers.mjs installs it before `npm test`), driven by
 * playwright-core: no browser download of its own. CHROMIUM_BIN points elsewhere.
 */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: npm test installs Debian's chromium (scripts/ensure-test-servers.mjs), or set CHROMIUM_BIN`);
  // SwiftShader gives WebGL without a GPU, so sigma.js draws the map as it does on a desktop.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--no-sandbox", ...extraArgs] });
}
