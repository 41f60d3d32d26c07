import type { Dialect } from "../sql/dialect.js";
import type { DialectHint } from "./dialect-hints.js";

/*
 * The database a repository deploys with: the image of a service in its compose files
 * (https://docs.docker.com/reference/compose-file/services/#image), `image: postgres:16`,
 * `image: docker.io/library/mariadb:11`, `image: bitnami/mysql`. Only the image's own name counts.
 */

export const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;

const IMAGES: Array<[RegExp, Dialect]> = [
  [/^(postgres|postgresql|postgis|timescaledb(-ha)?|pgvector|supabase-postgres|cockroach)$/i, "postgresql"],
  [/^mariadb$/i, "mariadb"],
  [/^(mysql|mysql-server|percona(-server)?)$/i, "mysql"],
];

export function composeHints(text: string, file: string): DialectHint[] {
  const out: DialectHint[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*image:\s*["']?([^\s"'#]+)/.exec(lines[i]);
    if (!m) continue;
    const ref = m[1].replace(/@.*$/, "");
    const name = ref.replace(/:[^/]*$/, "").split("/").pop() ?? "";
    const found = IMAGES.find(([re]) => re.test(name));
    if (found) out.push({ dialect: found[1], file, line: i + 1, said: `image: ${m[1].replace(/@sha256:.*$/, "")}`, env: "deployment" });
  }
  return out;
}
