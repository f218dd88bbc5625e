"""Server-side SVG charts (pygal), so the same chart appears in the browser and in PDFs.

Pages run under a strict Content-Security-Policy (no inline script or style), so the SVG in a
page carries neither: pygal's <script> (a config object for its optional JavaScript, which we do
not load) is always dropped, and its <style> is replaced by static/css/charts.css, which
`chart_css()` generates from STYLE (a test keeps the file in step). PDFs have no CSP and no page
stylesheet: they ask for `inline_css=True` and keep pygal's own <style>.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygal
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from gemengdwonen.suppression import suppress

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0b5394", "#b45f06", "#38761d"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    title_font_size=14,
)


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


def line_chart(
    *,
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    y_max: float = 100,
    inline_css: bool = False,
) -> SafeString:
    """An SVG line chart. For a web page leave `inline_css` off (base.html links charts.css);
    a PDF template without that stylesheet passes inline_css=True."""
    chart = _chart(
        inline_css=inline_css,
        width=640,
        height=260,
        range=(0, y_max),
        show_dots=True,
        dots_size=3,
        legend_at_bottom=True,
        x_label_rotation=0,
        truncate_label=-1,
        show_minor_x_labels=True,
        disable_xml_declaration=True,
        explicit_size=False,
        title=title,
    )
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    svg = chart.render(is_unicode=True)
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(labelled)  # pygal escapes the labels and values it writes


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
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(labelled)  # pygal escapes the labels and values it writes


def mix_history_chart(
    history, *, mask_small_counts: bool = False, inline_css: bool = False
) -> SafeString:
    """Share of supported residents at the end of each month, against the target. With
    `mask_small_counts` a month whose begeleid / niet-begeleid split suppression hides (see
    gemengdwonen.suppression; the same sums as communities.privacy.mix_cells) is left out."""

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
    highest = max(
        [s for s in shares if s is not None] + [m.overall.target_percent for m in history]
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
    )
