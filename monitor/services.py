"""Writes of the monitor: a community's own thresholds, always with their reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Community, User
from monitor.models import NormOverride
from monitor.norms import NORMS, NormDefinition

REASON_MAX = 1000


def _number(value, definition: NormDefinition, field: str) -> Decimal:
    text = str(value if value is not None else "").strip().replace(",", ".")
    message = _("Vul een getal tussen %(min)s en %(max)s in.") % {
        "min": definition.text(definition.minimum, definition.minimum).split(" ")[0],
        "max": definition.text(definition.maximum, definition.maximum).split(" ")[0],
    }
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: message}) from error
    if not number.is_finite() or not definition.minimum <= number <= definition.maximum:
        raise ValidationError({field: message})
    if number != number.quantize(Decimal("0.1")):
        raise ValidationError({field: _("Vul hoogstens één decimaal in.")})
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def norm_override_save(
    *, community: Community, norm: str, low, high, reason: str, by: User | None
) -> NormOverride:
    """Record the community's own value for `norm`. A value other than the model's needs a
    reason (it is shown beside the value); going back to the model's value needs none. The mix
    bands are also written to the community, which every mix reads."""
    definition = NORMS.get(norm)
    if definition is None:
        raise ValidationError(_("Onbekende norm."))
    low = _number(low, definition, "low")
    high = _number(high, definition, "high")
    if low > high:
        raise ValidationError({"high": _("De bovengrens mag niet lager zijn dan de ondergrens.")})
    reason = " ".join((reason or "").split())
    if (low, high) != (definition.low, definition.high) and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Leg vast waarom deze locatie afwijkt van de norm van het model: de reden "
                    "staat naast de waarde."
                )
            }
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Houd de reden korter dan 1000 tekens.")})
    if norm == "mix_bands":
        locked = Community.objects.select_for_update().get(pk=community.pk)
        locked.band_on_course_pp = low
        locked.band_attention_pp = high
        locked.save(update_fields=["band_on_course_pp", "band_attention_pp"])
        community.band_on_course_pp = low
        community.band_attention_pp = high
    return NormOverride.objects.create(
        community=community, norm=norm, low=low, high=high, reason=reason, recorded_by=by
    )
