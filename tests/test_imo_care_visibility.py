"""Who sees a candidate's care details, as one table: each role × {own client, other client} ×
{consent given, consent absent} → sees or not, on the candidate page, the meeting page, the agenda
and in the stored PDF copy the user gets. Every answer comes from `imo.access.imo_viewer`."""

import pytest
from django.test import Client
from django.urls import reverse

from communities.constants import Role
from imo import services
from imo.access import audience_viewer, imo_viewer
from imo.pdf import agenda_context
from imo.selectors import agenda_build
from tests.factories import (
    TEST_ACTOR,
    CareOrganisationFactory,
    MembershipFactory,
    SupportedCandidateFactory,
    UserFactory,
)
from tests.test_imo_services import build_world, plan_march_meeting

# The fallback place of each candidate marks their care details on a page.
CASES = ("own_consent", "own_no_consent", "other_consent", "other_no_consent")
MARKER = {case: f"Terugvalplek-{case}" for case in CASES}

# role (username) -> the candidates whose care details that user sees.
SEES = {
    "beheerder": {"own_consent", "other_consent"},
    "coach": {"own_consent", "other_consent"},
    "begeleider": {"own_consent"},  # a begeleider of Zorggroep Horizon: own clients only
    "begeleider_elders": {"other_consent"},  # of the other care organisation
    "bewoner": set(),  # the residents' delegation never
}
# Which stored copy each user downloads: a begeleider gets the professional copy only when it
# shows no care details of anyone else's candidate, which is not the case here.
COPY = {
    "beheerder": "professional",
    "coach": "professional",
    "begeleider": "resident",
    "begeleider_elders": "resident",
    "bewoner": "resident",
}
IN_COPY = {"professional": {"own_consent", "other_consent"}, "resident": set()}


@pytest.fixture
def scene(db):
    world = build_world()
    other_care = CareOrganisationFactory(name="Stichting Anker")
    elders = UserFactory(username="begeleider_elders", organisation=other_care)
    MembershipFactory(user=elders, community=world.community, role=Role.BEGELEIDER)
    world.users["begeleider_elders"] = elders
    meeting = plan_march_meeting(world)
    world.candidates = {}
    for case in CASES:
        organisation = world.care if case.startswith("own") else other_care
        consent = {"consent_given_on": None, "consent_scope": ""} if "no_consent" in case else {}
        candidate = SupportedCandidateFactory(
            community=world.community,
            first_name="Kandidaat",
            last_name=case,
            proposed_by=organisation,
            care_organisation=organisation,
            fallback_place=MARKER[case],
            **consent,
        )
        services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)
        world.candidates[case] = candidate
    world.meeting = meeting
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", sorted(SEES))
def test_the_viewer_object_decides_per_candidate(scene, username):
    viewer = imo_viewer(scene.users[username], scene.community)
    seen = {case for case, c in scene.candidates.items() if viewer.sees_care(c)}
    assert seen == SEES[username]
    assert viewer.agenda_audience(scene.meeting) == COPY[username]
    assert viewer.limited is (username == "bewoner")


@pytest.mark.parametrize("username", sorted(SEES))
def test_the_agenda_holds_exactly_the_care_details_the_viewer_may_see(scene, username):
    viewer = imo_viewer(scene.users[username], scene.community)
    agenda = agenda_build(meeting=scene.meeting, viewer=viewer)
    with_care = {row.name.split()[-1] for row in agenda.characteristics if row.care is not None}
    assert with_care == SEES[username]


@pytest.mark.parametrize("username", sorted(SEES))
def test_the_candidate_and_meeting_pages_show_exactly_those_care_details(scene, username):
    client = client_for(scene.users[username])
    slug = scene.community.slug
    meeting_page = client.get(reverse("imo_meeting", args=(slug, scene.meeting.pk)))
    assert meeting_page.status_code == 200
    for case, candidate in scene.candidates.items():
        page = client.get(reverse("imo_candidate", args=(slug, candidate.pk)))
        assert page.status_code == 200
        expected = case in SEES[username]
        assert (MARKER[case] in page.content.decode()) is expected, (username, case)
        assert (MARKER[case] in meeting_page.content.decode()) is expected, (username, case)


@pytest.mark.parametrize("audience", ["professional", "resident"])
def test_each_pdf_copy_holds_exactly_its_care_details(scene, audience):
    context = agenda_context(meeting=scene.meeting, audience=audience)
    rows = context["agenda"].characteristics
    assert {r.name.split()[-1] for r in rows if r.care is not None} == IN_COPY[audience]
    viewer = audience_viewer(scene.community, audience)
    assert {c for c, cand in scene.candidates.items() if viewer.sees_care(cand)} == (
        IN_COPY[audience]
    )


@pytest.mark.parametrize("username", ["gemeente"])
def test_roles_without_the_imo_see_no_candidate(scene, username):
    client = client_for(scene.users[username])
    candidate = scene.candidates["own_consent"]
    response = client.get(reverse("imo_candidate", args=(scene.community.slug, candidate.pk)))
    assert response.status_code == 403
    assert imo_viewer(scene.users[username], scene.community).sees_care(candidate) is False


def test_a_withdrawal_hides_care_details_at_once(scene):
    candidate = scene.candidates["own_consent"]
    services.consent_withdraw(candidate=candidate, on=candidate.consent_given_on, by=TEST_ACTOR)
    candidate.refresh_from_db()
    for username in ("beheerder", "coach", "begeleider"):
        assert not imo_viewer(scene.users[username], scene.community).sees_care(candidate)


def test_a_candidate_of_another_community_is_never_seen(scene):
    other = SupportedCandidateFactory()
    assert not imo_viewer(scene.users["beheerder"], scene.community).sees_care(other)
    assert not audience_viewer(scene.community, "professional").sees_care(other)


def test_an_unknown_audience_is_refused(scene):
    with pytest.raises(ValueError):
        audience_viewer(scene.community, "everyone")
