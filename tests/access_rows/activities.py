"""Access rows of the activities area: logging, lists, kinds, other contributions,
participation. The activity pages need an activity of De Kade: `_activity` makes one."""

import datetime

from django.utils import timezone

from tests.access_rows.base import ALL_MEMBERS, outcome

# VIEW_ACTIVITIES: coach, sociaal beheerder, both begeleiders, welzijn (not the locatiebeheerder,
# the residents' delegation, gemeente or stuurgroep).
VIEWERS = {"coach", "beheerder", "begeleider", "begeleider_anker", "welzijn"}
# LOG_ACTIVITIES: coach, sociaal beheerder, welzijn.
LOGGERS = {"coach", "beheerder", "welzijn"}
CONFIGURERS = {"coach", "beheerder"}


def _activity(world):
    from communities.activities import services as activities

    community = world.community
    kind = activities.activity_kinds_ensure(community=community).first()
    starts_at = timezone.make_aware(datetime.datetime(2025, 3, 5, 10, 0))
    return activities.activity_log(
        community=community,
        data=activities.ActivityData(
            kind=kind, starts_at=starts_at, participants=(world.residents["anna"],)
        ),
        recorded_by=world.users["coach"],
    )


def _with_activity(world):
    return {"slug": "de-kade", "pk": _activity(world).pk}


ROWS = {
    "activity_list": (lambda w: {"slug": "de-kade"}, outcome(VIEWERS)),
    "activity_export": (lambda w: {"slug": "de-kade"}, outcome(VIEWERS)),
    "activity_create": (lambda w: {"slug": "de-kade"}, outcome(LOGGERS)),
    "activity_kinds": (lambda w: {"slug": "de-kade"}, outcome(CONFIGURERS)),
    "activity_detail": (_with_activity, outcome(VIEWERS)),
    "activity_update": (_with_activity, outcome(LOGGERS)),
    "activity_repeat": (_with_activity, outcome(LOGGERS)),
    "participation": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "other_contribution_create": (lambda w: {"slug": "de-kade"}, outcome(LOGGERS)),
}
