"""Access rows of the core pages (communities, units, residents, imports)."""

from communities.models import SupportRequest
from tests.access_rows.base import ALL_MEMBERS, EVERYONE, TEAM, outcome


def _support_request(w):
    request = SupportRequest.objects.create(
        resident=w.residents["cor"],
        care_organisation=w.care,
        start_date=w.own_period.start_date,
        hours_per_week=4,
        requested_by=w.users["begeleider"],
    )
    return {"slug": "de-kade", "pk": request.pk}


def _post_only(allowed):
    return {who: 405 if result == 200 else result for who, result in outcome(allowed).items()}


# url name -> (kwargs builder, expected outcomes)
ROWS = {
    "healthz": (lambda w: {}, outcome(set(EVERYONE), public=True)),
    "readyz": (lambda w: {}, outcome(set(EVERYONE), public=True)),
    "home": (lambda w: {}, outcome(ALL_MEMBERS | {"buitenstaander"})),
    "community_list": (lambda w: {}, outcome(ALL_MEMBERS | {"buitenstaander"})),
    "community_detail": (lambda w: {"slug": "de-kade"}, outcome(ALL_MEMBERS)),
    "unit_list": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "unit_create": (lambda w: {"slug": "de-kade"}, outcome({"beheerder", "locatie"})),
    "unit_update": (
        lambda w: {"slug": "de-kade", "pk": w.units[0].pk},
        outcome({"beheerder", "locatie"}),
    ),
    "resident_list": (lambda w: {"slug": "de-kade"}, outcome(TEAM)),
    "resident_create": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
    "resident_detail": (
        lambda w: {"slug": "de-kade", "pk": w.residents["anna"].pk},
        outcome(TEAM),
    ),
    "resident_update": (
        lambda w: {"slug": "de-kade", "pk": w.residents["anna"].pk},
        outcome({"beheerder"}),
    ),
    "resident_move_in": (
        lambda w: {"slug": "de-kade", "pk": w.residents["anna"].pk},
        outcome({"beheerder"}),
    ),
    "resident_move_out": (
        lambda w: {"slug": "de-kade", "pk": w.residents["anna"].pk},
        outcome({"beheerder"}),
    ),
    "support_start": (
        lambda w: {"slug": "de-kade", "pk": w.residents["cor"].pk},
        outcome({"begeleider", "begeleider_anker"}),
    ),
    # Anna is a client of Horizon: Anker's begeleider cannot reach that support period.
    "support_end": (
        lambda w: {"slug": "de-kade", "pk": w.residents["anna"].pk, "period_pk": w.own_period.pk},
        outcome({"begeleider"}, foreign_begeleider=404),
    ),
    # Confirming a begeleider's new client: the sociaal beheerder (and a care organisation's
    # coordinator, a permission given in the admin: tests/test_tenancy_and_support.py).
    "support_requests": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
    "support_request_decide": (_support_request, _post_only({"beheerder"})),
    "import_data": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
    "import_template": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
}
