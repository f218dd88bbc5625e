"""The IMO's contribution to the team's attention list (communities.outreach): a soft-landing
check-in after moving in that is overdue. Registered from ImoConfig.ready(), so that
`communities` never imports `imo` (DESIGN.md §5: dependencies point one way)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import Capability as C
from communities.models import Community
from communities.outreach.services import AttentionItem, for_many
from imo.models import FollowUpAction


def check_ins_overdue_many(
    communities: list[Community], today: datetime.date
) -> dict[int, list[AttentionItem]]:
    """Check-ins (is_check_in) not done whose due date has passed: due_on < today."""
    by_pk = {c.pk: c for c in communities}
    actions = (
        FollowUpAction.objects.filter(
            candidate__community__in=communities,
            is_check_in=True,
            done_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("candidate__resident", "owner")
        .order_by("due_on", "pk")
    )
    result: dict[int, list[AttentionItem]] = {c.pk: [] for c in communities}
    for action in actions:
        community = by_pk[action.candidate.community_id]
        resident = action.candidate.resident
        result[community.pk].append(
            AttentionItem(
                rule="check_in",
                title=_("Check-in na intrek te laat"),
                detail=_("%(what)s: uiterlijk %(date)s%(owner)s.")
                % {
                    "what": action.description,
                    "date": action.due_on.strftime("%d-%m-%Y"),
                    "owner": f" ({action.owner})" if action.owner else "",
                },
                resident=resident,
                since=action.due_on,
                url=reverse("resident_outreach", args=[community.slug, resident.pk])
                if resident is not None
                else "",
                # Who is in the IMO's follow-up is IMO information.
                requires=C.VIEW_IMO,
            )
        )
    return result


# Registered from ImoConfig.ready(); `.many` answers for all of a user's locations at once.
check_ins_overdue = for_many(check_ins_overdue_many)
