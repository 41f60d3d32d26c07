/** The page's style sheet, inlined into the report. */
export const STYLE = `
*{box-sizing:border-box}
[hidden]{display:none !important}
body{margin:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic","NanumGothic",sans-serif;color:#222;word-break:keep-all;overflow-wrap:anywhere}
header{display:flex;flex-wrap:wrap;align-items:center;gap:12px;padding:8px 12px;background:#f4f4f4;border-bottom:1px solid #ddd}
nav button{border:1px solid #bbb;background:#fff;padding:4px 10px;cursor:pointer}
nav button.on{background:#333;color:#fff}
#overall{display:flex;flex-wrap:wrap;gap:10px;width:100%}
.metric{background:#fff;border:1px solid #ddd;padding:3px 8px;border-radius:3px}
.metric .value{font-weight:bold;font-size:15px}
.metric .label{display:block;color:#666;font-size:11px}
.delta.up{color:#c0392b}.delta.down{color:#27ae60}
main{padding:8px 12px}
#view-map{display:grid;grid-template-columns:380px 1fr;grid-template-rows:minmax(560px,70vh) auto;gap:10px}
#map-side{grid-row:1/3;overflow:auto;max-height:calc(100vh - 140px);border-right:1px solid #eee;padding-right:8px}
#map-canvas{position:relative;border:1px solid #ddd;min-height:560px;height:70vh;background:#fff}
#whatif{border:1px solid #ddd;padding:6px 10px}
#search{width:100%;padding:5px;margin-bottom:6px}
#edges{width:160px;vertical-align:middle}
#context-list{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
button.ctx{border:1px solid #ccc;background:#fafafa;padding:2px 6px;cursor:pointer;font-size:12px}
button.ctx.on{background:#4e79a7;color:#fff}
table.metrics th{text-align:left;font-weight:normal;color:#555;padding-right:10px}
ul.items,ul.evidence{margin:2px 0;padding-left:18px;max-height:220px;overflow:auto}
ul.evidence{font-size:12px}
ul.evidence code{background:#f6f6f6;word-break:break-all}
.dim{color:#888}
.kind{display:inline-block;min-width:46px;color:#a33;font-size:11px}
details.crossing summary{cursor:pointer}
h2{font-size:16px;margin:6px 0}h3{font-size:13px;margin:8px 0 2px}
.scroll{overflow:auto;max-width:100%}
table.dsm{border-collapse:collapse;font-size:11px}
table.dsm td{border:1px solid #eee;min-width:26px;height:22px;text-align:center;cursor:pointer}
table.dsm td.diag{background:#eee}
table.dsm td.own{outline:1px solid #4e79a7}
table.dsm th.col{writing-mode:vertical-rl;transform:rotate(180deg);max-height:160px;font-weight:normal;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.dsm th.row{text-align:right;font-weight:normal;white-space:nowrap;padding-right:6px}
.panel{border:1px solid #ddd;padding:6px 10px;margin-top:10px}
svg text{font-size:11px;fill:#333}
svg text.phase{font-weight:bold}
.legend .sw{display:inline-block;width:12px;height:12px;vertical-align:middle}
.legend .sw.band{background:#f28e2b;opacity:.4}.legend .sw.gate{background:#e15759;transform:rotate(45deg)}
#export-text{width:100%;font:11px monospace}
`;
