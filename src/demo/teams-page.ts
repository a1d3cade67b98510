/**
 * The stand-in's channel page. The script is served from the same origin (the page's CSP
 * allows no inline script); cards are rendered by the adaptivecards renderer, never as HTML.
 */
export const TEAMS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ward demo: Teams channel</title>
<style>
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;color:#1b1b1b}
header{background:#464775;color:#fff;padding:.75rem 1rem}
header h1{font-size:1.1rem;margin:0}
main{max-width:44rem;margin:0 auto;padding:1rem}
.message{background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.15);margin:0 0 1rem;padding:.75rem}
.meta{color:#4a4a4a;font-size:.85rem;margin-bottom:.5rem}
.error{color:#a4262c}
</style>
<script src="/adaptivecards.min.js"></script>
<script src="/teams-page.js"></script>
</head>
<body>
<header><h1>ward demo &middot; Teams channel (local stand-in)</h1></header>
<main><p id="status" role="status">Loading messages&hellip;</p><div id="messages"></div></main>
</body>
</html>
`;

export const TEAMS_PAGE_SCRIPT = `'use strict';
(function () {
  var shown = 0;
  function openUrl(action) {
    if (action && typeof action.url === 'string') window.location.assign(action.url);
  }
  function render(message) {
    var box = document.createElement('section');
    box.className = 'message';
    box.setAttribute('data-seq', String(message.seq));
    var meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = 'ward \\u00b7 message ' + message.seq + ' \\u00b7 ' + message.receivedAt;
    box.appendChild(meta);
    message.cards.forEach(function (content) {
      var card = new AdaptiveCards.AdaptiveCard();
      card.onExecuteAction = openUrl;
      try {
        card.parse(content);
        var element = card.render();
        if (element) box.appendChild(element);
      } catch (error) {
        var problem = document.createElement('p');
        problem.className = 'error';
        problem.textContent = 'This card could not be rendered: ' + String(error);
        box.appendChild(problem);
      }
    });
    return box;
  }
  function refresh() {
    fetch('/messages.json', { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var list = document.getElementById('messages');
        var fresh = data.messages.filter(function (m) { return m.seq > shown; });
        fresh.forEach(function (message) {
          list.appendChild(render(message));
          shown = message.seq;
        });
        document.getElementById('status').textContent =
          data.messages.length + ' message' + (data.messages.length === 1 ? '' : 's');
        document.body.setAttribute('data-rendered', String(shown));
      })
      .catch(function (error) {
        document.getElementById('status').textContent = 'Could not load messages: ' + String(error);
      });
  }
  window.addEventListener('DOMContentLoaded', function () {
    refresh();
    setInterval(refresh, 2000);
  });
})();
`;
