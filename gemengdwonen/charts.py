"""Server-side SVG charts (pygal), so the same chart appears in the browser and in PDFs.
No JavaScript is embedded: pages run under a strict Content-Security-Policy."""

from __future__ import annotations

import pygal
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from communities.privacy import is_small

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


def line_chart(
    *, title: str, labels: list[str], series: dict[str, list[float | None]], y_max: float = 100
) -> SafeString:
    chart = pygal.Line(
        style=STYLE,
        js=[],
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


def mix_history_chart(history, *, mask_small_counts: bool = False) -> SafeString:
    """Share of supported residents at the end of each month, against the target. With
    `mask_small_counts` a month whose share could point at fewer than 5 people is left out."""

    def share(mix):
        if mix.overall.share_percent is None:
            return None
        if mask_small_counts and is_small(mix.overall.supported, mix.overall.unsupported):
            return None
        return round(mix.overall.share_percent, 1)

    shares = [share(m) for m in history]
    highest = max(
        [s for s in shares if s is not None] + [m.overall.target_percent for m in history]
    )
    return line_chart(
        title=_("Aandeel begeleide bewoners (%)"),
        y_max=min(100, (int(highest) // 10 + 2) * 10),
        labels=[date_format(m.on, "M") for m in history],
        series={
            _("Begeleid"): shares,
            _("Streefwaarde"): [round(m.overall.target_percent, 1) for m in history],
        },
    )
