"""`seed_demo`: the demo data has the promised shape, obeys the domain rules, and a second run
changes nothing."""

import datetime
import hashlib
import io
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max
from django.test import RequestFactory

from communities.constants import MixStatus, MoveOutReason, OrganisationKind, Phase, Role
from communities.demo.seed import DEMO_USERS, seed_demo
from communities.models import (
    Community,
    Membership,
    Organisation,
    Resident,
    SupportPeriod,
    Tenancy,
    TenancyResident,
    User,
)
from communities.selectors import community_mix, community_phase, occupancy

TODAY = datetime.date(2026, 5, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seed once for this module (it takes a few seconds), inside a transaction that is rolled
    back afterwards so that the other test modules still start from an empty database. Each
    test runs in a savepoint within it, so what a test changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = seed_demo(today=TODAY)
        yield counts
        transaction.set_rollback(True)


def communities():
    return {c.slug: c for c in Community.objects.all()}


def test_three_communities_of_different_size_and_phase(demo):
    by_slug = communities()
    assert set(by_slug) == {"de-kade", "het-anker", "de-boomgaard"}
    assert demo["communities_created"] == 3
    sizes = {slug: c.units.count() for slug, c in by_slug.items()}
    assert 45 <= sizes["de-kade"] <= 50
    assert 70 <= sizes["het-anker"] <= 75
    assert 135 <= sizes["de-boomgaard"] <= 145
    phases = {slug: community_phase(community=c, on=TODAY) for slug, c in by_slug.items()}
    assert phases == {
        "de-kade": Phase.LATER,
        "het-anker": Phase.YEAR_2,
        "de-boomgaard": Phase.YEAR_1,
    }
    for community in by_slug.values():
        assert 2 <= community.sections.count() <= 4
        development = (community.residents_moved_in_on - community.start_date).days
        assert 365 <= development <= 2 * 366
        assert community.municipality.name == "Gemeente Rivierstad"
        assert community.corporation.name == "Woonstichting De Linde"
        partner_kinds = Counter(community.partners.values_list("kind", flat=True))
        assert partner_kinds[OrganisationKind.ZORGAANBIEDER] == 2
        assert partner_kinds[OrganisationKind.WELZIJN] == 1
        assert partner_kinds[OrganisationKind.WOONVERENIGING] == 1


def test_organisations_have_their_kinds():
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Gemeente Rivierstad"] == OrganisationKind.GEMEENTE
    assert kinds["Woonstichting De Linde"] == OrganisationKind.CORPORATIE
    assert kinds["Zorggroep Horizon"] == OrganisationKind.ZORGAANBIEDER
    assert kinds["Stichting Anker"] == OrganisationKind.ZORGAANBIEDER
    assert kinds["Welzijn Rivierstad"] == OrganisationKind.WELZIJN
    assert Counter(kinds.values())[OrganisationKind.WOONVERENIGING] == 3


def test_units_are_varied_and_mostly_social_rent():
    for community in Community.objects.all():
        units = list(community.units.all())
        assert all(1 <= u.rooms <= 3 and 30 <= u.size_m2 <= 80 for u in units)
        classes = Counter(u.price_class for u in units)
        assert classes["sociale_huur"] > len(units) / 2
        assert classes["middenhuur"] > 0 and classes["koop"] > 0
        assert {u.section.community_id for u in units} == {community.pk}


def test_some_units_are_vacant_and_some_shared_today():
    for community in Community.objects.all():
        assert 2 <= occupancy(community=community, on=TODAY).vacant <= 4
        shared = (
            TenancyResident.objects.active_on(TODAY)
            .filter(tenancy__unit__community=community)
            .values("tenancy_id")
            .annotate(n=Count("id"))
            .filter(n=2)
            .count()
        )
        assert shared >= 2, community.slug
    # The model's ceiling: at most about 150 residents per location.
    assert occupancy(community=communities()["de-boomgaard"], on=TODAY).residents <= 150


def test_mix_today_het_anker_off_target_the_others_on_course():
    statuses = {}
    sections = []
    for slug, community in communities().items():
        mix = community_mix(community=community, on=TODAY)
        statuses[slug] = mix.overall.status
        sections += [s.figures.status for s in mix.sections]
        if slug == "het-anker":
            assert 45 <= mix.overall.share_percent <= 50
    assert statuses == {
        "de-kade": MixStatus.ON_COURSE,
        "het-anker": MixStatus.ACTION,
        "de-boomgaard": MixStatus.ON_COURSE,
    }
    assert {MixStatus.ATTENTION, MixStatus.ACTION} & set(sections)
    # The per-section view is interesting in an on-course community too.
    boomgaard = community_mix(community=communities()["de-boomgaard"], on=TODAY)
    assert any(s.figures.status != MixStatus.ON_COURSE for s in boomgaard.sections)


def test_turnover_over_the_past_two_years_with_mixed_reasons():
    two_years_ago = TODAY - datetime.timedelta(days=730)
    for community in Community.objects.all():
        stays = TenancyResident.objects.filter(tenancy__unit__community=community)
        living = stays.active_on(TODAY).count()
        left = stays.filter(end_date__gt=two_years_ago, end_date__lte=TODAY)
        years = min(2, (TODAY - community.residents_moved_in_on).days / 365)
        # Roughly 10–15% a year, with doorstroom and partners on top: a generous band.
        assert 0.05 * years * living <= left.count() <= 0.3 * years * living, community.slug
        later = community.residents_moved_in_on + datetime.timedelta(days=60)
        assert stays.filter(start_date__gt=later).exists(), community.slug
    reasons = set(
        TenancyResident.objects.exclude(move_out_reason="").values_list(
            "move_out_reason", flat=True
        )
    )
    assert {
        MoveOutReason.ELSEWHERE,
        MoveOutReason.DOORSTROOM,
        MoveOutReason.CARE_SETTING,
        MoveOutReason.EVICTION,
        MoveOutReason.DECEASED,
    } <= reasons
    assert Tenancy.objects.filter(end_date__isnull=False).count() > 20


def test_stays_and_support_obey_the_rules():
    """What the services enforce (and PostgreSQL's exclusion constraints back up) holds on every
    database: no one lives in two places or has two support periods at once, and a tenancy ends
    with its last occupant."""

    def no_overlap(periods):
        for rows in periods.values():
            rows.sort()
            for (_, end), (next_start, _) in zip(rows, rows[1:], strict=False):
                assert end is not None and end <= next_start

    stays, supports = defaultdict(list), defaultdict(list)
    for resident, start, end in TenancyResident.objects.values_list(
        "resident_id", "start_date", "end_date"
    ):
        stays[resident].append((start, end))
    for resident, start, end in SupportPeriod.objects.values_list(
        "resident_id", "start_date", "end_date"
    ):
        supports[resident].append((start, end))
    no_overlap(stays)
    no_overlap(supports)
    for tenancy in Tenancy.objects.filter(end_date__isnull=False).prefetch_related("occupants"):
        ends = [stay.end_date for stay in tenancy.occupants.all()]
        assert None not in ends and tenancy.end_date == max(ends)
    # Only residents who lived there are supported, and only while they lived there.
    for resident, periods in supports.items():
        for start, _end in periods:
            assert any(s <= start and (e is None or start < e) for s, e in stays[resident])


def test_about_a_third_supported_by_the_two_care_organisations():
    supported = SupportPeriod.objects.active_on(TODAY).filter(
        resident__stays__in=TenancyResident.objects.active_on(TODAY)
    )
    living = TenancyResident.objects.active_on(TODAY).count()
    assert 0.3 <= supported.count() / living <= 0.45
    periods = SupportPeriod.objects.all()
    assert set(periods.values_list("care_organisation__name", flat=True)) == {
        "Zorggroep Horizon",
        "Stichting Anker",
    }
    assert all(4 <= p.hours_per_week <= 8 for p in periods)


def test_some_support_ends_while_the_resident_stays():
    ended_but_staying = SupportPeriod.objects.filter(
        end_date__lte=TODAY,
        resident__stays__end_date__isnull=True,
        resident__stays__start_date__lt=TODAY,
    ).exclude(resident__support_periods__end_date__isnull=True)
    assert ended_but_staying.exists()


def test_residents_have_dutch_names_unique_per_community():
    residents = Resident.objects.all()
    assert residents.count() > 250
    duplicates = (
        residents.values("community", "first_name", "last_name")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()


def test_demo_users_log_in_and_have_their_roles():
    request = RequestFactory().post("/login/")
    expected = {
        "coach": (Role.COMMUNITYCOACH, 3),
        "beheerder": (Role.SOCIAAL_BEHEERDER, 3),
        "locatie": (Role.LOCATIEBEHEERDER, 3),
        "begeleider": (Role.BEGELEIDER, 2),
        "bewoner": (Role.BEWONERSAFVAARDIGING, 1),
        "welzijn": (Role.WELZIJN, 3),
        "gemeente": (Role.GEMEENTE, 3),
        "stuurgroep": (Role.STUURGROEP, 3),
    }
    assert {u.username for u in DEMO_USERS} == {*expected, "admin"}
    for username in [*expected, "admin"]:
        user = authenticate(request, username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert user.organisation is not None and user.first_name and user.last_name
        assert user.email == f"{username}@demo.gemengdwonen.nl"
    for username, (role, count) in expected.items():
        roles = set(
            Membership.objects.filter(user__username=username).values_list("role", flat=True)
        )
        assert roles == {role}
        assert Membership.objects.filter(user__username=username).count() == count
    begeleider = User.objects.get(username="begeleider")
    assert begeleider.organisation.name == "Zorggroep Horizon"
    assert set(begeleider.memberships.values_list("community__slug", flat=True)) == {
        "de-kade",
        "het-anker",
    }
    bewoner = User.objects.get(username="bewoner")
    assert bewoner.organisation.kind == OrganisationKind.WOONVERENIGING
    assert bewoner.memberships.get().community.slug == "het-anker"
    assert User.objects.get(username="gemeente").organisation.kind == OrganisationKind.GEMEENTE
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and not admin.memberships.exists()


def snapshot() -> dict:
    """Row counts and highest pk of every model of the core app, and a checksum over the rows
    whose content matters most."""
    result = {}
    for model in apps.get_app_config("communities").get_models():
        result[model.__name__] = (
            model.objects.count(),
            model.objects.aggregate(top=Max("pk"))["top"],
        )
    for model in (TenancyResident, SupportPeriod, Tenancy, Resident, Membership, User):
        rows = list(model.objects.order_by("pk").values_list())
        result[f"{model.__name__} rows"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return result


def test_second_run_changes_nothing():
    before = snapshot()
    counts = seed_demo(today=TODAY)
    assert counts["communities_created"] == 0
    assert snapshot() == before
    # Also on another day: the communities exist, so nothing is redrawn.
    seed_demo(today=TODAY + datetime.timedelta(days=40))
    assert snapshot() == before


def test_second_run_repairs_demo_users_only_where_needed():
    coach = User.objects.get(username="coach")
    coach.set_password("iets-anders-123")
    coach.save()
    Membership.objects.filter(user=coach, community__slug="de-kade").update(role=Role.WELZIJN)
    Membership.objects.filter(user__username="gemeente", community__slug="de-kade").delete()
    untouched = User.objects.get(username="beheerder").password

    seed_demo(today=TODAY)

    coach.refresh_from_db()
    assert coach.check_password(settings.DEMO_PASSWORD)
    assert coach.memberships.get(community__slug="de-kade").role == Role.COMMUNITYCOACH
    assert Membership.objects.filter(user__username="gemeente", community__slug="de-kade").exists()
    # A password that already matched keeps its (salted) hash: the row is not rewritten.
    assert User.objects.get(username="beheerder").password == untouched


def test_command_prints_a_summary_with_the_demo_logins():
    out = io.StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), "--force", stdout=out)
    text = out.getvalue()
    assert f"wachtwoord: {settings.DEMO_PASSWORD}" in text
    assert all(u.username in text for u in DEMO_USERS)
    assert "het-anker" in text and "Actie nodig" in text


def test_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("seed_demo", "--today", "15-05-2026")


def test_command_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--today", TODAY.isoformat())
