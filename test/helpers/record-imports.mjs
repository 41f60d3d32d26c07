// Loaded with `node --import`: records every module the program resolves into $RECORD_IMPORTS_FILE, through
// `import` (the resolve hook) and through `require()` (CommonJS resolution, e.g. createRequire).
import fs from "node:fs";
import Module, { register } from "node:module";
import { pathToFileURL } from "node:url";

register("./record-imports-hooks.mjs", import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  if (process.env.RECORD_IMPORTS_FILE && file.startsWith("/")) fs.appendFileSync(process.env.RECORD_IMPORTS_FILE, `${pathToFileURL(file).href}\n`);
  return file;
};
