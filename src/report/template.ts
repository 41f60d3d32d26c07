/**
 * A small Mustache subset for the roadmap templates: {{name}} (Markdown-escaped), {{{name}}} (as is),
 * {{#name}}…{{/name}} (each item of a list, or once when truthy), {{^name}}…{{/name}} (when falsy or empty).
 * Names are looked up from the innermost context outwards; `.` is the current item.
 */
type Ctx = Record<string, unknown> | unknown;

export function render(template: string, view: Record<string, unknown>): string {
  return renderIn(template, [view]);
}

function lookup(stack: Ctx[], name: string): unknown {
  if (name === ".") return stack[stack.length - 1];
  const [head, ...rest] = name.split(".");
  for (let i = stack.length - 1; i >= 0; i--) {
    const c = stack[i];
    if (c && typeof c === "object" && head in (c as Record<string, unknown>)) {
      return rest.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), (c as Record<string, unknown>)[head]);
    }
  }
  return undefined;
}

function renderIn(template: string, stack: Ctx[]): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{{", i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    if (template.startsWith("{{{", open)) {
      const close = template.indexOf("}}}", open);
      out += text(lookup(stack, template.slice(open + 3, close).trim()));
      i = close + 3;
      continue;
    }
    const close = template.indexOf("}}", open);
    const tag = template.slice(open + 2, close).trim();
    i = close + 2;
    if (tag.startsWith("#") || tag.startsWith("^")) {
      const name = tag.slice(1).trim();
      const end = findClose(template, i, name);
      const inner = template.slice(i, end);
      i = end + `{{/${name}}}`.length;
      // a section tag alone on its line takes its line break with it
      if (template[i] === "\n" && (open === 0 || template[open - 1] === "\n")) i++;
      const value = lookup(stack, name);
      const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
      if (tag.startsWith("^")) {
        if (!truthy) out += renderIn(trimLead(inner), stack);
      } else if (Array.isArray(value)) {
        for (const item of value) out += renderIn(trimLead(inner), [...stack, item]);
      } else if (truthy) {
        out += renderIn(trimLead(inner), typeof value === "object" ? [...stack, value] : stack);
      }
      continue;
    }
    out += escapeMarkdown(text(lookup(stack, tag)));
  }
  return out;
}

function trimLead(s: string): string {
  return s.startsWith("\n") ? s.slice(1) : s;
}

function findClose(t: string, from: number, name: string): number {
  let depth = 1;
  const re = /\{\{\s*([#^/])\s*([^}]+?)\s*\}\}/g;
  re.lastIndex = from;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m[2] !== name) continue;
    depth += m[1] === "/" ? -1 : 1;
    if (depth === 0) return m.index;
  }
  throw new Error(`template: {{#${name}}} is never closed`);
}

function text(v: unknown): string {
  if (v === undefined || v === null || v === false) return "";
  return Array.isArray(v) ? v.join(", ") : String(v);
}

/** Identifiers from scanned code can hold Markdown: escape what would format, link or break a table. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/** A label inside a quoted Mermaid node or edge text. */
export function escapeMermaid(s: string): string {
  return s.replace(/["<>]/g, (c) => ({ '"': "#quot;", "<": "#lt;", ">": "#gt;" })[c]!);
}
