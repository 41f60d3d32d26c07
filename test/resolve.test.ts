import { describe, expect, it } from "vitest";
import { ImportResolver, matchPaths } from "../src/scan/code/resolve.js";
import type { PathConfig } from "../src/scan/code/tsconfig.js";

const files = new Set([
  "src/app.ts",
  "src/shared/index.ts",
  "src/shared/db/pool.ts",
  "src/modules/order/index.ts",
  "src/modules/order/order.service.ts",
  "src/modules/order/view.tsx",
  "src/lib/util.mts",
  "src/types/global.d.ts",
  "packages/core/src/index.ts",
]);
const config: PathConfig = {
  configFile: "tsconfig.json",
  baseUrl: ".",
  pathsBase: ".",
  paths: { "@shared": ["src/shared/index.ts"], "@shared/*": ["src/shared/*"], "@modules/*": ["src/modules/*"], "@/*": ["src/*"], "@core": ["packages/core/src"] },
};
const resolver = new ImportResolver(files, () => config);

describe("import resolution without a type checker", () => {
  it.each([
    ["./shared/db/pool", "src/shared/db/pool.ts"],
    ["./shared/db/pool.js", "src/shared/db/pool.ts"],
    ["./modules/order", "src/modules/order/index.ts"],
    ["./modules/order/view.js", "src/modules/order/view.tsx"],
    ["./lib/util.mjs", "src/lib/util.mts"],
    ["@shared", "src/shared/index.ts"],
    ["@shared/db/pool", "src/shared/db/pool.ts"],
    ["@modules/order", "src/modules/order/index.ts"],
    ["@/modules/order/order.service", "src/modules/order/order.service.ts"],
    ["@core", "packages/core/src/index.ts"],
    ["src/shared/db/pool", "src/shared/db/pool.ts"],
    ["./types/global", "src/types/global.d.ts"],
    ["@modules/order/", "src/modules/order/index.ts"],
    ["./modules/order/", "src/modules/order/index.ts"],
  ])("%s from src/app.ts → %s", (spec, file) => {
    expect(resolver.resolve("src/app.ts", spec)).toEqual({ kind: "file", file });
  });

  it("treats packages and node: builtins as external", () => {
    expect(resolver.resolve("src/app.ts", "pg")).toEqual({ kind: "external" });
    expect(resolver.resolve("src/app.ts", "@nestjs/common")).toEqual({ kind: "external" });
    expect(resolver.resolve("src/app.ts", "node:fs")).toEqual({ kind: "external" });
  });

  it("reports a relative import or a matching alias with no file as unresolved", () => {
    expect(resolver.resolve("src/app.ts", "./nope").kind).toBe("unresolved");
    expect(resolver.resolve("src/app.ts", "@modules/ghost").kind).toBe("unresolved");
  });

  it("takes an import that leaves the folder scanned for a package of its own, not an error", () => {
    // `strangler scan server/` of a monorepo: `../shared/x` is a sibling folder, like a package.
    expect(resolver.resolve("src/app.ts", "../../outside").kind).toBe("external");
    const rooted = new ImportResolver(files, () => ({ ...config, pathsBase: "..", paths: { "@up/*": ["./elsewhere/*"], "@in/*": ["./repo/src/*"] } }), "/work/repo");
    expect(rooted.resolve("src/app.ts", "@up/x")).toEqual({ kind: "external" });
    // A paths target that leaves the folder and comes back in (`../repo/src/app` from `/work/repo`) is inside.
    expect(rooted.resolve("src/app.ts", "@in/shared/db/pool")).toEqual({ kind: "file", file: "src/shared/db/pool.ts" });
  });

  it("prefers an exact paths key, then the longest prefix", () => {
    const paths = { "*": ["vendor/*"], "@app/*": ["src/*"], "@app/special": ["special/index.ts"], "@app/deep/*": ["deep/*"] };
    expect(matchPaths(paths, "@app/special")).toEqual(["special/index.ts"]);
    expect(matchPaths(paths, "@app/deep/x")).toEqual(["deep/x"]);
    expect(matchPaths(paths, "@app/x")).toEqual(["src/x"]);
    expect(matchPaths(paths, "lodash")).toEqual(["vendor/lodash"]);
  });
});

describe("imports of what is not code", () => {
  it.each(["./app.module.scss", "./logo.svg?react", "../../assets/countries.json", "./README.mdx", "@shared/styles/theme.css", "./schema.graphql", "./query.sql?raw"])(
    "%s is an asset: no warning, no unit",
    (spec) => {
      expect(resolver.resolve("src/app.ts", spec)).toEqual({ kind: "asset" });
    },
  );

  it("a query on a code file is dropped, and a missing code file is still unresolved", () => {
    expect(resolver.resolve("src/app.ts", "./shared/db/pool?worker")).toEqual({ kind: "file", file: "src/shared/db/pool.ts" });
    expect(resolver.resolve("src/app.ts", "./user.service")).toEqual({ kind: "unresolved", reason: 'no file for "./user.service"' });
  });
});

