"""Small helpers for the IMO's own templates (what the agreement asks, explained; badges).

The IMO's blocks on the community and home pages are panels in `communities.registry`
(imo/panels.py), so no `communities` template loads this library.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imo.constants import (
    AdviceKind,
    AgreementAsks,
    Attendance,
)

register = template.Library()


ASKS_HELP = {
    AgreementAsks.SUPPORTED: gettext_lazy(
        "Met een begeleide bewoner blijft of komt de mix het dichtst bij de afspraak; een "
        "niet-begeleide bewoner zou het aandeel begeleid verder onder de streefwaarde brengen."
    ),
    AgreementAsks.UNSUPPORTED: gettext_lazy(
        "Met een niet-begeleide bewoner blijft of komt de mix het dichtst bij de afspraak; een "
        "begeleide bewoner zou het aandeel begeleid te hoog maken."
    ),
    AgreementAsks.EITHER: gettext_lazy(
        "Met een begeleide én met een niet-begeleide bewoner blijft de mix in balans: beide passen."
    ),
}


@register.filter
def asks_help(asks) -> str:
    """A short Dutch explanation of what the numeric agreement asks for at a vacancy."""
    text = ASKS_HELP.get(asks)
    return str(text) if text else ""


ASKS_CSS = {
    AgreementAsks.SUPPORTED: "text-bg-info",
    AgreementAsks.UNSUPPORTED: "text-bg-primary",
    AgreementAsks.EITHER: "text-bg-secondary",
}
ADVICE_CSS = {
    AdviceKind.POSITIVE: "text-bg-success",
    AdviceKind.NEGATIVE: "text-bg-danger",
    AdviceKind.POSTPONE: "text-bg-warning",
}
ATTENDANCE_CSS = {
    Attendance.PRESENT: "text-bg-success",
    Attendance.EXCUSED: "text-bg-warning",
    Attendance.ABSENT: "text-bg-danger",
    Attendance.UNKNOWN: "text-bg-secondary",
}


@register.filter
def asks_css(asks) -> str:
    return ASKS_CSS.get(asks, "text-bg-secondary")


@register.filter
def advice_css(kind) -> str:
    return ADVICE_CSS.get(kind, "text-bg-secondary")


@register.filter
def attendance_css(value) -> str:
    return ATTENDANCE_CSS.get(value, "text-bg-secondary")


@register.filter
def yes_no(value) -> str:
    if value is None:
        return "–"
    return _("Ja") if value else _("Nee")
