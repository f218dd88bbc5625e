"""The charts a person can read (issue 15, item 6): text of at least 12 px at every width, the
target band shaded, the running period hatched and labelled instead of drawn as a drop."""

import base64
import datetime
import re
from fractions import Fraction
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest

from communities.mix import CommunityMix, MixFigures, target_in_force
from gemengdwonen.charts import (
    BAND_CLASS,
    CHART_CSS_PATH,
    MIN_FONT_PX,
    NARROW_WIDTH,
    RUNNING_CLASS,
    STYLE,
    WIDE_WIDTH,
    line_chart,
    mix_history_chart,
    thin_labels,
)
from monitor.charts import mix_band, trend_charts
from monitor.selectors import Trend

SVG = "{http://www.w3.org/2000/svg}"
APP_CSS = CHART_CSS_PATH.parent / "app.css"
# A 390 px phone: Bootstrap's .container keeps 12 px of padding on each side.
PHONE_BOX = 390 - 2 * 12


def svgs(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(match)
        for match in re.findall(r"<svg [^>]*class=\"pygal-chart[^\"]*\".*?</svg>", html, re.S)
    ]


def pdf_svgs(html: str) -> list[ET.Element]:
    """The charts of a PDF: SVG documents in <img> data: URIs (gemengdwonen.charts.pdf_image)."""
    return [
        ET.fromstring(base64.b64decode(data))
        for data in re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]


def by_class(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def view_box_width(root: ET.Element) -> float:
    return float(root.get("viewBox").split()[2])


def chart(**options):
    defaults = {
        "title": "Aandeel begeleid (%)",
        "labels": ["jan", "feb", "mrt", "apr", "mei", "jun"],
        "series": {"Begeleid": [30.0, 31.0, 33.0, 34.0, 35.0, 12.0]},
        "y_max": 50,
    }
    return line_chart(**{**defaults, **options})


# --- Text size --------------------------------------------------------------------------------


def test_a_page_gets_a_wide_and_a_narrow_rendering_a_pdf_the_wide_one():
    page = svgs(chart())
    assert [view_box_width(s) for s in page] == [WIDE_WIDTH, NARROW_WIDTH]
    assert [s.get("class").split()[-1] for s in page] == ["chart-wide", "chart-narrow"]
    html = chart(inline_css=True)
    assert not svgs(html)  # not inline: an image (its elements stay out of the HTML cascade)
    pdf = pdf_svgs(html)
    assert [view_box_width(s) for s in pdf] == [WIDE_WIDTH]


def test_a_pdf_chart_is_the_same_image_each_time():
    """The annual report hashes its HTML to know whether its content changed: pygal's random
    chart id, the running pattern's counter and the day in pygal's comment must not show."""
    first, second = chart(inline_css=True, running=True), chart(inline_css=True, running=True)
    assert first == second
    (root,) = pdf_svgs(first)
    assert root.get("id") == "chart"
    assert not [e for e in root.iter() if e.tag in (f"{SVG}desc", f"{SVG}title")]
    assert by_class(root, RUNNING_CLASS)  # the hatched running period is still drawn


def test_every_font_size_of_the_chart_style_is_at_least_12():
    sizes = {
        name: getattr(STYLE, name)
        for name in (
            "label_font_size",
            "major_label_font_size",
            "legend_font_size",
            "title_font_size",
            "value_font_size",
            "value_label_font_size",
            "no_data_font_size",
        )
    }
    assert min(sizes.values()) >= MIN_FONT_PX, sizes
    # And the stylesheet the pages use says so too (its px are the SVG's own units).
    css = CHART_CSS_PATH.read_text()
    text_rules = re.findall(r"([^{}]*text[^{}]*)\{[^}]*font-size:(\d+)px", css)
    assert text_rules
    assert all(int(size) >= MIN_FONT_PX for _selector, size in text_rules), text_rules


def test_the_text_is_never_drawn_below_12_px():
    """A unit of the SVG is drawn at box width / viewBox width px. app.css shows the wide
    rendering from a box of WIDE_WIDTH px up (its container query), the narrow one below that;
    the narrowest box is a 390 px phone's. Every explicit font size in the SVG counts too."""
    css = APP_CSS.read_text()
    switch = int(re.search(r"@container \(min-width: (\d+)px\)", css).group(1))
    assert switch >= WIDE_WIDTH  # the wide chart is never shrunk
    html = chart(band=(28, 38), running=True)
    for root in svgs(html):
        smallest_box = switch if "chart-wide" in root.get("class") else PHONE_BOX
        scale = smallest_box / view_box_width(root)
        sizes = [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
        for size in [*sizes, STYLE.label_font_size, STYLE.legend_font_size]:
            assert size * scale >= MIN_FONT_PX, (root.get("class"), size, scale)


@pytest.mark.parametrize("width", [WIDE_WIDTH, NARROW_WIDTH])
def test_x_labels_are_thinned_so_they_do_not_touch(width):
    labels = [f"mrt {2000 + n}" for n in range(24)]
    shown = [(i, label) for i, label in enumerate(thin_labels(labels, width=width)) if label]
    assert shown[0] == (0, "mrt 2000")
    slot = (width - 70) / 23
    gaps = [(b - a) * slot for (a, _), (b, _) in zip(shown, shown[1:], strict=False)]
    assert min(gaps) >= len("mrt 2000") * 0.62 * MIN_FONT_PX
    assert len(shown) >= 3


def test_blank_labels_stay_blank_and_short_lists_are_kept():
    assert thin_labels(["jan", "", "mrt"], width=WIDE_WIDTH) == ["jan", "", "mrt"]
    assert thin_labels([], width=NARROW_WIDTH) == []
    assert thin_labels(["jan"], width=NARROW_WIDTH) == ["jan"]


# --- The target band ---------------------------------------------------------------------------


def y_of(root: ET.Element):
    """The y axis as drawn: value -> y, from two of its guide lines."""
    axis = next(e for e in by_class(root, "axis") if "y" in e.get("class").split())
    guides = {}
    for guide in by_class(axis, "guides"):
        value = float(guide.find(f"{SVG}text").text)
        guides[value] = float(guide.find(f"{SVG}path").get("d").split()[1])
    (v0, y0), (v1, y1) = sorted(guides.items())[0], sorted(guides.items())[-1]
    return lambda value: y0 + (value - v0) * (y1 - y0) / (v1 - v0)


def test_the_band_is_shaded_between_its_edges_and_named_in_the_key():
    html = chart(band=(28, 38))
    for root in svgs(html):
        (band,) = by_class(root, BAND_CLASS)
        rect = band.find(f"{SVG}rect")
        y = y_of(root)
        assert float(rect.get("y")) == pytest.approx(y(38), abs=0.2)
        assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(y(28), abs=0.2)
        assert float(rect.get("fill-opacity")) < 0.5  # the lines stay visible through it
    assert "streefband 28–38 %" in html
    assert 'class="chart-key' in html


def test_without_a_band_there_is_no_band_and_no_key():
    html = chart()
    assert all(not by_class(root, BAND_CLASS) for root in svgs(html))
    assert "chart-key" not in html


def month_mix(on, supported, unsupported, target=Fraction(1, 3)):
    return CommunityMix(
        on=on,
        target=target_in_force(target="1/3", reason=""),
        overall=MixFigures(
            supported=supported, unsupported=unsupported, target=target, status="op_koers"
        ),
    )


def test_the_mix_history_band_is_the_target_plus_and_minus_the_on_course_band():
    history = [
        month_mix(datetime.date(2026, 1, 31), 10, 20),
        month_mix(datetime.date(2026, 2, 28), 11, 19),
        month_mix(datetime.date(2026, 3, 14), 12, 18),
    ]
    html = mix_history_chart(history, band_pp=5)
    assert "streefband 28–38 %" in html
    assert "streefband 31–36 %" in mix_history_chart(history, band_pp=2.5)


def test_the_monitor_shades_the_mix_band_only_when_every_location_shares_it():
    kade = SimpleNamespace(mix_target="1/3", band_on_course_pp=5)
    anker = SimpleNamespace(mix_target="1/3", band_on_course_pp=5)
    small = SimpleNamespace(mix_target="1/2", band_on_course_pp=5)
    low, high = mix_band([kade, anker])
    assert (round(low, 1), round(high, 1)) == (28.3, 38.3)
    assert mix_band([kade, small]) is None


# --- The running period ------------------------------------------------------------------------


def dots(root):
    return [e for e in root.iter() if e.tag == f"{SVG}circle" and "dot" in e.get("class", "")]


def test_the_running_month_is_hatched_labelled_and_not_drawn_as_a_drop():
    html = chart(running=True)
    for root in svgs(html):
        (running,) = by_class(root, RUNNING_CLASS)
        rect = running.find(f"{SVG}rect")
        assert rect.get("fill").startswith("url(#lopend-")
        pattern_id = rect.get("fill")[len("url(#") : -1]
        assert any(e.get("id") == pattern_id for e in root.iter())
        assert "lopend" in "".join(root.itertext())
        # Six months, the last running: five dots, the 12 of the partial month is not drawn.
        assert len(dots(root)) == 5
    assert "lopend: de periode is nog niet om" in html


def test_the_hatch_ids_differ_between_charts_on_one_page():
    first, second = chart(running=True), chart(running=True)
    ids = re.findall(r'id="(lopend-[^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4


def test_a_state_keeps_its_running_point():
    html = chart(running=True, drop_running=False)
    assert all(len(dots(root)) == 6 for root in svgs(html))
    assert all(by_class(root, RUNNING_CLASS) for root in svgs(html))


def test_the_mix_history_marks_a_month_not_over_as_running():
    ends = [
        month_mix(datetime.date(2026, 1, 31), 10, 20),
        month_mix(datetime.date(2026, 2, 28), 10, 20),
    ]
    assert "lopend" not in mix_history_chart(ends)
    midway = [*ends[:1], month_mix(datetime.date(2026, 2, 14), 10, 20)]
    html = mix_history_chart(midway)
    assert "lopend" in html
    assert all(len(dots(root)) == 4 for root in svgs(html))  # 2 months × (share, target)


def test_the_participation_chart_marks_the_current_month(client, world):
    client.force_login(world.users["coach"])
    body = client.get(f"/locaties/{world.community.slug}/deelname/").content.decode()
    assert body.count(f'class="{RUNNING_CLASS}"') == 2  # wide and narrow
    assert "lopend: de periode is nog niet om" in body


def test_the_community_page_shades_its_own_band(client, world):
    world.community.band_on_course_pp = 4
    world.community.save(update_fields=["band_on_course_pp"])
    client.force_login(world.users["coach"])
    body = client.get(f"/locaties/{world.community.slug}/").content.decode()
    assert "streefband 29–37 %" in body
    assert body.count(f'class="{BAND_CLASS}"') == 2


def test_a_chart_is_drawn_once_and_then_read_from_the_cache(monkeypatch):
    """pygal is the costly part of a trends page: the same chart (same data, same language) is
    drawn once; other data is drawn anew."""
    from gemengdwonen import charts

    drawn = []
    real = charts._render_svg

    def counting(**options):
        drawn.append(options["variant"])
        return real(**options)

    monkeypatch.setattr(charts, "_render_svg", counting)
    series = {"Begeleid": [21.0, 22.0, 23.0, 24.0, 25.0, 26.5]}
    first = chart(series=series, title="Eenmalig getekend")
    assert sorted(drawn) == ["narrow", "wide"]
    again = chart(series=series, title="Eenmalig getekend")
    assert len(drawn) == 2

    # The same picture, with ids of its own.
    def without_ids(html):
        return re.sub(r"chart-[0-9a-f-]{36}|(wide|narrow)-\d+", "ID", html)

    assert without_ids(first) == without_ids(again)
    assert set(re.findall(r'id="([^"]+)"', first)) != set(re.findall(r'id="([^"]+)"', again))
    chart(series={"Begeleid": [21.0, 22.0, 23.0, 24.0, 25.0, 27.0]}, title="Eenmalig getekend")
    assert len(drawn) == 4


def test_trend_charts_draws_only_the_charts_asked_for():
    """The annual report shows two of the seven trend charts: it asks for those alone."""
    trend = Trend(
        community=SimpleNamespace(pk=1, name="De Kade"),
        months=[datetime.date(2025, month, 1) for month in (1, 2, 3)],
        snapshots=[None, None, None],
    )
    charts = trend_charts(trends=[trend], masked={}, keys=("participation", "signals"))
    assert [c.key for c in charts] == ["participation", "signals"]
