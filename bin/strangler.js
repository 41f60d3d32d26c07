#!/usr/bin/env node
import { enableCompileCache } from "../dist/util/compile-cache.js";

// Before anything large is loaded: V8's code for the dependencies, kept between runs (src/util/compile-cache.ts).
enableCompileCache();
await import("../dist/cli/index.js");
