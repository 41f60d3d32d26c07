import Mustache from "mustache";

/**
 * The roadmap templates are Mustache (mustache.js): {{name}} is Markdown-escaped (escapeMarkdown, in place of
 * Mustache's HTML escaping), {{{name}}} goes in as is, {{#name}}…{{/name}} and {{^name}}…{{/name}} are
 * sections, `.` is the current item, and a section tag alone on its line takes the line with it. A broken
 * template (an unclosed section) is an error, never a hang.
 */
export function render(template: string, view: Record<string, unknown>): string {
  return Mustache.render(template, view, {}, { escape: (v: unknown) => escapeMarkdown(text(v)) });
}

/** A value as text: nothing for null, undefined and false, a list joined with commas. */
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
