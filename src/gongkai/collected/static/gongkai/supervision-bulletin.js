// While the 通报 PDF is being typeset (off the request), ask every few seconds whether it is done
// and then reload the page, which shows the download link (or why it failed). Without JavaScript
// the page says to refresh it; nothing is lost.
(function () {
  var box = document.getElementById("bulletin");
  var url = box && box.getAttribute("data-status-url");
  if (!url || !window.fetch) { return; }
  var tries = 0;
  function ask() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && s.state !== "running") { window.location.reload(); }
        else if (tries < 400) { window.setTimeout(ask, 3000); }
      })
      .catch(function () { if (tries < 400) { window.setTimeout(ask, 6000); } });
  }
  window.setTimeout(ask, 3000);
})();
