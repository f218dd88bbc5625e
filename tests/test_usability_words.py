"""Words and small things (issue 15, item 8): "Geplaatst", no default organiser, the welcome
committee's contacts, Dutch admin sections, a favicon."""

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from communities.activities.forms import ActivityForm
from communities.constants import OrganisationKind, Role
from imo.constants import CandidateStatus, status_label
from imo.forms import HandoverForm
from tests.factories import CandidateFactory, MembershipFactory, OrganisationFactory, UserFactory


def test_a_candidate_who_moved_in_reads_as_placed(client, world):
    assert status_label(CandidateStatus.MOVED_IN) == "Geplaatst"
    assert status_label(CandidateStatus.WITHDRAWN) == "Teruggetrokken"
    # Registered this year: the overview lists finished candidates of the last year.
    CandidateFactory(
        community=world.community,
        status=CandidateStatus.MOVED_IN,
        registered_on=timezone.localdate(),
    )
    client.force_login(world.users["beheerder"])
    body = client.get(reverse("imo_overview", args=["de-kade"])).content.decode()
    assert "Geplaatst" in body and "Ingetrokken (" not in body


def test_who_organised_an_activity_has_no_default(world):
    form = ActivityForm(community=world.community, resident_choices=[])
    assert form.fields["organised_by"].initial is None
    assert "checked" not in str(form["organised_by"])


def test_welcome_contacts_are_the_woonverenigings_people_only(world):
    vereniging = OrganisationFactory(kind=OrganisationKind.WOONVERENIGING, name="VvB De Kade")
    secretary = UserFactory(username="secretaris", organisation=vereniging)
    MembershipFactory(user=secretary, community=world.community, role=Role.WELZIJN)
    form = HandoverForm(community=world.community)
    offered = set(form.fields["welcome_contact"].queryset.values_list("username", flat=True))
    assert offered == {"bewoner", "secretaris"}


def test_admin_sections_are_dutch():
    names = {c.label: str(c.verbose_name) for c in apps.get_app_configs()}
    assert names["axes"] == "Inlogpogingen"
    assert names["otp_totp"].startswith("Tweestapsverificatie")


def test_every_page_has_a_favicon(client, world):
    client.force_login(world.users["coach"])
    assert 'rel="icon"' in client.get("/").content.decode()
