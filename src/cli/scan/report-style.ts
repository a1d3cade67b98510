/**
 * The HTML report's stylesheet. Ids never break inside a word: each `/`-separated part is kept
 * whole (`.id > span`) and may wrap only after its `/`; everything else wraps between words.
 * Contrast: text #1b1b1b on #fff (16:1), muted #4a4a4a on #fff (8.9:1), links #0b5394 (7.6:1).
 */
export const REPORT_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f3f3f3}
main{max-width:80rem;margin:0 auto;padding:1rem 1.25rem 2rem;background:#fff;min-height:100vh}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #c8c8c8;padding-bottom:.25rem}
h3{font-size:1rem;margin:0 0 .4rem}
code,.mono{font-family:ui-monospace,"Cascadia Mono",Consolas,monospace;font-size:.85rem}
.id>span{white-space:nowrap}
.note{color:#4a4a4a;margin:.25rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}
.card{border:1px solid #c8c8c8;border-radius:6px;padding:.75rem 1rem}
.counts{border-collapse:collapse;width:100%}
.counts th,.counts td{border:0;border-bottom:1px solid #e1e1e1;padding:.2rem .25rem;text-align:left;font-weight:400}
.counts td{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.counts tr.zero{color:#4a4a4a}.counts tr.zero td{font-weight:400}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;color:#fff;font-weight:600;font-size:.85rem;white-space:nowrap}
.sev-critical{background:#6e0b12}.sev-high{background:#c50f1f}.sev-medium{background:#8a5300}
.sev-low{background:#0b5394}.sev-informational{background:#5c5c5c}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,36rem),1fr));gap:1rem 2rem}
figure{margin:0;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:.4rem}
svg.chart{display:block;max-width:100%;height:auto}
.chart-label{font:12.5px ui-monospace,"Cascadia Mono",Consolas,monospace;fill:#1b1b1b}
.chart-count{font:600 12.5px system-ui,sans-serif;fill:#1b1b1b}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.4rem 0 0;font-size:.9rem}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
.controls[hidden]{display:none}
.controls label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
.controls input,.controls select{font:inherit;font-weight:400;padding:.35rem .5rem;border:1px solid #6b6b6b;border-radius:4px;min-height:2.25rem}
.controls input{min-width:16rem}
#shown{margin:.25rem 0 .5rem;color:#4a4a4a}
.table-wrap{overflow-x:auto}
table.findings{border-collapse:collapse;width:100%}
.findings th,.findings td{border:1px solid #c8c8c8;padding:.4rem .5rem;text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal}
.findings thead th{background:#f0f0f0;white-space:nowrap}
.findings thead th:nth-child(-n+2),.findings thead th:nth-child(5){width:1%}
.findings th button{font:inherit;font-weight:600;background:none;border:0;padding:.1rem .2rem;margin:-.1rem -.2rem;cursor:pointer;color:inherit;white-space:nowrap}
.findings th button:disabled{cursor:default}
.findings th button::after{content:"";display:inline-block;width:1em;text-align:center;color:#4a4a4a}
.findings th[aria-sort=ascending] button::after{content:"\\25B2"}
.findings th[aria-sort=descending] button::after{content:"\\25BC"}
button:focus-visible,summary:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0b5394;outline-offset:2px}
summary{cursor:pointer}
details[open]>summary{margin-bottom:.4rem}
.more{border-left:3px solid #c8c8c8;padding-left:.6rem}
.more dl{margin:.25rem 0 .5rem}
.more dt{font-weight:600}.more dd{margin:0 0 .25rem}
.more ul{margin:.25rem 0 .5rem;padding-left:1.25rem}
.more p{margin:.25rem 0 .5rem}
.more h3{margin:.5rem 0 .2rem;font-size:.95rem}
.evidence-note{color:#4a4a4a}
.would{white-space:nowrap}
@media (max-width:64rem){
.findings,.findings thead,.findings tbody{display:block}
.findings thead tr{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;padding:.25rem 0}
.findings thead tr::before{content:"Sort by";font-weight:600}
.findings thead th:nth-child(n){border:0;background:none;padding:.2rem 0;width:auto}
.findings tbody tr{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content;border:1px solid #c8c8c8;border-radius:4px;margin:0 0 .5rem}
.findings tbody tr[hidden]{display:none}
.findings tbody td{border:0}
.findings tbody td:nth-child(1){grid-area:1/1}
.findings tbody td:nth-child(2){grid-area:1/2}
.findings tbody td:nth-child(5){grid-area:1/3}
.findings tbody td:nth-child(3){grid-area:2/1/3/-1;padding-top:0}
.findings tbody td:nth-child(4){grid-area:3/1/4/-1;border-top:1px solid #e1e1e1}
.findings tbody td.would::before{content:"ward would: ";color:#4a4a4a}
}
`;
