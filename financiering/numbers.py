"""Dutch numbers typed by people: `1.234,56`, `1234,56`, `1234.56`, `€ 1.234`.

Decisions:
- A comma is the decimal separator; dots before it are thousands separators (`1.234,56`).
- Without a comma, dots in groups of three (`1.234`, `12.345.678`) are thousands separators, as
  a Dutch reader means them; any other single dot is a decimal point (`12.5`, `1234.56`), as
  pasted from a spreadsheet in English.
- More decimals than allowed is an error, never silently rounded: `12,345` euro is a typo.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_THOUSANDS_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_WITH_COMMA = re.compile(r"^\d{1,3}(\.\d{3})*,\d+$|^\d+,\d+$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def parse_dutch_decimal(text, *, places: int, message: str) -> Decimal:
    """`text` as a non-negative Decimal with at most `places` decimals; ValidationError with a
    Dutch message otherwise."""
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = str(text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if raw.startswith("-") or raw.startswith("−"):
            raise ValidationError(_("Een negatief getal kan hier niet: vul 0 of meer in."))
        if "," in raw:
            if not _GROUPED_WITH_COMMA.match(raw):
                raise ValidationError(message)
            raw = raw.replace(".", "").replace(",", ".")
        elif _THOUSANDS_ONLY.match(raw):
            raw = raw.replace(".", "")
        elif not _PLAIN.match(raw):
            raise ValidationError(message)
        try:
            value = Decimal(raw)
        except InvalidOperation as error:
            raise ValidationError(message) from error
    if not value.is_finite():
        raise ValidationError(message)
    if value < 0:
        raise ValidationError(_("Een negatief getal kan hier niet: vul 0 of meer in."))
    quantum = Decimal(1).scaleb(-places)
    if value != value.quantize(quantum):
        if places == 0:
            raise ValidationError(_("Vul een geheel getal in."))
        if places == 1:
            raise ValidationError(_("Vul hoogstens één decimaal in."))
        raise ValidationError(
            _("Vul hoogstens %(places)s decimalen in (bijvoorbeeld 1.234,56).") % {"places": places}
        )
    return value.quantize(quantum)


def parse_amount(text) -> Decimal:
    """Euros with at most two decimals."""
    return parse_dutch_decimal(
        text, places=2, message=_("Vul een bedrag in euro's in, bijvoorbeeld 1.234,56.")
    )


def parse_hours(text) -> Decimal:
    """Hours per week with at most one decimal."""
    return parse_dutch_decimal(
        text, places=1, message=_("Vul een aantal uren in, bijvoorbeeld 12,5.")
    )
