"""The municipality's IMO process and prevented evictions (issue 15 item 7): summed over the
municipality's locations per year and per quarter so that the figures reach 5, what stays small
hidden with the words why, and no location's small count recoverable as the municipality's total
minus the other locations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.constants import Role, SignalOutcome
from financiering.selectors import prevented_evictions_value_for
from imo.constants import CandidateStatus, VacancyStatus
from monitor.municipality import municipality_process
from tests.factories import (
    AllocationDecisionFactory,
    CandidateFactory,
    CommunityFactory,
    MembershipFactory,
    SectionFactory,
    SignalFactory,
    UnitFactory,
    UserFactory,
    VacancyFactory,
)

D = datetime.date
TODAY = D(2025, 11, 20)
YEAR = 2025


def _placement(community, *, filled_on, days_vacant=30, days_waiting=90, follows=True):
    """A unit let through the IMO: a filled vacancy, the candidate who moved in, the decision."""
    unit = UnitFactory(section=SectionFactory(community=community))
    vacancy = VacancyFactory(
        unit=unit,
        available_from=filled_on - datetime.timedelta(days=days_vacant),
        status=VacancyStatus.FILLED,
        filled_on=filled_on,
    )
    candidate = CandidateFactory(
        community=community,
        vacancy=vacancy,
        status=CandidateStatus.MOVED_IN,
        registered_on=filled_on - datetime.timedelta(days=days_waiting),
    )
    AllocationDecisionFactory(
        candidate=candidate,
        decided_on=filled_on - datetime.timedelta(days=7),
        follows_advice=follows,
    )


def _prevented(community, *, closed_on):
    SignalFactory(
        community=community,
        outcome=SignalOutcome.EVICTION_PREVENTED,
        reported_on=closed_on - datetime.timedelta(days=30),
        closed_on=closed_on,
    )


@pytest.fixture
def town(db):
    """A municipality with three locations: Noord, Oost and Zuid."""
    first = CommunityFactory(name="Noord", slug="noord")
    others = [
        CommunityFactory(name=name, slug=name.lower(), municipality=first.municipality)
        for name in ("Oost", "Zuid")
    ]
    return [first, *others]


def _process(town, today=TODAY, year=None):
    return municipality_process(
        municipality=town[0].municipality, communities=town, today=today, year=year
    )


def test_small_counts_per_location_add_up_to_a_figure_that_shows(town):
    for community in town:
        for month in (4, 5):
            _placement(community, filled_on=D(YEAR, month, 10), days_vacant=20 + month)
    p = _process(town)

    assert p.year_row.filled.label == "6" and not p.year_row.filled.hidden
    assert p.year_row.moved_in.label == "6"
    assert p.year_row.vacant_average == pytest.approx(24.5)
    assert p.history_rows[-1].vacant_average == pytest.approx(24.5)  # the years together
    assert p.year_row.intake_average == pytest.approx(90)
    assert p.year_row.followed.label == "6 van 6" and p.year_row.followed_percent == 100
    q2 = next(row for row in p.quarter_rows if row.period.key == ("q", YEAR, 2))
    assert q2.filled.label == "6"
    # Per location two: hidden, with the words why and where to look instead.
    for row in p.location_rows:
        assert row.filled.label == "< 5"
        assert row.filled.reason == (
            "Verborgen: minder dan 5 verhuurde woningen op deze locatie in dit jaar; "
            "zie het totaal van de gemeente."
        )


def test_a_total_that_stays_small_is_hidden_with_the_words_why(town):
    _placement(town[0], filled_on=D(YEAR, 2, 3))
    _placement(town[1], filled_on=D(YEAR, 8, 3))
    p = _process(town)

    assert p.year_row.decisions.label == "< 5"
    assert p.year_row.decisions.reason == (
        "Verborgen: minder dan 5 besluiten in dit jaar; zie het totaal over de jaren."
    )
    assert p.year_row.vacant_average is None  # no average over fewer than 5 cases
    assert p.year_row.followed_percent is None
    q1 = p.quarter_rows[0]
    assert q1.decisions.label == "< 5"
    assert "in dit kwartaal; zie het jaartotaal" in q1.decisions.reason
    assert q1.decisions.reason in p.quarter_reasons
    # Zero is shown: "nobody" points at nobody.
    assert p.quarter_rows[1].decisions.label == "0"


def test_no_location_is_the_total_minus_the_others(town):
    """Noord 2, Oost 8, Zuid 0: with the total (10), Oost and Zuid shown, Noord would be 2."""
    noord, oost, _zuid = town
    for day in (D(YEAR, 3, 1), D(YEAR, 3, 2)):
        _placement(noord, filled_on=day)
    for day in range(1, 9):
        _placement(oost, filled_on=D(YEAR, 6, day))
    p = _process(town)

    rows = {c.name: row for c, row in zip(p.communities, p.location_rows, strict=True)}
    assert rows["Noord"].filled.label == "< 5"
    assert rows["Zuid"].filled.label == "0"
    shown_total = not p.year_row.filled.hidden
    shown_oost = not rows["Oost"].filled.hidden
    assert not (shown_total and shown_oost), "Noord = total − Oost − Zuid"
    hidden = rows["Oost"].filled if rows["Oost"].filled.hidden else p.year_row.filled
    assert hidden.label == "x"
    assert hidden.reason.startswith("Verborgen: met dit getal erbij")
    # Nor the quarters: Q1 (Noord's 2) is hidden, and the year is Q1 + Q2 (Oost's 8).
    q1, q2 = p.quarter_rows[0], p.quarter_rows[1]
    assert q1.filled.label == "< 5"
    assert p.year_row.filled.hidden or q2.filled.hidden


def test_a_share_that_would_point_at_one_decision_is_hidden(town):
    for index, community in enumerate(town):
        for day in (1, 2):
            _placement(community, filled_on=D(YEAR, 5, day), follows=not (index == 0 and day == 1))
    p = _process(town)

    assert p.year_row.decisions.label == "6"
    assert p.year_row.followed_percent is None
    assert p.year_row.followed_reason.startswith(
        "Verborgen: minder dan 5 besluiten volgden het advies, of minder dan 5 niet"
    )


def test_prevented_evictions_and_their_value(town, settings):
    settings.AVOIDED_COST_PER_EVICTION = Decimal("12500")
    for community in town[:2]:
        for day in (3, 4, 5):
            _prevented(community, closed_on=D(YEAR, 9, day))
    for day in range(1, 6):
        _prevented(town[2], closed_on=D(YEAR - 2, 6, day))
    p = _process(town)

    assert p.year_row.prevented.label == "6"
    assert p.year_row.avoided == Decimal("75000")
    # Per location three: hidden, and so is the value that would give it away.
    noord, oost, zuid = p.location_rows
    assert all(row.prevented.label == "< 5" and row.avoided is None for row in (noord, oost))
    assert zuid.prevented.label == "0" and zuid.avoided is None
    # Every year since the first case, and the total over all of them (as the value page).
    assert [row.title for row in p.history_rows] == [
        "2023",
        "2024",
        "2025 (lopend)",
        "2023–2025 samen",
    ]
    total = p.history_rows[-1]
    assert total.prevented.label == "11" and total.avoided == Decimal("137500")
    assert p.history_rows[0].prevented.label == "5"


def test_a_small_year_is_not_the_total_minus_the_other_years(town):
    """One prevented eviction in 2023, six in 2025: the total (7) with 2025 shown gives 2023."""
    _prevented(town[2], closed_on=D(YEAR - 2, 6, 1))
    for community in town[:2]:
        for day in (3, 4, 5):
            _prevented(community, closed_on=D(YEAR, 9, day))
    p = _process(town)

    first, between, this, total = p.history_rows
    assert first.prevented.label == "< 5" and between.prevented.label == "0"
    assert this.prevented.hidden or total.prevented.hidden
    assert this.avoided is None or total.avoided is None


@pytest.mark.parametrize(
    "per_year",
    [
        {YEAR - 2: 1, YEAR: 6},
        {YEAR - 2: 2, YEAR - 1: 7, YEAR: 9},
        {YEAR - 2: 1, YEAR - 1: 5, YEAR: 1},
    ],
)
def test_no_year_the_value_page_hides_shows_here(town, per_year):
    """The value of early warning (financiering) shows the same viewer the municipality's years
    and total: a year hidden there to protect a small one must not be shown here, else the two
    pages together would give the small one away."""
    for year, count in per_year.items():
        for day in range(1, count + 1):
            _prevented(town[day % 3], closed_on=D(year, 6, day))
    p = _process(town)
    value = prevented_evictions_value_for(communities=town, today=TODAY, masked=True)

    rows = {row.period.key[1]: row for row in p.history_rows[:-1]}
    for year in value.years:
        if year.prevented_shown != str(year.prevented):
            assert rows[year.year].prevented.hidden, (year, per_year)
    # The total: the same, unless this page withholds its whole table (1 + 5 + 1: "–").
    total = p.history_rows[-1].prevented
    assert total.label in (value.prevented_shown, "–")


def test_quarters_of_another_year_and_a_running_quarter(town):
    for day in range(1, 6):
        _placement(town[0], filled_on=D(2024, 11, day))
    p = _process(town, year=2024)
    assert p.year == 2024
    assert [row.title for row in p.quarter_rows] == [
        "1e kwartaal 2024",
        "2e kwartaal 2024",
        "3e kwartaal 2024",
        "4e kwartaal 2024",
    ]
    assert p.quarter_rows[3].filled.label == "5"
    this_year = _process(town)
    assert this_year.quarter_rows[-1].title == "4e kwartaal 2025 (lopend)"
    assert _process(town, year=1990).year == TODAY.year  # an unknown year: this year


# --- The pages ----------------------------------------------------------------------------------


@pytest.fixture
def gemeente(town):
    user = UserFactory(username="gemeente_stad", organisation=town[0].municipality)
    for community in town:
        MembershipFactory(user=user, community=community, role=Role.GEMEENTE)
    return user


def test_the_gemeente_sees_the_municipality_view(client, town, gemeente):
    today = timezone.localdate()
    for community in town:
        for _ in range(2):
            _placement(community, filled_on=today)
    client.force_login(gemeente)
    response = client.get(reverse("monitor_municipality", args=[town[0].municipality_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "IMO en voorkomen huisuitzettingen" in body
    assert "Opgeteld over de 3 locaties die u ziet (Noord, Oost, Zuid)" in body
    assert '<div class="stat">6</div>' in body
    assert "Verborgen: minder dan 5 verhuurde woningen op deze locatie in dit jaar" in body
    # A year that is not a number falls back to this year.
    response = client.get(
        reverse("monitor_municipality", args=[town[0].municipality_id]), {"jaar": "abc"}
    )
    assert response.status_code == 200


def test_the_location_page_shows_its_row_of_the_same_table(client, town, gemeente):
    """Oost's 8 would give Noord's 2 away beside the total: the location page hides it too."""
    today = timezone.localdate()
    noord, oost, _zuid = town
    for _ in range(2):
        _placement(noord, filled_on=today)
    for _ in range(8):
        _placement(oost, filled_on=today)
    client.force_login(gemeente)
    body = client.get(reverse("imo_metrics", args=["oost"])).content.decode()
    p = municipality_process(municipality=noord.municipality, communities=town, today=today)
    oost_row = p.location_row(oost)
    assert f'<div class="stat">{oost_row.filled.label}</div>' in body
    if oost_row.filled.hidden:
        assert '<div class="stat">8</div>' not in body
    assert "Procesmonitor " + noord.municipality.name in body


def test_links_on_the_start_page_and_the_dashboard(client, town, gemeente):
    client.force_login(gemeente)
    url = reverse("monitor_municipality", args=[town[0].municipality_id])
    assert url in client.get(reverse("home")).content.decode()
    assert url in client.get(reverse("monitor_dashboard")).content.decode()
    coach = UserFactory(username="coach_stad")
    MembershipFactory(user=coach, community=town[0], role=Role.COMMUNITYCOACH)
    client.force_login(coach)
    assert url not in client.get(reverse("home")).content.decode()
    assert url not in client.get(reverse("monitor_dashboard")).content.decode()
    assert client.get(url).status_code == 403


def test_a_member_of_another_municipality_gets_404(client, town):
    elsewhere = CommunityFactory(name="Elders", slug="elders")
    user = UserFactory(username="gemeente_elders")
    MembershipFactory(user=user, community=elsewhere, role=Role.GEMEENTE)
    client.force_login(user)
    url = reverse("monitor_municipality", args=[town[0].municipality_id])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
