import { describe, expect, it } from "vitest";
import { render } from "../src/report/template.js";

describe("the roadmap template engine (mustache.js)", () => {
  it("escapes Markdown in {{name}}, leaves {{{name}}} as is, and drops the lines of standalone section tags", () => {
    const t = "# {{title}}\n{{#items}}\n- {{{.}}}\n{{/items}}\n{{^none}}\nnothing\n{{/none}}\n";
    expect(render(t, { title: "a_b *c*", items: ["`x`", "y"], none: [] })).toBe("# a\\_b \\*c\\*\n- `x`\n- y\nnothing\n");
  });

  it("throws on an unclosed section or tag instead of hanging", () => {
    expect(() => render("{{#open}}\nnever closed\n", { open: true })).toThrow(/Unclosed section "open"/);
    expect(() => render("text {{name", { name: "x" })).toThrow(/Unclosed tag/);
  });
});
