import { jsonText } from '../notify/json-text';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  const text = jsonText(value);
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Contrast: text #1b1b1b on #fff (16:1), links and primary #0b5394 on #fff (7.6:1). */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f3f3f3}
main{max-width:52rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #c8c8c8;padding-bottom:.25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
code,pre,.mono{font-family:ui-monospace,"Cascadia Mono",Consolas,monospace;font-size:.9rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #c8c8c8;padding:.4rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.mono{overflow-wrap:anywhere}
th{background:#f0f0f0}
.diff{border:1px solid #c8c8c8;border-radius:4px;margin:.5rem 0;overflow:hidden}
.diff-path{background:#f0f0f0;padding:.3rem .5rem;font-weight:600}
.diff del,.diff ins{display:block;padding:.3rem .5rem;text-decoration:none;white-space:pre-wrap;overflow-wrap:anywhere}
.diff del{background:#fde7e9;color:#6e0b12}.diff ins{background:#e3f4e1;color:#0f4a12}
.sign{display:inline-block;width:1.5em;font-weight:700}
.notice{border-left:4px solid #8a5300;background:#fff4e0;padding:.75rem;margin:1rem 0}
.error{border-left:4px solid #a4262c;background:#fde7e9;padding:.75rem;margin:1rem 0}
.ok{border-left:4px solid #0f6b13;background:#e3f4e1;padding:.75rem;margin:1rem 0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
textarea,select{width:100%;font:inherit;padding:.5rem;border:1px solid #6b6b6b;border-radius:4px}
textarea{min-height:6rem}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border-radius:4px;border:2px solid transparent;cursor:pointer;min-height:44px}
button.approve{background:#0b5394;color:#fff}
button.reject{background:#fff;color:#a4262c;border-color:#a4262c}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.hint{color:#4a4a4a;font-size:.9rem}
@media (max-width:36rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}main{padding:.75rem}
table,tbody,tr,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tr{border:1px solid #c8c8c8;margin-bottom:.5rem}td{border:0;border-bottom:1px solid #e0e0e0}
td[data-label]::before{content:attr(data-label);display:block;font-weight:600;font-family:system-ui,sans-serif}
td:empty{display:none}}
`;

/** A complete page; `title` and `body` must already be escaped HTML. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ward</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** Headers every approval response carries: no framing, no caching, no external loads. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};
