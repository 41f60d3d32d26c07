import type { ReportModel } from "./model.js";
import { pageScript } from "./assets.js";
import { STYLE } from "./style.js";

/**
 * JSON that can sit in a `<script>` element: `<`, `>` and `&` written as \u escapes, so no name from the
 * repository (`</script>`, `<!--`) ends the element or opens markup, and U+2028/U+2029 escaped too. The page
 * reads it with JSON.parse, which gives the same strings back.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The script text inside `<script>`: a `</script` in a bundled library would end the element early. */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** One self-contained HTML file: style, data and script inlined; nothing loaded from the network. */
export function reportHtml(model: ReportModel): string {
  return `<!doctype html>
<html lang="${model.lang === "ko" ? "ko" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'">
<title>strangler report</title>
<style>${STYLE}</style>
</head>
<body>
<header><b>strangler</b> <span id="repo"></span>
<nav><button id="tab-map" class="on"></button><button id="tab-matrix"></button><button id="tab-timeline"></button><button id="tab-trend"></button></nav>
<div id="overall"></div>
</header>
<main>
<section id="view-map">
<div id="map-side">
<input id="search" type="search" autocomplete="off">
<div><input id="edges" type="range" min="0" step="1"> <span id="edges-label"></span></div>
<div id="context-list"></div>
<div id="side-detail"></div>
</div>
<div id="map-canvas"></div>
<div id="whatif"></div>
</section>
<section id="view-matrix" hidden></section>
<section id="view-timeline" hidden></section>
<section id="view-trend" hidden></section>
</main>
<script type="application/json" id="strangler-data">${scriptSafeJson(model)}</script>
<script>${inlineScript(pageScript())}</script>
</body>
</html>
`;
}
