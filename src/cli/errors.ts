/** A problem with what the user asked for or gave us: one clear line, exit 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, violations: 1, usage: 2 } as const;
