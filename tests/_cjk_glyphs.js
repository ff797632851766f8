/* Injected into a report page by tests/test_browser.py: once the page and its fonts have loaded, measures
   every run of Chinese text inside a code-font element (pre, code, kbd, samp) as the page laid it out, and
   the same run set afresh in the embedded font alone and in the system's monospace alone.

   A run drawn as boxes (a font without the glyphs) has the box's advance width, not the embedded font's, so
   comparing the widths tells whether the page drew real glyphs from the embedded font. Also reports whether
   each code-font element sets Latin text in a monospace font (ten i as wide as ten W).

   Lines (tab-separated), in a pre element (id wb-cjk-report) appended to the body:
     RUN   <tag> <text> <width in page> <width in embedded font> <width in system monospace>
     LATIN <tag> <width of iiiiiiiiii> <width of WWWWWWWWWW> <computed font-family> */
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

  function check() {
    var lines = [];
    var seen = {};
    document.querySelectorAll(CODE).forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        if (node.parentElement.closest(CODE) !== el) continue;  // counted with its own code element
        var m;
        CJK.lastIndex = 0;
        while ((m = CJK.exec(node.data))) {
          var range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          var inPage = range.getBoundingClientRect().width;
          lines.push(["RUN", el.tagName, m[0], inPage.toFixed(2), styled(el, '"Noto Sans CJK SC"', m[0]).toFixed(2),
                      styled(el, "monospace", m[0]).toFixed(2)].join("\t"));
        }
      }
      var family = getComputedStyle(el).fontFamily;
      if (!seen[el.tagName + family]) {
        seen[el.tagName + family] = true;
        lines.push(["LATIN", el.tagName, styled(el, family, "iiiiiiiiii").toFixed(2),
                    styled(el, family, "WWWWWWWWWW").toFixed(2), family].join("\t"));
      }
    });
    var out = document.createElement("pre");
    out.id = "wb-cjk-report";
    out.textContent = lines.join("\n");
    document.body.appendChild(out);
  }

  window.addEventListener("load", function () {
    document.fonts.ready.then(function () { setTimeout(check, 500); });
  });
})();
