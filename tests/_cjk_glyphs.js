/* Injected into a report page by tests/test_browser.py: once the page and its fonts have loaded, measures
   every run of Chinese text inside a code-font element (pre, code, kbd, samp) as the page laid it out, and
   the same run set afresh in the embedded font alone and in the system's monospace alone.

   A run drawn as boxes (a font without the glyphs) has the box's advance width, not the embedded font's, so
   comparing the widths tells whether the page drew real glyphs from the embedded font. Also reports whether
   each code-font element sets Latin text in a monospace font (ten i as wide as ten W), and which face
   comes first in the font stack of an element with Chinese (Chromium draws such text only once the
   first face has loaded; a face further down the stack may still be loading when it is drawn).

   Measures once the fonts have loaded and again once every chart has drawn; then (vega-tooltip's
   stylesheet is in place) reports the font stack a chart tooltip gets.

   Lines (tab-separated), in a pre element (id wb-cjk-report) appended to the body:
     RUN     <phase: loaded | charts> <tag> <text> <width in page> <width in embedded font> <width in system monospace>
     FIRST   <tag> <first family of its font stack> <status and unicode-range of that family's embedded faces>
     LATIN   <tag> <width of iiiiiiiiii> <width of WWWWWWWWWW> <computed font-family>
     TOOLTIP <computed font-family of #vg-tooltip-element> */
(function () {
  var CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+/g;
  var CODE = "pre, code, kbd, samp";

  function styled(el, family, text) {
    var cs = getComputedStyle(el);
    var span = document.createElement("span");
    span.style.cssText = "position: absolute; left: 0; top: 0; white-space: pre; letter-spacing: normal; " +
      "font-size: " + cs.fontSize + "; font-weight: " + cs.fontWeight + "; font-style: " + cs.fontStyle +
      "; font-family: " + family + ";";
    span.textContent = text;
    document.body.appendChild(span);
    var w = span.getBoundingClientRect().width;
    span.remove();
    return w;
  }

  function tooltipFamily() {
    var tip = document.getElementById("vg-tooltip-element");
    var made = !tip;
    if (made) {  // vega-tooltip adds it on the first hover; the same id gets the same rules
      tip = document.createElement("div");
      tip.id = "vg-tooltip-element";
      document.body.appendChild(tip);
    }
    var family = getComputedStyle(tip).fontFamily;
    if (made) tip.remove();
    return family;
  }

  function measure(phase, lines, seen) {
    document.querySelectorAll(CODE).forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      var node;
      var hasCjk = false;
      while ((node = walker.nextNode())) {
        if (node.parentElement.closest(CODE) !== el) continue;  // counted with its own code element
        var m;
        CJK.lastIndex = 0;
        while ((m = CJK.exec(node.data))) {
          hasCjk = true;
          var range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          var inPage = range.getBoundingClientRect().width;
          lines.push(["RUN", phase, el.tagName, m[0], inPage.toFixed(2), styled(el, '"Noto Sans CJK SC"', m[0]).toFixed(2),
                      styled(el, "monospace", m[0]).toFixed(2)].join("\t"));
        }
      }
      var family = getComputedStyle(el).fontFamily;
      var first = family.split(",")[0].trim().replace(/^["']|["']$/g, "");
      if (hasCjk && !seen["first" + el.tagName + family]) {
        seen["first" + el.tagName + family] = true;
        var faces = [];
        document.fonts.forEach(function (f) {
          if (f.family.replace(/^["']|["']$/g, "") === first) faces.push(f.status + " " + f.unicodeRange);
        });
        lines.push(["FIRST", el.tagName, first, faces.join("; ") || "no embedded face"].join("\t"));
      }
      if (!seen[el.tagName + family]) {
        seen[el.tagName + family] = true;
        lines.push(["LATIN", el.tagName, styled(el, family, "iiiiiiiiii").toFixed(2),
                    styled(el, family, "WWWWWWWWWW").toFixed(2), family].join("\t"));
      }
    });
  }

  function report(lines) {
    var out = document.createElement("pre");
    out.id = "wb-cjk-report";
    out.textContent = lines.join("\n");
    document.body.appendChild(out);
  }

  // Measured twice: once the fonts are loaded, and again once every chart has drawn (drawing restyles
  // the page, which may redraw text that was drawn as boxes before: both states are seen by a reader).
  function whenChartsDrawn(then) {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".wb-chart"));
    var pending = charts.some(function (c) { return !c.querySelector("svg") && c.className.indexOf("wb-chart-error") < 0; });
    if (pending && (window.wbGlyphWaits = (window.wbGlyphWaits || 0) + 1) < 300) {
      setTimeout(function () { whenChartsDrawn(then); }, 100);
      return;
    }
    then(charts.length);
  }

  window.addEventListener("load", function () {
    document.fonts.ready.then(function () {
      setTimeout(function () {
        var lines = [];
        var seen = {};
        measure("loaded", lines, seen);
        whenChartsDrawn(function (nCharts) {
          measure("charts", lines, seen);
          if (nCharts) lines.push(["TOOLTIP", tooltipFamily()].join("\t"));
          report(lines);
        });
      }, 500);
    });
  });
})();
