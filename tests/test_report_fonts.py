"""The fonts embedded in report pages: the code face that draws Chinese in code and outputs.

The browser side (what Chromium draws) is tested in tests/test_browser.py.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from workbench.report import pages


def _faces(css: str) -> dict[str, tuple[str, set[int]]]:
    """``{family: (unicode-range or "", code points of the embedded font)}`` of every ``@font-face`` in ``css``."""
    from fontTools.ttLib import TTFont

    faces = {}
    for m in re.finditer(r'@font-face \{ font-family: "([^"]+)";( unicode-range: ([^;]+);)?[^}]*base64,([A-Za-z0-9+/=]+)', css):
        font = TTFont(io.BytesIO(base64.b64decode(m.group(4))))
        faces[m.group(1)] = (m.group(3) or "", set(font.getBestCmap()))
    return faces


def test_code_text_is_the_text_of_code_elements_only():
    page = (
        "<p>正文 <code>x = '余杭区'</code> 文</p><div class='highlight'><pre><span>a</span> = '&#19978;城区'</pre></div>"
        "<kbd>拱</kbd><samp>墅</samp><script>var s = '<pre>椒江</pre>';</script><table><td>宁波</td></table>"
    )
    assert pages.code_text(page) == "x = '余杭区'a = '上城区'拱墅"


def test_ranges_of_a_css_unicode_range():
    assert pages._ranges("U+4E00-9FFF, U+3000, U+20000-323AF") == ((0x4E00, 0x9FFF), (0x3000, 0x3000), (0x20000, 0x323AF))
    assert [c for c in "a余，—。ｶ𠀀é" if pages._is_cjk(c)] == ["余", "，", "。", "ｶ", "𠀀"]


def test_code_face_holds_the_chinese_of_its_text_with_a_cjk_unicode_range():
    assert pages.code_font_face_css("print('no Chinese — none')") == ""
    faces = _faces(pages.code_font_face_css("('district', '余杭区')\n结果：1件"))
    unicode_range, cmap = faces[pages.CODE_CJK_FAMILY]
    assert unicode_range == pages.CJK_UNICODE_RANGE
    assert "U+4E00-9FFF" in unicode_range and "U+0020" not in unicode_range
    chinese = {c for c in cmap if c > 126}
    assert chinese == {ord(c) for c in "余杭区结果：件"}


def test_embed_font_puts_both_faces_in_every_page():
    text = {
        Path("a.html"): f"<style>{pages.FONT_MARKER}</style><p>法治政府</p><pre>('district', '余杭区')</pre>",
        Path("b.html"): f"<style>{pages.FONT_MARKER}</style><p>建设</p><code>上城区</code>",
    }
    out = pages.embed_font(text)
    for page in out.values():
        assert pages.FONT_MARKER not in page
        faces = _faces(page)
        assert set(faces) == {"Noto Sans CJK SC", pages.CODE_CJK_FAMILY}
        assert faces["Noto Sans CJK SC"][0] == ""  # every character of every page, no range
        assert {chr(c) for c in faces["Noto Sans CJK SC"][1] if c > 126} == set("法治政府余杭区建设上城")
        # the code face: only what the pages show in code font
        assert {chr(c) for c in faces[pages.CODE_CJK_FAMILY][1] if c > 126} == set("余杭区上城")
    # no Chinese in code: no code face
    plain = pages.embed_font({Path("c.html"): f"<style>{pages.FONT_MARKER}</style><p>法治</p><pre>x = 1</pre>"})
    assert set(_faces(plain[Path("c.html")])) == {"Noto Sans CJK SC"}


def test_code_font_stack_puts_the_code_face_first_and_stays_monospace():
    stack = [f.strip().strip('"') for f in pages.CODE_FONT_STACK.split(",")]
    assert stack[0] == pages.CODE_CJK_FAMILY and stack[-1] == "monospace"
    assert stack.index("DejaVu Sans Mono") < stack.index("Noto Sans CJK SC")
    assert f"--jp-code-font-family-default: {pages.CODE_FONT_STACK};" in pages._TEMPLATE
