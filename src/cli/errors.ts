/** A problem with what the user asked for or gave us: one clear line, exit 2. */
export class UsageError extends Error {}

/** 130: stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT = { ok: 0, violations: 1, usage: 2, interrupted: 130 } as const;
