// 区分处理 page: draw a box on a page image with the mouse; the box form (page and coordinates
// in PDF points from the top-left corner) is filled in, ready to choose the ground and add.
// Without this script the same form is filled in by hand (and search-and-mark needs no script).
(function () {
  "use strict";
  var form = document.getElementById("box-form");
  if (!form) return;
  function field(name) { return form.querySelector("[name=" + name + "]"); }
  document.querySelectorAll(".redact-page").forEach(function (page) {
    var start = null, box = null;
    function point(ev) {
      var r = page.getBoundingClientRect();
      return {
        x: Math.min(Math.max(ev.clientX - r.left, 0), r.width),
        y: Math.min(Math.max(ev.clientY - r.top, 0), r.height),
        w: r.width, h: r.height
      };
    }
    page.style.cursor = "crosshair";
    page.addEventListener("mousedown", function (ev) {
      if (ev.button !== 0) return;
      ev.preventDefault();
      start = point(ev);
      if (box) box.remove();
      box = document.createElement("div");
      box.className = "redact-drawing";
      box.style.cssText = "position:absolute;border:2px dashed #c00;background:rgba(200,0,0,.15)";
      page.appendChild(box);
    });
    page.addEventListener("mousemove", function (ev) {
      if (!start) return;
      var p = point(ev);
      box.style.left = Math.min(start.x, p.x) + "px";
      box.style.top = Math.min(start.y, p.y) + "px";
      box.style.width = Math.abs(p.x - start.x) + "px";
      box.style.height = Math.abs(p.y - start.y) + "px";
    });
    function finish(ev) {
      if (!start) return;
      var p = point(ev), s = start;
      start = null;
      var width = parseFloat(page.dataset.width), height = parseFloat(page.dataset.height);
      var x0 = Math.min(s.x, p.x) / p.w * width, x1 = Math.max(s.x, p.x) / p.w * width;
      var y0 = Math.min(s.y, p.y) / p.h * height, y1 = Math.max(s.y, p.y) / p.h * height;
      if (x1 - x0 < 2 || y1 - y0 < 2) { box.remove(); box = null; return; }
      field("page").value = page.dataset.page;
      field("x0").value = x0.toFixed(1);
      field("y0").value = y0.toFixed(1);
      field("x1").value = x1.toFixed(1);
      field("y1").value = y1.toFixed(1);
      var ground = field("ground");
      ground.focus();
      ground.scrollIntoView({ block: "center" });
    }
    page.addEventListener("mouseup", finish);
    page.addEventListener("mouseleave", function (ev) { if (start) finish(ev); });
  });
})();
