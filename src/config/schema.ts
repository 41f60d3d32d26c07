import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import type AjvModule from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/*
 * The JSON Schemas shipped in the package's schemas/ folder (editors use them through `$schema`), and
 * their errors as one line each with the line of the YAML or JSON node they are about.
 */

export type SchemaName = "contexts" | "strangler" | "baseline";

type AjvClass = typeof AjvModule.default;
const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaPath(name: SchemaName): URL {
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

type Prebuilt = Partial<Record<SchemaName, ValidateFunction>> & { digests?: Partial<Record<SchemaName, string>> };
/** The validators the build compiled (scripts/compile-schemas.mjs), or null when running from the sources. */
let prebuilt: Prebuilt | null | undefined;

/**
 * The build's validator for a schema, when it was compiled from this very schema text: loading it costs
 * nothing next to compiling the schema with ajv on every run (about 0.1 s with loading ajv itself).
 */
function fromBuild(name: SchemaName, text: string): ValidateFunction | undefined {
  if (prebuilt === undefined) {
    const file = new URL("./validators.cjs", import.meta.url);
    try {
      prebuilt = fs.existsSync(file) ? (createRequire(import.meta.url)(fileURLToPath(file)) as Prebuilt) : null;
    } catch {
      prebuilt = null;
    }
  }
  const v = prebuilt?.[name];
  return v && prebuilt?.digests?.[name] === createHash("sha256").update(text).digest("hex") ? v : undefined;
}

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const text = fs.readFileSync(schemaPath(name), "utf8");
    v = fromBuild(name, text);
    if (!v) {
      // ajv is CommonJS: its default export is the class under `default`.
      const ajvModule = createRequire(import.meta.url)("ajv") as { default?: AjvClass };
      const Ajv = (ajvModule.default ?? ajvModule) as AjvClass;
      v = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(JSON.parse(text));
    }
    compiled.set(name, v);
  }
  return v;
}

export interface SchemaProblem {
  message: string;
  line?: number;
  /** Path of the value in the document (`contexts.order.modules`). */
  path: string[];
}

/** Every way the document breaks the schema, one problem per place, in document order. */
export function validateDocument(name: SchemaName, doc: Document, lines: LineCounter): SchemaProblem[] {
  const validate = validator(name);
  try {
    if (validate(doc.toJS({ maxAliasCount: 1000 }))) return [];
  } catch (err) {
    // yaml's toJS and the validator recurse: a document nested past the call stack is one problem
    if (err instanceof RangeError) return [{ message: "nested too deeply to read", line: 1, path: [] }];
    // an alias to an anchor that is not set (`*a`), or one that expands too far
    return [{ message: `not valid YAML (${(err as Error).message.split("\n")[0]})`, line: 1, path: [] }];
  }
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const segs = pointer(e.instancePath);
    const extra = e.keyword === "additionalProperties" ? String((e.params as { additionalProperty: string }).additionalProperty) : null;
    const node = extra !== null ? keyNode(doc, [...segs, extra]) : valueNode(doc, segs) ?? keyNode(doc, segs);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    const message = describe(e, segs, extra);
    const k = `${line}|${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push({ message, line, path: extra !== null ? [...segs, extra] : segs });
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function pointer(p: string): string[] {
  return p === "" ? [] : p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function child(node: unknown, seg: string): { key: Node | null; value: Node | null } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
    return pair ? { key: pair.key as Node, value: pair.value as Node | null } : undefined;
  }
  if (isSeq(node)) {
    const item = node.items[Number(seg)] as Node | undefined;
    return item ? { key: item, value: item } : undefined;
  }
  return undefined;
}

function valueNode(doc: Document, segs: string[]): Node | null | undefined {
  let node: unknown = doc.contents;
  for (const s of segs) {
    const c = child(node, s);
    if (!c) return undefined;
    node = c.value;
  }
  return node as Node | null;
}

function keyNode(doc: Document, segs: string[]): Node | undefined {
  let node: unknown = doc.contents;
  let key: Node | null | undefined;
  for (const s of segs) {
    const c = child(node, s);
    if (!c) return key ?? undefined;
    key = c.key;
    node = c.value;
  }
  return key ?? undefined;
}

const where = (segs: string[]) => (segs.length ? segs.map((s) => (/^\d+$/.test(s) ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[") : "the file");

function kindOf(v: unknown): string {
  if (v === null) return "empty";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v === "number" ? "the number" : typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = { object: "a mapping", array: "a list", string: "text", integer: "a whole number", number: "a number", null: "empty", boolean: "true or false" };

function describe(e: ErrorObject, segs: string[], extra: string | null): string {
  const at = where(segs);
  switch (e.keyword) {
    case "additionalProperties": {
      const props = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== "$schema");
      return `unknown key ${JSON.stringify(extra)}${segs.length ? ` in ${at}` : ""}${props.length ? ` (expected ${props.join(", ")})` : ""}`;
    }
    case "required":
      return `${segs.length ? `${at}: ` : ""}missing key ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
    case "type": {
      const t = (e.params as { type: string | string[] }).type;
      const words = (Array.isArray(t) ? t : String(t).split(",")).filter((x) => x !== "null").map((x) => TYPE_WORDS[x] ?? x);
      return `${at} must be ${words.join(" or ")}, not ${kindOf(e.data)}`;
    }
    case "enum":
      return `${at} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map(String).join(", ")}, not ${kindOf(e.data)}`;
    case "const":
      return `${at} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${kindOf(e.data)}`;
    case "minimum":
    case "maximum": {
      const s = e.parentSchema as { minimum?: number; maximum?: number };
      return `${at} must be between ${(s.minimum ?? -Infinity).toLocaleString("en-US")} and ${(s.maximum ?? Infinity).toLocaleString("en-US")}, not ${String(e.data)}`;
    }
    case "minLength":
      return `${at} must not be empty`;
    case "pattern":
      return `${at} is not of the expected form (${kindOf(e.data)})`;
    default:
      return `${at} ${e.message ?? "is not valid"}`;
  }
}
