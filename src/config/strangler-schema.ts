import { DIALECTS } from "../scan/sql/dialect.js";
import { FIELDS, type Field } from "./team-fields.js";

/**
 * The JSON Schema of strangler.yaml, built from the fields `strangler init` asks: the package ships it as
 * schemas/strangler.schema.json (a test keeps the two equal), so the questions, the flags and the schema
 * editors validate against cannot drift apart.
 */
export function stranglerYamlSchema(): Record<string, unknown> {
  const sections: Record<string, Record<string, unknown>> = {
    database: {
      dialect: { enum: [...DIALECTS], description: "SQL dialect (else detected)." },
      url: { type: "string", minLength: 1, description: "Live database for --database; read only with --database-from-config; write the password as ${DB_PASSWORD} (see the README for the names allowed)." },
    },
  };
  for (const f of FIELDS) {
    const [section, key] = f.path;
    if (section === "database" && key === "dialect") continue;
    (sections[section] ??= {})[key] = fieldSchema(f);
  }
  const properties: Record<string, unknown> = { $schema: { type: "string", description: "Path or URL of this schema, for editors." } };
  for (const [section, props] of Object.entries(sections)) {
    properties[section] = { type: ["object", "null"], additionalProperties: false, properties: props };
  }
  properties.exclude = {
    description: "More gitignore-style patterns to leave out of every scan, relative to the repo (added to --exclude).",
    oneOf: [{ type: "string", minLength: 1 }, { type: "array", items: { type: "string", minLength: 1 } }],
  };
  properties.rules = {
    type: ["object", "null"],
    description: "check rule severities for the whole repo; those in contexts.yaml win over these.",
    additionalProperties: { enum: ["error", "warning", "warn", "off"] },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "strangler strangler.yaml",
    description: "The team and business figures the roadmap computes effort, cost and staffing from (`strangler init` writes it).",
    type: ["object", "null"],
    additionalProperties: false,
    properties,
  };
}

function fieldSchema(f: Field): Record<string, unknown> {
  const description = f.question.en;
  if (f.type === "count") return { type: "integer", minimum: f.min ?? 0, maximum: f.max ?? Number.MAX_SAFE_INTEGER, description };
  if (f.type === "percent") return { type: "number", minimum: f.min ?? 0, maximum: f.max ?? 100, description };
  if (f.type === "enum") return { enum: f.choices, description };
  if (f.type === "list") return { type: ["array", "string"], items: { type: "string" }, description };
  return { type: ["string", "number"], minLength: 1, description };
}
