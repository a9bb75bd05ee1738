// Portal helpers (a static file, no inline scripts: the pages run under a Content-Security-Policy).
// Everything works without JavaScript; this only adds 打印 and a 关闭 that closes a window opened
// for the document (otherwise the link goes back to the agency's home).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-action=print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-action=close]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (window.opener) {
          event.preventDefault();
          window.close();
        }
      });
    });
    document.querySelectorAll("[data-action=print-receipt]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
}());
