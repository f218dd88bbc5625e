"""The access matrix: every URL name × every kind of user → the expected answer.

A URL added to the app without a row here fails `test_every_url_is_in_the_matrix`.
Outcomes: 200 (allowed), 403 (member without the right), 404 (not a member, or an object outside
the user's scope), "login" (anonymous: redirected to the login page).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.constants import Action
from audit.models import AuditEvent
from tests.access_rows import EVERYONE, EXTRA, MATRIX

# Django's own pages (admin, login, password reset, language switch) are outside the matrix:
# they carry no community data and are covered by Django's tests and test_auth.py.
# So are the account-security pages of django-two-factor-auth (the login wizard is `login` and
# `two_factor:login`, both /account/login/; setup, QR code, backup codes, profile, disable):
# they show only the user's own account, and tests/test_login_security.py covers them.
OUTSIDE_MATRIX_NAMESPACES = {"admin"}
OUTSIDE_MATRIX_NAMES = {
    "login",
    "two_factor:login",
    "two_factor:setup",
    "two_factor:qr",
    "two_factor:setup_complete",
    "two_factor:backup_tokens",
    "two_factor:profile",
    "two_factor:disable",
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


CASES = [
    (name, who)
    for name, (_, table) in MATRIX.items()
    for who in [*EVERYONE, *(w for w in EXTRA if w in table)]
]


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
    if who != "anonymous" or "attachment" in response.get("Content-Disposition", ""):
        # Pages and downloads for a logged-in user may hold personal data: never cached.
        assert "no-store" in response.get("Cache-Control", ""), f"{who} on {url}: cacheable"
    if response.status_code in (403, 404):
        # No data leaks in a refusal.
        body = response.content.decode()
        for resident in world.residents.values():
            assert resident.last_name not in body
        if who != "anonymous":
            # Every refusal of a signed-in user is in the audit trail (issue 9).
            denial = AuditEvent.objects.get(action=Action.DENY, path=url)
            assert denial.username == who and denial.detail.startswith(str(response.status_code))
