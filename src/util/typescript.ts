import { createRequire } from "node:module";
import type { ts as TypeScript } from "ts-morph";

/*
 * TypeScript's compiler, the copy ts-morph ships (`#ts` in package.json: its types are ts-morph's `ts`, its
 * value is this module). strangler reads plain syntax trees and never uses ts-morph's own layer, so this
 * loads only the compiler: not ts-morph (1 MB, read by Node's CommonJS export scanner on every import from
 * an ES module) nor @ts-morph/common (3 MB). Falls back to ts-morph's own export when the file is elsewhere.
 */
function load(): typeof TypeScript {
  const fromUs = createRequire(import.meta.url);
  try {
    const fromMorph = createRequire(fromUs.resolve("ts-morph"));
    const fromCommon = createRequire(fromMorph.resolve("@ts-morph/common"));
    return fromCommon("./typescript.js") as typeof TypeScript;
  } catch {
    return (fromUs("ts-morph") as { ts: typeof TypeScript }).ts;
  }
}

export const ts = load();
