"""The access matrix: every URL name × every kind of user → the expected answer.

A URL added to the app without a row here fails `test_every_url_is_in_the_matrix`.
Outcomes: 200 (allowed), 403 (member without the right), 404 (not a member, or an object outside
the user's scope), "login" (anonymous: redirected to the login page).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = [
    "coach",
    "beheerder",
    "locatie",
    "begeleider",
    "bewoner",
    "welzijn",
    "gemeente",
    "stuurgroep",
]
EVERYONE = [*ROLES, "buitenstaander", "begeleider_anker", "anonymous"]
TEAM = {"coach", "beheerder", "locatie", "begeleider", "begeleider_anker"}


def outcome(allowed: set[str], *, public=False, outsider=404, foreign_begeleider=None):
    """Allowed users get 200; other members 403; the outsider 404; anonymous → login."""
    table = {}
    for who in EVERYONE:
        if who in allowed:
            table[who] = 200
        elif who == "anonymous":
            table[who] = 200 if public else "login"
        elif who == "buitenstaander":
            table[who] = 200 if public else outsider
        else:
            table[who] = 403
    if foreign_begeleider is not None:
        table["begeleider_anker"] = foreign_begeleider
    return table


ALL_MEMBERS = set(ROLES) | {"begeleider_anker"}

# url name -> (kwargs builder, expected outcomes)
MATRIX = {
    "healthz": (lambda w: {}, outcome(set(EVERYONE), public=True)),
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
    "import_data": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
    "import_template": (lambda w: {"slug": "de-kade"}, outcome({"beheerder"})),
}

# Django's own pages (admin, login, password reset, language switch) are outside the matrix:
# they carry no community data and are covered by Django's tests and test_auth.py.
OUTSIDE_MATRIX_NAMESPACES = {"admin"}
OUTSIDE_MATRIX_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
}


def url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OUTSIDE_MATRIX_NAMESPACES:
                continue
            yield from url_names(pattern, pattern.namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    missing = set(url_names()) - set(MATRIX) - OUTSIDE_MATRIX_NAMES
    assert not missing, f"add these URL names to the access matrix: {sorted(missing)}"


CASES = [(name, who) for name in MATRIX for who in EVERYONE]


@pytest.mark.parametrize(("name", "who"), CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_access_matrix(client, world, name, who):
    kwargs_for, expected_by_user = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world))
    if who != "anonymous":
        client.force_login(world.users[who])
    response = client.get(url)
    expected = expected_by_user[who]
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{who} on {url}"
    if response.status_code in (403, 404):
        # No data leaks in a refusal.
        body = response.content.decode()
        for resident in world.residents.values():
            assert resident.last_name not in body
