import { describe, expect, it } from "vitest";
import { scriptSafeJson } from "../src/report/html/page.js";

/* The page's data sits in a <script type="application/json">: nothing a name holds may end it. */

describe("the report's data in its script element", () => {
  const names = ["</script><script>alert(1)</script>", "<!-- a", "a & b", "x\u2028y\u2029z", "</SCRIPT >", "<img src=x onerror=alert(1)>"];

  it("holds no markup a name could carry, and parses back to the same strings", () => {
    const text = scriptSafeJson({ names });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ names });
  });
});
