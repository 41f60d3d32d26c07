import { enableCompileCache } from "./compile-cache.js";

/* Imported first by a thread's entry module: the cache is on before its other imports load (see compile-cache.ts). */
enableCompileCache();
