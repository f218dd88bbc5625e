"""Every POST in the app needs a CSRF token (issue 5, "Concurrency and forms").

The walk reuses the access matrix: for each URL name it builds the same kwargs, logs in a user
the matrix lets in (200, or 405 for POST-only actions; the privacy pages are for a staff account)
and POSTs without a token through a client that enforces CSRF checks. The answer must be 403 and
no row of the app's models may change. Views that accept GET only are detected with a normal
(token-bearing) POST answering 405; they are counted separately.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.access_rows import MATRIX
from tests.factories import UserFactory

APP_LABELS = {"communities", "imo", "privacy", "governance", "financiering", "audit", "accounts"}
NAMES = sorted(MATRIX)
GET_ONLY: set[str] = set()
POST_ACCEPTING: set[str] = set()


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APP_LABELS or model._meta.label == "auth.User"
    }


def _allowed_user(world, name):
    _, expected = MATRIX[name]
    for who in ("beheerder", "coach", "locatie", "begeleider", "welzijn", "bewoner"):
        if expected.get(who) in (200, 405):
            return world.users[who]
    for who, outcome in expected.items():
        if outcome in (200, 405) and who != "anonymous":
            return world.users[who]
    # The data-subject pages: the functioneel beheerder (staff) only.
    return UserFactory(username="functioneelbeheer", is_staff=True, is_superuser=True)


def _csrf_failure(response):
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.parametrize("name", NAMES)
def test_post_without_csrf_token_is_refused(world, name, private_root_for_csrf):
    kwargs_for, _ = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world))
    user = _allowed_user(world, name)

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    before = _row_counts()
    response = strict.post(url, {"name": "x", "note": "x", "confirm": "on"})
    assert _row_counts() == before, f"{name}: a POST without token changed rows"

    # Does the view take POST at all? A normal client (token checks off) tells.
    normal = Client()
    normal.force_login(user)
    accepts_post = normal.post(url, {}).status_code != 405
    if accepts_post:
        POST_ACCEPTING.add(name)
        assert _csrf_failure(response), f"{name}: {response.status_code} without CSRF token"
    else:
        GET_ONLY.add(name)
        assert response.status_code in (403, 405), f"{name}: {response.status_code}"


@pytest.fixture
def private_root_for_csrf(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_login_and_logout_posts_need_a_token(world):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"),
        {"auth-username": "coach", "auth-password": "wrong", "login_view-current_step": "auth"},
    )
    assert _csrf_failure(response)
    strict.force_login(world.users["coach"])
    response = strict.post(reverse("logout"))
    assert _csrf_failure(response)
    # Still logged in: the logout without a token did nothing.
    assert strict.get(reverse("community_list")).status_code == 200


def test_every_matrix_url_was_walked():
    """Runs after the parametrized walk (pytest keeps file order): report and check the counts."""
    walked = POST_ACCEPTING | GET_ONLY
    if walked != set(NAMES):
        pytest.skip("run the whole file to get the counts")
    print(
        f"\nCSRF walk: {len(walked)} URL names, {len(POST_ACCEPTING)} accept POST "
        f"(403 without token), {len(GET_ONLY)} GET-only (405)"
    )
    assert len(POST_ACCEPTING) + len(GET_ONLY) == len(MATRIX)
