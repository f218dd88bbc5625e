"""Server-side SVG charts (pygal), so the same chart appears in the browser and in PDFs.

Pages run under a strict Content-Security-Policy (no inline script or style), so the SVG in a
page carries neither: pygal's <script> (a config object for its optional JavaScript, which we do
not load) is always dropped, and its <style> is replaced by static/css/charts.css, which
`chart_css()` generates from STYLE (a test keeps the file in step). PDFs have no CSP and no page
stylesheet: they ask for `inline_css=True` and keep pygal's own <style>, in a chart that comes
as an <img> of the SVG (`pdf_image`).
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import itertools
import re
import uuid
from pathlib import Path

import pygal
from django.core.cache import cache
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from gemengdwonen.suppression import suppress

# Font sizes are in the SVG's own units (its viewBox), which the page scales to the box the chart
# sits in. Each chart is rendered twice (see line_chart): WIDE_WIDTH units for boxes of at least
# WIDE_WIDTH px (scale >= 1) and NARROW_WIDTH units for narrower boxes, shown at NARROW_WIDTH px or
# more on any phone of 364 px and up (a 390 px screen gives a box of 366 px). So a 12-unit label is
# never drawn smaller than 12 px (tests/test_charts.py: MIN_FONT_PX).
MIN_FONT_PX = 12
WIDE_WIDTH = 640
NARROW_WIDTH = 340
HEIGHT = 260
NARROW_HEIGHT = 300

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0b5394", "#b45f06", "#38761d"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=MIN_FONT_PX,
    major_label_font_size=MIN_FONT_PX,
    legend_font_size=13,
    title_font_size=14,
    value_font_size=MIN_FONT_PX,
    value_label_font_size=MIN_FONT_PX,
    tooltip_font_size=MIN_FONT_PX,
    no_data_font_size=16,
)

# The shaded target band and the hatched running period (a month or a week not yet over), drawn
# into the plot under the lines, with their words in the SVG itself.
BAND_CLASS = "chart-band"
RUNNING_CLASS = "chart-running"
# Presentation attributes, not CSS: a PDF has no page stylesheet, and a page's strict CSP
# allows attributes (only style="" is refused).
TEXT = {"font-size": str(MIN_FONT_PX), "fill": "#343a40"}


# The class pygal puts on every chart's <svg>: charts.css scopes its rules with it.
CHART_CLASS = "pygal-chart"
CHART_CSS_HEADER = """/* Generated from STYLE in gemengdwonen/charts.py: do not edit by hand.
   Regenerate: python manage.py shell -c "from gemengdwonen.charts import *; write_chart_css()"
   (tests/test_login_security.py fails when this file and STYLE disagree). */
"""


def _strip_inline_script(root):
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "script":
                parent.remove(child)
    return root


def _strip_inline_css(root):
    """Drop what style-src 'self' refuses: <style> elements and style="" attributes (pygal's
    tooltip group has one; without pygal's JavaScript there are no tooltips to show)."""
    for parent in root.iter():
        parent.attrib.pop("style", None)
        for child in list(parent):
            if child.tag == "style":
                parent.remove(child)
    return root


def _chart(*, inline_css: bool = False, **options) -> pygal.Line:
    chart = pygal.Line(style=STYLE, js=[], **options)
    chart.add_xml_filter(_strip_inline_script)
    if not inline_css:
        chart.add_xml_filter(_strip_inline_css)
    return chart


def chart_css() -> str:
    """The CSS pygal would put inside each chart for STYLE, with its per-chart id selector
    (`#chart-<uuid>`) replaced by `.pygal-chart`, for as many series as STYLE has colours."""
    chart = pygal.Line(style=STYLE, js=[])
    for index in range(len(STYLE.colors)):
        chart.add(str(index), [1, 2])
    root = chart.render_tree()
    style = next(element for element in root.iter() if element.tag == "style")
    return re.sub(r"#chart-[0-9a-f-]+", f".{CHART_CLASS}", style.text) + "\n"


CHART_CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "css" / "charts.css"


def write_chart_css() -> None:
    CHART_CSS_PATH.write_text(CHART_CSS_HEADER + chart_css(), encoding="utf-8")


def thin_labels(labels: list[str], *, width: int, font: int = MIN_FONT_PX) -> list[str]:
    """Blank out x labels so that those shown do not touch at this chart width: each label
    needs its own length in characters (about 0.62 em each) plus a gap. The first label is
    always kept; labels already blank stay blank."""
    shown = [label for label in labels if label]
    if len(labels) < 2 or not shown:
        return list(labels)
    plot = width - 70  # pygal's y labels and margins
    slot = plot / (len(labels) - 1)
    needed = max(len(label) for label in shown) * 0.62 * font + font
    result, last = [], None
    for index, label in enumerate(labels):
        if label and (last is None or (index - last) * slot >= needed):
            result.append(label)
            last = index
        else:
            result.append("")
    return result


def _label(plot, text: str, *, x: float, baseline: float, anchor: str, css: str) -> None:
    """Words drawn into the plot above everything else, on a near-white box as wide as the text
    is likely to be (about 0.62 em per character)."""
    from xml.etree import ElementTree as ET

    width = len(text) * 0.62 * MIN_FONT_PX + 4
    left = x - 2 if anchor == "start" else x - width + 2
    group = ET.SubElement(plot, "g", {"class": f"{css}-label"})
    ET.SubElement(
        group,
        "rect",
        {
            "x": f"{left:.1f}",
            "y": f"{baseline - MIN_FONT_PX:.1f}",
            "width": f"{width:.1f}",
            "height": f"{MIN_FONT_PX + 4}",
            "fill": "white",
            "fill-opacity": ".85",
        },
    )
    label = ET.SubElement(
        group,
        "text",
        {**TEXT, "x": f"{x:.1f}", "y": f"{baseline:.1f}", "text-anchor": anchor},
    )
    label.text = text


def _decorate(chart, *, band, band_label, running_label, uid):
    """An XML filter drawing the target band and the running period into the plot, under the
    lines. It runs while pygal still has the chart's projection (chart.view)."""
    from xml.etree import ElementTree as ET

    def decorate(root):
        plot = next(
            (e for e in root.iter() if e.tag == "g" and e.get("class") == "plot"),
            None,
        )
        view = getattr(chart, "view", None)
        if plot is None or view is None:
            return root
        at = 1  # after the plot's background rect: under the axes and lines
        if band is not None:
            low, high = band
            top, bottom = view.y(high), view.y(low)
            group = ET.Element("g", {"class": BAND_CLASS})
            ET.SubElement(
                group,
                "rect",
                {
                    "fill": "#38761d",
                    "fill-opacity": ".14",
                    "x": "0",
                    "y": f"{top:.1f}",
                    "width": f"{view.width:.1f}",
                    "height": f"{bottom - top:.1f}",
                },
            )
            plot.insert(at, group)
            at += 1
        if running_label is not None and len(chart._x_pos) > 1:
            last, before = view.x(chart._x_pos[-1]), view.x(chart._x_pos[-2])
            left = (last + before) / 2
            pattern_id = f"lopend-{uid}"
            group = ET.Element("g", {"class": RUNNING_CLASS})
            defs = ET.SubElement(group, "defs")
            pattern = ET.SubElement(
                defs,
                "pattern",
                {
                    "id": pattern_id,
                    "width": "6",
                    "height": "6",
                    "patternUnits": "userSpaceOnUse",
                    "patternTransform": "rotate(45)",
                },
            )
            ET.SubElement(
                pattern,
                "line",
                {
                    "x1": "0",
                    "y1": "0",
                    "x2": "0",
                    "y2": "6",
                    "stroke": "#adb5bd",
                    "stroke-width": "2",
                },
            )
            ET.SubElement(
                group,
                "rect",
                {
                    "x": f"{left:.1f}",
                    "y": "0",
                    "width": f"{view.width - left:.1f}",
                    "height": f"{view.height:.1f}",
                    "fill": f"url(#{pattern_id})",
                },
            )
            plot.insert(at, group)
            _label(
                plot,
                running_label,
                x=view.width - 2,
                baseline=MIN_FONT_PX + 2,
                anchor="end",
                css=RUNNING_CLASS,
            )
        return root

    return decorate


CHART_CACHE_SECONDS = 24 * 60 * 60


# The cached SVG holds this mark where its own element ids go; each use numbers them anew.
_ID_MARK = "chart-id-mark"
_PYGAL_ID = re.compile(r'id="chart-([0-9a-f-]{36})"')
_chart_ids = itertools.count(1)


def _plain(value):
    """The value with lazy translations as text, for a cache key (a lazy string's repr holds
    its address)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, Promise):
        return str(value)
    return value


def _render(**options) -> str:
    """`_render_svg`, kept in the cache by its content: pygal takes 15–30 ms a chart, and a
    page of trends draws a dozen that change once a month (when the snapshots do). The element
    ids are made fresh for every use, so two charts on one page never share one."""
    content = repr(_plain(options))
    digest = hashlib.sha256(f"{get_language()}|{content}".encode()).hexdigest()
    key = f"chart:v1:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = _render_svg(uid=_ID_MARK, **options)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    svg = svg.replace(_ID_MARK, f"{options['variant']}-{next(_chart_ids)}")
    pygal_id = _PYGAL_ID.search(svg)
    if pygal_id:
        svg = svg.replace(pygal_id.group(1), str(uuid.uuid4()))
    return svg


def _render_svg(
    *,
    uid: str,
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    y_max: float,
    width: int,
    height: int,
    band: tuple[float, float] | None,
    band_label: str,
    running_label: str | None,
    inline_css: bool,
    variant: str,
) -> str:
    narrow = width < WIDE_WIDTH
    chart = _chart(
        inline_css=inline_css,
        width=width,
        height=height,
        range=(0, y_max),
        show_dots=True,
        dots_size=3,
        legend_at_bottom=True,
        legend_at_bottom_columns=1 if narrow else min(3, max(1, len(series))),
        truncate_legend=-1,
        x_label_rotation=0,
        truncate_label=-1,
        show_minor_x_labels=True,
        disable_xml_declaration=True,
        explicit_size=False,
        title=title,
        margin=8,
    )
    chart.add_xml_filter(
        _decorate(
            chart,
            band=band,
            band_label=band_label,
            running_label=running_label,
            uid=uid,
        )
    )
    chart.x_labels = thin_labels(labels, width=width)
    for name, values in series.items():
        chart.add(name, values)
    svg = chart.render(is_unicode=True)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(title)}" class="{CHART_CLASS} chart-{variant}" ',
        1,
    ).replace(f'class="{CHART_CLASS}" ', "", 1)


def line_chart(
    *,
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    y_max: float = 100,
    band: tuple[float, float] | None = None,
    band_label: str = "",
    running: bool = False,
    drop_running: bool = True,
    inline_css: bool = False,
) -> SafeString:
    """An SVG line chart. For a web page leave `inline_css` off (base.html links charts.css);
    a PDF template without that stylesheet passes inline_css=True.

    A page gets two renderings, one WIDE_WIDTH and one NARROW_WIDTH units wide; app.css shows the
    one that fits its box (a container query), so the text is never below MIN_FONT_PX. A PDF
    gets the wide one only.

    `band` (low, high) shades the target band, labelled `band_label`. With `running` the last
    label is a period that is not over yet: it is hatched and labelled "lopend", and its values
    are left out of the lines (a month's count after ten days is not a drop), unless
    `drop_running` is off (a state such as the share at a given day, which is not partial)."""
    if running and drop_running:
        series = {name: [*values[:-1], None] for name, values in series.items()}
    if band is not None and not band_label:
        band_label = _("streefband %(low)s–%(high)s %%") % {
            "low": number_format(round(band[0])),
            "high": number_format(round(band[1])),
        }
    running_label = _("lopend") if running else None
    options = {
        "title": title,
        "labels": labels,
        "series": series,
        "y_max": y_max,
        "band": band,
        "band_label": band_label,
        "running_label": running_label,
        "inline_css": inline_css,
    }
    # pygal escapes the labels and values it writes; the key is escaped here.
    wide = _render(width=WIDE_WIDTH, height=HEIGHT, variant="wide", **options)
    if inline_css:
        return mark_safe(pdf_image(wide, title=title) + _key(band_label if band else "", running))
    narrow = _render(width=NARROW_WIDTH, height=NARROW_HEIGHT, variant="narrow", **options)
    return mark_safe(wide + narrow + _key(band_label if band else "", running))


# What a PDF never draws: pygal's tooltip values (<desc>), tooltips (<title>) and comments (one
# carries the day the chart was made).
_NOT_DRAWN = re.compile(r"<desc\b[^>]*>.*?</desc>|<title>.*?</title>|<!--.*?-->", re.S)
# Ids that differ from one rendering to the next: pygal's random chart id and our pattern ids.
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PATTERN_ID = re.compile(r"lopend-(wide|narrow)-\d+")


def pdf_image(svg: str, *, title: str) -> str:
    """A chart for a PDF: the SVG as an <img> (a data: URI) rather than inline. WeasyPrint draws
    it the same, but an inline SVG's hundreds of elements go through the HTML document's style
    cascade too, and pygal's stylesheet joins the document's: the agenda and the annual report
    render about a fifth faster this way (bench/pdf_probe.py). The image is its own document, so
    its ids are made fixed: the same chart gives the same bytes (the annual report hashes its
    HTML to know whether anything changed)."""
    svg = _PATTERN_ID.sub("lopend", _CHART_ID.sub("chart", _NOT_DRAWN.sub("", svg)))
    classes = re.search(r'<svg[^>]*? class="([^"]*)"', svg)
    data = base64.b64encode(svg.encode()).decode("ascii")
    return (
        f'<img class="{escape(classes.group(1) if classes else CHART_CLASS)}" alt="{escape(title)}"'
        f' src="data:image/svg+xml;base64,{data}">'
    )


# The key under a chart: HTML text (as large as the page's own), each entry with a small swatch
# drawn like the chart draws it.
SWATCH_BAND = (
    '<svg class="chart-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
    '<rect width="14" height="14" fill="#38761d" fill-opacity=".25"/></svg>'
)
SWATCH_RUNNING = (
    '<svg class="chart-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
    '<rect width="14" height="14" fill="white" stroke="#adb5bd"/>'
    '<path d="M0 14 L14 0 M-3 5 L5 -3 M9 17 L17 9" stroke="#adb5bd" stroke-width="2"/></svg>'
)


def _key(band_label: str, running: bool) -> str:
    entries = []
    if band_label:
        entries.append(f"{SWATCH_BAND} {escape(band_label)}")
    if running:
        entries.append(f"{SWATCH_RUNNING} {escape(_('lopend: de periode is nog niet om'))}")
    if not entries:
        return ""
    items = "".join(f'<li class="list-inline-item">{entry}</li>' for entry in entries)
    return f'<ul class="chart-key list-inline small mb-0">{items}</ul>'


# More colours for bar charts with several kinds (activity kinds); the line charts keep STYLE.
BAR_STYLE = Style(
    **{
        **{key: getattr(STYLE, key) for key in (
            "background", "plot_background", "foreground", "foreground_strong",
            "foreground_subtle", "font_family", "label_font_size", "major_label_font_size",
            "legend_font_size", "title_font_size",
        )},
        "colors": ("#0b5394", "#b45f06", "#38761d", "#741b47", "#7f6000", "#5b5f63"),
    }
)  # fmt: skip


def bar_chart(
    *,
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    stacked: bool = False,
    inline_css: bool = False,
) -> SafeString:
    """An SVG bar chart (stacked with `stacked`), e.g. activities per month and kind. Like
    `line_chart`: a PDF passes inline_css=True."""
    chart = pygal.StackedBar if stacked else pygal.Bar
    options = dict(
        width=640,
        height=260,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 3) or 1,
        x_label_rotation=0,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,
        disable_xml_declaration=True,
        explicit_size=False,
        title=title,
        min_scale=4,
        max_scale=8,
    )
    rendered = chart(style=BAR_STYLE, js=[], **options)
    rendered.add_xml_filter(_strip_inline_script)
    if not inline_css:
        rendered.add_xml_filter(_strip_inline_css)
    rendered.x_labels = labels
    for name, values in series.items():
        rendered.add(name, values)
    svg = rendered.render(is_unicode=True)
    if inline_css:
        return mark_safe(pdf_image(svg, title=title))
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(labelled)  # pygal escapes the labels and values it writes


def mix_history_chart(
    history,
    *,
    band_pp: float = 5,
    mask_small_counts: bool = False,
    inline_css: bool = False,
) -> SafeString:
    """Share of supported residents at the end of each month (the last month: today, marked
    "lopend"), against the target and its on-course band (target ± `band_pp`, the community's
    band_on_course_pp). With `mask_small_counts` a month whose begeleid / niet-begeleid split
    suppression hides (see gemengdwonen.suppression; the same sums as
    communities.privacy.mix_cells) is left out."""

    def share(mix):
        if mix.overall.share_percent is None:
            return None
        figures = mix.overall
        split = {
            "residents": figures.supported + figures.unsupported,
            "supported": figures.supported,
            "unsupported": figures.unsupported,
        }
        if mask_small_counts and suppress(
            split, sums=[("residents", ["supported", "unsupported"])]
        ).any_hidden("supported", "unsupported"):
            return None
        return round(mix.overall.share_percent, 1)

    shares = [share(m) for m in history]
    target = history[-1].overall.target_percent if history else 100 / 3
    band = (max(0.0, target - float(band_pp)), min(100.0, target + float(band_pp)))
    highest = max(
        [s for s in shares if s is not None]
        + [m.overall.target_percent for m in history]
        + [band[1]]
    )
    return line_chart(
        inline_css=inline_css,
        title=_("Aandeel begeleide bewoners (%)"),
        y_max=min(100, (int(highest) // 10 + 2) * 10),
        labels=[date_format(m.on, "M") for m in history],
        series={
            _("Begeleid"): shares,
            _("Streefwaarde"): [round(m.overall.target_percent, 1) for m in history],
        },
        band=band,
        # The last point is the mix today: a state, not a partial count, so it stays drawn.
        running=bool(history) and history[-1].on.day != _month_end_day(history[-1].on),
        drop_running=False,
    )


def _month_end_day(day) -> int:
    return calendar.monthrange(day.year, day.month)[1]
