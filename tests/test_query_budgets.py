"""Query budgets (issue 14): a page's number of queries must not grow with the data. Each page
is requested twice, by users who see one location and ten, or for a location with one month
and one with three years of history, and must cost the same number of queries both times (no
N+1), within the page budget.

The data comes from the synthetic-data generator at a small scale (8–12 units a location), made
once for the class (Django's TestCase rolls it back afterwards)."""

from __future__ import annotations

import datetime
import tempfile

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.constants import Role
from communities.demo.synthetic import generate
from communities.models import Community, Membership, User
from financiering.models import FundingAgreement
from gemengdwonen.storage import save_private_file
from governance.constants import BodyLevel, MemberRole
from governance.models import BodyMember, CalendarFeedToken, GovernanceBody, Meeting
from imo.models import IntakeMeeting
from reports.constants import RequestStatus
from reports.models import ReportRequest, ReportVersion
from reports.services import report_get_or_create

UNITS = (8, 12)
# The target: at most 15 queries a page, counted with the session, the user and the base
# layout (4 queries of every logged-in page: session, user with organisation, permissions, the
# session's save). Pages above it have their own budget below, set at what they cost now, so
# that any growth fails: the home pages of team members (one card with five panels per
# location, all locations together, plus the blocks of the IMO, governance and funding; the
# beheerder of the tests chairs the kerngroeps, so his block lists bodies, the next meetings and
# overdue action items) and the community page (ten panels of the core, plus those of the IMO,
# governance, the monitor and funding). None of them grows with the locations or the years.
BUDGET = 15
# Home pages, set at what they cost after the role-first blocks ("Mijn taken", the first blocks
# per role), the annual-report block and the municipality panel landed: each adds a fixed number
# of queries (flat over locations, which is what these tests prove), but together they put the
# home pages above the 15. Bringing them back under it is open work (issue 14).
# The attention list reads who lives there apart (one query): as a subquery PostgreSQL joined
# every resident with every activity (100 ms for one location).
HOME_TEAM = {"coach": 33, "beheerder": 41, "locatie": 34, "begeleider": 32}
HOME_OTHERS = 20  # residents' delegation, welzijn, gemeente, stuurgroep
# The community page as gemeente or stuurgroep: 25 before governance, the monitor and funding
# plugged their panels in; those cost 3 (own bodies, association, residents), 1 (the latest
# snapshot) and 4 (horizon, agreements, contributing parties, akkoord parties) queries, of which
# 4 were saved elsewhere on the page (the hours panel reuses the page's units and mix, one read
# of the roles with the community).
COMMUNITY_PAGE_AGGREGATE = 31
# The same page for team members: the core's panels (hours, safety, activities, outreach with
# the attention list, signals, vacant units), the IMO's (next meeting, counts, follow-ups) and
# governance's for a member of the kerngroep (its cadence: meetings held and planned this year).
COMMUNITY_PAGE_COACH = 41
COMMUNITY_PAGE_BEHEERDER = 47
# The monitor's live scorecard of one location reads a dozen sources (mix, hours and the norms,
# participation, talents, safety, contact card, signals, moves, governance cadence, funding,
# the survey) besides the trends from the snapshots: a fixed 30 queries, whatever the history
# (42 before the sources were read for many locations at once, see MONITOR_DASHBOARD).
SCORECARD = 30
# The monitor's dashboard: the live scorecards of all the viewer's locations, each source read
# once for all of them (`monitor.sources.community_facts_many`), besides the trends from the
# snapshots and the 4 queries of every page: 28, whatever the number of locations (it was about
# 36 a location: 43 for one, 405 for eleven). The exports cost the same: no page layout, but
# one INSERT of the audit events of all the locations.
MONITOR_DASHBOARD = 28
MONITOR_DASHBOARD_EXPORT = MONITOR_DASHBOARD
# A governance meeting: the body and its members, agenda, attendance, minutes and earlier
# minutes to approve, decisions, action items, documents.
GOVERNANCE_MEETING = 18
# Funding of a location: horizon, agreements with their parties and successors, contributions
# per year, one-offs, the norms for the calculation, the akkoord's parties.
FUNDING_OVERVIEW = 17
ROLES = {
    "coach": Role.COMMUNITYCOACH,
    "beheerder": Role.SOCIAAL_BEHEERDER,
    "locatie": Role.LOCATIEBEHEERDER,
    "begeleider": Role.BEGELEIDER,
    "bewoner": Role.BEWONERSAFVAARDIGING,
    "welzijn": Role.WELZIJN,
    "gemeente": Role.GEMEENTE,
    "stuurgroep": Role.STUURGROEP,
}


class QueryBudgetTests(TestCase):
    """`one_<role>` sees one location with three years of history, `ten_<role>` ten such
    locations and also `young`, a location with one month of history."""

    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        generate(communities=10, years=3, units=UNITS, slug_prefix="old-", today=today)
        generate(communities=1, years=1 / 12, units=UNITS, slug_prefix="young-", today=today)
        cls.old = list(Community.objects.filter(slug__startswith="old-").order_by("slug"))
        cls.young = Community.objects.get(slug="young-001")
        demo = {u.username: u for u in User.objects.filter(username__in=ROLES)}
        for name, role in ROLES.items():
            one = User.objects.create(username=f"one_{name}", organisation=demo[name].organisation)
            ten = User.objects.create(username=f"ten_{name}", organisation=demo[name].organisation)
            Membership.objects.create(user=one, community=cls.old[0], role=role)
            Membership.objects.bulk_create(
                [Membership(user=ten, community=c, role=role) for c in [*cls.old, cls.young]]
            )
        # Governance: the beheerders chair the kerngroep of each of their locations (the
        # generator made the bodies, with the demo users as members).
        cls.kerngroep = {
            c.pk: GovernanceBody.objects.get(level=BodyLevel.KERNGROEP, communities=c)
            for c in [*cls.old, cls.young]
        }
        for prefix, communities in (("one", cls.old[:1]), ("ten", [*cls.old, cls.young])):
            user = User.objects.get(username=f"{prefix}_beheerder")
            BodyMember.objects.bulk_create(
                [
                    BodyMember(
                        body=cls.kerngroep[c.pk],
                        user=user,
                        organisation=user.organisation,
                        role=MemberRole.CHAIR,
                    )
                    for c in communities
                ]
            )
        cls.privacy_officer = User.objects.create(username="privacy_officer")
        cls.privacy_officer.groups.add(Group.objects.get(name="Privacyfunctionaris"))

    def count(self, username: str, url: str, headers: dict | None = None) -> int:
        self.client.force_login(User.objects.get(username=username))
        self.client.get(url, headers=headers)  # warm-up: lazy defaults are made once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, url)
        # Savepoints come from ATOMIC_REQUESTS inside the test's transaction; in production the
        # request's transaction is a BEGIN/COMMIT that Django does not log as a query.
        self.last_queries = [
            q["sql"][:150]
            for q in queries.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]
        return len(self.last_queries)

    def explain(self, first: list[str], second: list[str]) -> str:
        """The queries of both requests, for the failure message."""
        return "\n--- first:\n" + "\n".join(first) + "\n--- second:\n" + "\n".join(second)

    def assert_flat_over_locations(self, role: str, url: str, budget: int = BUDGET):
        one = self.count(f"one_{role}", url)
        first = self.last_queries
        ten = self.count(f"ten_{role}", url)
        why = self.explain(first, self.last_queries)
        self.assertEqual(
            one, ten, f"{url} as {role}: {one} queries for 1 location, {ten} for 11{why}"
        )
        self.assertLessEqual(ten, budget, f"{url} as {role}{why}")

    def assert_flat_over_history(self, role: str, name: str, budget: int = BUDGET, **kwargs):
        young = self.count(f"ten_{role}", reverse(name, args=[self.young.slug], **kwargs))
        first = self.last_queries
        old = self.count(f"ten_{role}", reverse(name, args=[self.old[0].slug], **kwargs))
        why = self.explain(first, self.last_queries)
        self.assertEqual(
            young, old, f"{name} as {role}: {young} queries for 1 month, {old} for 3 years{why}"
        )
        self.assertLessEqual(old, budget, f"{name} as {role}{why}")

    # Home pages and the list of locations ---------------------------------------------------

    def test_home_coach(self):
        self.assert_flat_over_locations("coach", reverse("home"), budget=HOME_TEAM["coach"])

    def test_home_beheerder(self):
        self.assert_flat_over_locations("beheerder", reverse("home"), budget=HOME_TEAM["beheerder"])

    def test_home_locatiebeheerder(self):
        self.assert_flat_over_locations("locatie", reverse("home"), budget=HOME_TEAM["locatie"])

    def test_home_begeleider(self):
        self.assert_flat_over_locations(
            "begeleider", reverse("home"), budget=HOME_TEAM["begeleider"]
        )

    def test_home_bewonersafvaardiging(self):
        self.assert_flat_over_locations("bewoner", reverse("home"), budget=HOME_OTHERS)

    def test_home_welzijn(self):
        self.assert_flat_over_locations("welzijn", reverse("home"), budget=HOME_OTHERS)

    def test_home_dashboard_gemeente(self):
        self.assert_flat_over_locations("gemeente", reverse("home"), budget=HOME_OTHERS)

    def test_home_dashboard_stuurgroep(self):
        self.assert_flat_over_locations("stuurgroep", reverse("home"), budget=HOME_OTHERS)

    def test_monitor_municipality_gemeente(self):
        """The municipality's process view: the same for 1 location and for 11."""
        pk = self.old[0].municipality_id
        self.assertTrue(all(c.municipality_id == pk for c in [*self.old, self.young]))
        self.assert_flat_over_locations("gemeente", reverse("monitor_municipality", args=[pk]))

    def test_monitor_municipality_stuurgroep(self):
        pk = self.old[0].municipality_id
        self.assert_flat_over_locations("stuurgroep", reverse("monitor_municipality", args=[pk]))

    def test_community_list(self):
        self.assert_flat_over_locations("coach", reverse("community_list"))

    def test_community_list_gemeente(self):
        self.assert_flat_over_locations("gemeente", reverse("community_list"))

    # A location's pages: one month against three years -------------------------------------

    def test_community_page_coach(self):
        self.assert_flat_over_history("coach", "community_detail", budget=COMMUNITY_PAGE_COACH)

    def test_community_page_beheerder(self):
        self.assert_flat_over_history(
            "beheerder", "community_detail", budget=COMMUNITY_PAGE_BEHEERDER
        )

    def test_community_page_gemeente(self):
        self.assert_flat_over_history(
            "gemeente", "community_detail", budget=COMMUNITY_PAGE_AGGREGATE
        )

    def test_unit_list(self):
        self.assert_flat_over_history("beheerder", "unit_list")

    def test_resident_list(self):
        self.assert_flat_over_history("beheerder", "resident_list")

    def test_activity_list(self):
        self.assert_flat_over_history("coach", "activity_list")

    def test_activity_export(self):
        self.assert_flat_over_history("coach", "activity_export")

    def test_participation(self):
        self.assert_flat_over_history("coach", "participation")

    def test_signal_list(self):
        self.assert_flat_over_history("coach", "signal_list")

    def test_not_reached(self):
        self.assert_flat_over_history("coach", "outreach_not_reached")

    def test_attention_list(self):
        self.assert_flat_over_history("coach", "attention_list")

    def test_hours_overview(self):
        self.assert_flat_over_history("coach", "hours_overview")

    def test_hours_entries(self):
        self.assert_flat_over_history("coach", "hours_entries")

    def test_safety_overview(self):
        self.assert_flat_over_history("beheerder", "safety_overview")

    def test_imo_overview(self):
        self.assert_flat_over_history("beheerder", "imo_overview")

    def test_imo_vacancies(self):
        self.assert_flat_over_history("beheerder", "imo_vacancies")

    def test_imo_follow_ups(self):
        self.assert_flat_over_history("beheerder", "imo_follow_ups")

    def test_imo_metrics(self):
        # The gemeente sees the location's row of the municipality's table (issue 15 item 7):
        # the locations it sees, the process facts and the prevented evictions, all at once.
        self.assert_flat_over_history("gemeente", "imo_metrics", budget=16)

    def test_imo_meeting(self):
        """The coming meeting of a young and of an old location, each with candidates."""
        counts = []
        for community in (self.young, self.old[0]):
            meeting = (
                IntakeMeeting.objects.filter(community=community, starts_at__gte=timezone.now())
                .order_by("starts_at")
                .first()
            )
            counts.append(
                self.count(
                    "ten_beheerder", reverse("imo_meeting", args=[community.slug, meeting.pk])
                )
            )
        self.assertEqual(counts[0], counts[1], f"IMO meeting: {counts}")
        # The meeting page shows every candidate with the mix as it would be: its own budget.
        self.assertLessEqual(counts[1], 37)

    # Governance (issue 11): bodies, meetings, decisions, action items, the calendar -------

    def _young_and_old(self, view, make_args, budget=BUDGET, username="ten_beheerder"):
        """The same page for the young location's kerngroep and the old one's."""
        counts, queries = [], []
        for community in (self.young, self.old[0]):
            counts.append(self.count(username, reverse(view, args=make_args(community))))
            queries.append(self.last_queries)
        why = self.explain(*queries)
        self.assertEqual(counts[0], counts[1], f"{view}: {counts}{why}")
        self.assertLessEqual(counts[1], budget, f"{view}{why}")

    def test_governance_my_bodies_and_action_items(self):
        self.assert_flat_over_locations("beheerder", reverse("governance_home"))

    def test_governance_body(self):
        self._young_and_old("governance_body", lambda c: [self.kerngroep[c.pk].pk])

    def test_governance_body_decisions(self):
        self._young_and_old("governance_decisions", lambda c: [self.kerngroep[c.pk].pk])

    def test_governance_meeting(self):
        """The latest past meeting of each kerngroep: agenda, attendance, minutes, decisions."""

        def args(community):
            body = self.kerngroep[community.pk]
            meeting = (
                Meeting.objects.filter(body=body, starts_at__lt=timezone.now())
                .order_by("-starts_at")
                .first()
            )
            return [body.pk, meeting.pk]

        self._young_and_old("governance_meeting", args, budget=GOVERNANCE_MEETING)

    def test_governance_community(self):
        self.assert_flat_over_history("beheerder", "governance_community")

    def test_governance_community_decisions_gemeente(self):
        self.assert_flat_over_history("gemeente", "governance_community_decisions")

    def test_calendar_settings(self):
        self.assert_flat_over_locations("beheerder", reverse("calendar_feed_settings"))

    def test_calendar_feed(self):
        counts = []
        for prefix in ("one", "ten"):
            user = User.objects.get(username=f"{prefix}_beheerder")
            token = CalendarFeedToken.objects.create(user=user, token=f"budget-{prefix}")
            self.client.logout()
            self.client.get(reverse("calendar_feed", args=[token.token]))
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("calendar_feed", args=[token.token]))
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1], f"calendar feed: {counts}")
        self.assertLessEqual(counts[1], BUDGET)

    # Funding (issue 12) -------------------------------------------------------------------

    def test_funding_overview(self):
        self.assert_flat_over_history("beheerder", "funding_overview", budget=FUNDING_OVERVIEW)

    def test_funding_overview_gemeente(self):
        self.assert_flat_over_history("gemeente", "funding_overview", budget=FUNDING_OVERVIEW)

    def test_funding_agreement_detail(self):
        def args(community):
            agreement = FundingAgreement.objects.filter(communities=community).earliest(
                "start_date"
            )
            return [community.slug, agreement.pk]

        self._young_and_old("funding_agreement_detail", args)

    def test_funding_calculator(self):
        self.assert_flat_over_locations("beheerder", reverse("funding_calculator"))

    def test_funding_municipality(self):
        self.assert_flat_over_locations(
            "gemeente", reverse("funding_municipality", args=[self.old[0].municipality_id])
        )

    # The monitor (issue 16) ---------------------------------------------------------------

    def test_monitor_scorecard(self):
        self.assert_flat_over_history("coach", "monitor_community", budget=SCORECARD)

    def test_monitor_scorecard_gemeente(self):
        self.assert_flat_over_history("gemeente", "monitor_community", budget=SCORECARD)

    def test_monitor_dashboard(self):
        self.assert_flat_over_locations(
            "gemeente", reverse("monitor_dashboard"), budget=MONITOR_DASHBOARD
        )

    def test_monitor_dashboard_export(self):
        """The scorecard and trend exports build the same grid as the page."""
        for what in ("scorekaart", "trends"):
            self.assert_flat_over_locations(
                "gemeente",
                reverse("monitor_dashboard_export", args=[what, "csv"]),
                budget=MONITOR_DASHBOARD_EXPORT,
            )

    def test_monitor_survey(self):
        self.assert_flat_over_history("coach", "monitor_survey")

    # Annual reports (issue 15): the page with its status and versions, the htmx status
    # fragment, the download; of a location and of a stuurgroep's area ---------------------

    def _reports(self) -> int:
        """Reports of `old[0]` for five years: last year's with one version, the year before's
        with twelve (each with its request); a stuurgroep over `old[0]` (chaired by
        one_stuurgroep) and one over the ten old locations (ten_stuurgroep), each with a report
        of last year with one version and of the year before with twelve. Returns last year."""
        year = timezone.localdate().year - 1
        reports = {
            y: report_get_or_create(year=y, community=self.old[0])
            for y in range(year - 4, year + 1)
        }
        self._versions(reports[year], 1)
        self._versions(reports[year - 1], 12)
        self.stuurgroep = {}
        for prefix, communities in (("one", self.old[:1]), ("ten", self.old)):
            body = GovernanceBody.objects.create(
                level=BodyLevel.STUURGROEP, name=f"Stuurgroep {prefix}"
            )
            body.communities.set(communities)
            user = User.objects.get(username=f"{prefix}_stuurgroep")
            BodyMember.objects.create(
                body=body, user=user, organisation=user.organisation, role=MemberRole.CHAIR
            )
            self._versions(report_get_or_create(year=year, body=body), 1)
            self._versions(report_get_or_create(year=year - 1, body=body), 12)
            self.stuurgroep[prefix] = body
        return year

    def _versions(self, report, n):
        requester = User.objects.get(username="ten_stuurgroep")
        for number in range(1, n + 1):
            path = save_private_file(f"reports/test/{report.key}-{number}.pdf", b"%PDF-1.7\n")
            version = ReportVersion.objects.create(
                report=report,
                number=number,
                file=path,
                content_hash=f"{report.key}-{number}",
                requested_by=requester,
                pages=1,
            )
            ReportRequest.objects.create(
                report=report,
                requested_by=requester,
                status=RequestStatus.DONE,
                version=version,
                new_version=True,
            )

    def _report_url(self, name: str, year: int, *args, area: str | None = None) -> str:
        """A page of `old[0]`'s report, or with `area` ("one", "ten") of that stuurgroep's."""
        if area:
            return reverse(f"reports_area{name}", args=[self.stuurgroep[area].pk, year, *args])
        return reverse(f"reports_community{name}", args=[self.old[0].slug, year, *args])

    def _same(self, label, visits, budget=BUDGET, headers=None):
        """The same count of queries for every (username, url) of `visits`, within `budget`."""
        counts, queries = [], []
        for username, url in visits:
            counts.append(self.count(username, url, headers=headers))
            queries.append(self.last_queries)
        why = self.explain(queries[0], queries[-1])
        self.assertEqual(len(set(counts)), 1, f"{label}: {counts}{why}")
        self.assertLessEqual(counts[-1], budget, f"{label}{why}")

    def _report_pages(self, name, headers=None):
        with tempfile.TemporaryDirectory() as root, self.settings(PRIVATE_MEDIA_ROOT=root):
            year = self._reports()
            # 1 location and 11: a stuurgroep member (asks for versions), the gemeente
            # (downloads), the kerngroep's chair (also writes the text).
            url = self._report_url(name, year)
            for role in ("stuurgroep", "gemeente", "beheerder"):
                visits = [(f"one_{role}", url), (f"ten_{role}", url)]
                self._same(f"report{name} as {role}", visits, headers=headers)
            # 1 version and 12, among five years of reports.
            self._same(
                f"report{name}: 1 and 12 versions",
                [("ten_stuurgroep", url), ("ten_stuurgroep", self._report_url(name, year - 1))],
                headers=headers,
            )
            # A stuurgroep's area report over 1 location and over 10, with 1 and 12 versions: for
            # its members, and for the gemeente of all its locations (downloads).
            for role in ("stuurgroep", "gemeente"):
                self._same(
                    f"area report{name} as {role}: 1 and 10 locations, 1 and 12 versions",
                    [
                        (f"one_{role}", self._report_url(name, year, area="one")),
                        (f"ten_{role}", self._report_url(name, year, area="ten")),
                        (f"ten_{role}", self._report_url(name, year - 1, area="ten")),
                    ],
                    headers=headers,
                )

    def test_report_page(self):
        self._report_pages("")

    def test_report_status_fragment(self):
        self._report_pages("_status", headers={"HX-Request": "true"})

    def test_report_download(self):
        """The only version and the twelfth, of a location's report and an area's."""
        with tempfile.TemporaryDirectory() as root, self.settings(PRIVATE_MEDIA_ROOT=root):
            year = self._reports()
            first = self._report_url("_download", year, 1)
            twelfth = self._report_url("_download", year - 1, 12)
            self._same(
                "report download",
                [("one_gemeente", first), ("ten_gemeente", first), ("ten_gemeente", twelfth)],
            )
            self._same(
                "area report download",
                [
                    ("one_stuurgroep", self._report_url("_download", year, 1, area="one")),
                    ("ten_stuurgroep", self._report_url("_download", year, 1, area="ten")),
                    ("ten_stuurgroep", self._report_url("_download", year - 1, 12, area="ten")),
                ],
            )

    # The privacy officer's search (issue 9) -----------------------------------------------

    def test_privacy_search(self):
        """A search that finds nobody and one that finds many cost the same."""
        self.client.force_login(self.privacy_officer)
        counts = []
        for term in ("Zzyzx", "de"):
            url = reverse("privacy_search") + f"?q={term}"
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1], f"privacy search: {counts}")
        self.assertLessEqual(counts[1], BUDGET)


def test_generator_refuses_a_second_run_with_the_same_prefix(db):

    today = datetime.date(2026, 6, 1)
    counts = generate(communities=1, years=0.2, units=(4, 4), slug_prefix="t-", today=today)
    assert counts["communities"] == 1 and counts["units"] == 4
    with pytest.raises(ValueError):
        generate(communities=1, years=0.2, units=(4, 4), slug_prefix="t-", today=today)
