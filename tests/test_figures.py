"""Figure export: SVG + 300-dpi PNG, Chinese drawn with the registered CJK font (not tofu)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import textwrap

import altair as alt
import polars as pl
import pytest

from workbench import fonts
from workbench import notebook as wbn
from workbench.charts import theme


def _png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = {}, 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.setdefault(kind, data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return chunks


def _chart() -> alt.Chart:
    frame = pl.DataFrame({"district": ["拱墅区", "椒江区"], "n": [3, 5]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x=alt.X("n:Q", title="报告数"), y=alt.Y("district:N", title="区县"))
        .properties(title="法治政府建设", width=200, height=60)
    )


#: Renders one character as a 60-point text mark in the theme's font; prints the PNG as hex.
_GLYPH_SCRIPT = textwrap.dedent(
    """
    import sys, altair as alt, polars as pl, vl_convert as vlc
    from workbench.charts import theme
    if sys.argv[1] == "register":
        from workbench import fonts
        fonts.register_cjk_font()
    for ch in sys.argv[2:]:
        c = (alt.Chart(pl.DataFrame({"t": [ch]})).mark_text(size=60, font=theme.FONT)
             .encode(text="t:N").properties(width=80, height=80))
        print(vlc.vegalite_to_png(c.to_dict()).hex())
    """
)


def _glyph_pngs(mode: str, chars: str) -> list[bytes]:
    proc = subprocess.run(
        [sys.executable, "-c", _GLYPH_SCRIPT, mode, *chars], capture_output=True, text=True, check=True, timeout=120
    )
    return [bytes.fromhex(line) for line in proc.stdout.split()]


def _system_has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def test_theme_asks_first_for_the_registered_family():
    assert theme.FONT.split(",")[0].strip() == fonts.CJK_FAMILY == "Noto Sans CJK SC"
    config = alt.theme.get()()["config"]
    assert config["font"] == theme.FONT and config["axis"]["labelFont"] == theme.FONT


def test_the_font_file_holds_the_family_the_theme_names():
    path = fonts.cjk_font_path()
    data = path.read_bytes()
    assert data[:4] == b"ttcf"  # an OpenType collection
    # OpenType name tables store family names as UTF-16BE (Windows platform records)
    assert fonts.CJK_FAMILY.encode("utf-16-be") in data


def test_missing_font_gives_an_error_that_names_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "noto_cjk_sans_otc", None)  # import fails
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))  # empty folder
    with pytest.raises(fonts.FontError, match=r"no CJK font for figure export") as info:
        fonts.cjk_font_path()
    assert "pip install noto-cjk-sans-otc" in str(info.value) and fonts.FONT_DIR_ENV in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_font_folder_from_the_environment_is_used_first(monkeypatch, tmp_path):
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"ttcf")
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    assert fonts.cjk_font_path() == tmp_path / "NotoSansCJK-Regular.ttc"


def test_chinese_characters_render_as_distinct_glyphs_not_tofu():
    chars = "法治区"
    registered = _glyph_pngs("register", chars)
    assert len(registered) == 3
    # With the CJK font, each character draws differently.
    assert len(set(registered)) == 3, "Chinese characters render identically (tofu boxes)"
    # Without it (vl-convert's own Liberation Sans only), they cannot be told apart: that
    # is what the assertion above guards against. (Skipped where the system has a CJK font.)
    if not _system_has_cjk_font():
        unregistered = _glyph_pngs("none", chars)
        assert len(set(unregistered)) == 1
        assert unregistered[0] not in registered


def test_figure_only_displays_outside_report_runs(monkeypatch, tmp_path):
    monkeypatch.delenv(wbn.FIGURES_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    chart = _chart()
    assert wbn.figure(chart, "plain") is chart
    assert list(tmp_path.iterdir()) == []


def test_figure_exports_svg_and_300_dpi_png_atomically(monkeypatch, tmp_path):
    out = tmp_path / "figures" / "01_demo"
    monkeypatch.setenv(wbn.FIGURES_ENV, str(out))
    chart = _chart()
    assert wbn.figure(chart, "by_district") is chart
    assert sorted(p.name for p in out.iterdir()) == ["by_district.png", "by_district.svg"]  # no temp files

    png = (out / "by_district.png").read_bytes()
    chunks = _png_chunks(png)
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    ppm_x, ppm_y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1 and round(ppm_x * 0.0254) == round(ppm_y * 0.0254) == 300

    svg = (out / "by_district.svg").read_text(encoding="utf-8")
    svg_w, svg_h = (float(v) for v in svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split())
    assert abs(width - svg_w * 300 / 72) <= 2 and abs(height - svg_h * 300 / 72) <= 2
    assert "法治政府建设" in svg and "拱墅区" in svg
    assert f'font-family="{fonts.CJK_FAMILY},' in svg


@pytest.mark.parametrize("name", ["", "a/b", "../x", "名字", "x" * 81, 3])
def test_figure_refuses_names_that_are_not_file_stems(name):
    with pytest.raises(ValueError, match="figure: name must be a short file stem"):
        wbn.figure(_chart(), name)


def test_figure_refuses_non_charts():
    with pytest.raises(TypeError, match="figure: expected an Altair chart"):
        wbn.figure(pl.DataFrame({"x": [1]}), "frame")


def test_chart_html_is_inert_json_inside_script():
    html = wbn.chart_html({"title": "</script><script>alert(1)</script>", "mark": "bar"}, div_id="c1")
    script = html.split('<script type="text/javascript">', 1)[1]
    assert script.count("</script>") == 1 and "alert(1)" in script and "<script>alert" not in script


def test_jupyterlab_renderer_gives_a_spec_vega_lite_5_can_draw(monkeypatch):
    import vl_convert as vlc

    monkeypatch.setenv("JPY_SESSION_NAME", "notebooks/01_demo.ipynb")
    monkeypatch.delenv(wbn.FIGURES_ENV, raising=False)
    try:
        wbn.setup()
        assert alt.renderers.active == "workbench-lab"
        bundle = _chart()._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    finally:
        monkeypatch.delenv("JPY_SESSION_NAME")
        wbn.setup()
    assert alt.renderers.active == "workbench"
    spec = bundle[wbn.LAB_MIME]
    assert "$schema" not in spec
    svg = vlc.vegalite_to_svg(spec, vl_version="5.21")
    assert "拱墅区" in svg and "法治政府建设" in svg
