/* Injected into a report page by tests/test_notebooks_any_corpus.py: once every chart has drawn, lists
   each chart, each text outside its SVG (clipped) and each text overlapping a title or subtitle. */
(function () {
  function rect(el) { return el.getBoundingClientRect(); }
  function outside(r, box) {
    return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }
  function overlap(a, b) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  }
  function check() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".wb-chart"));
    var pending = charts.some(function (c) { return !c.querySelector("svg") && c.className.indexOf("wb-chart-error") < 0; });
    if (pending && (window.wbWaited = (window.wbWaited || 0) + 1) < 300) { setTimeout(check, 100); return; }
    var lines = ["CHARTS " + charts.length];
    charts.forEach(function (c) {
      var svg = c.querySelector("svg");
      if (!svg) { lines.push("NOSVG\t" + c.id); return; }
      var box = rect(svg);
      var texts = Array.prototype.slice.call(svg.querySelectorAll("text")).filter(function (t) {
        var r = rect(t); return t.textContent.trim() && (r.width > 0 || r.height > 0);
      });
      lines.push("CHART\t" + c.id + "\t" + texts.length + "\t" + Math.round(box.width) + "x" + Math.round(box.height));
      texts.forEach(function (t) {
        var r = rect(t);
        if (outside(r, box)) {
          lines.push("CLIP\t" + c.id + "\t" + t.textContent + "\t" + [r.left - box.left, box.right - r.right, r.top - box.top, box.bottom - r.bottom].map(Math.round).join(","));
        }
      });
      var titles = texts.filter(function (t) { var g = t.closest("g[class*='role-title']"); return !!g; });
      texts.forEach(function (t) {
        if (titles.indexOf(t) >= 0) return;
        titles.forEach(function (h) {
          if (overlap(rect(t), rect(h))) lines.push("OVERLAP\t" + c.id + "\t" + t.textContent + "\t" + h.textContent);
        });
      });
    });
    var pre = document.createElement("pre");
    pre.id = "wb-clip-report";
    pre.textContent = lines.join("\n");
    document.body.appendChild(pre);
  }
  window.addEventListener("load", function () { setTimeout(check, 100); });
})();
