import type { Domain } from "../rules/domains.js";

/** The domain of a context people named in contexts.yaml: the vocabulary's domain of that name, else none. */
export function agreedDomain(name: string, domains: readonly Domain[]): string | null {
  return domains.some((d) => d.name === name) ? name : null;
}
