"""Pages through Django's test client: what each role sees, and bad input."""

import datetime

import pytest
from django.urls import reverse

from communities import selectors
from communities.models import Resident, TenancyResident, Unit

D = datetime.date
pytestmark = pytest.mark.django_db


def page(client, user, name, **kwargs):
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_gemeente_sees_aggregates_only(client, world):
    body = page(client, world.users["gemeente"], "community_detail", slug="de-kade")
    assert "De Kade" in body
    for resident in world.residents.values():
        assert resident.last_name not in body
    assert "Vleugel A" not in body and "Vleugel B" not in body  # no per-section figures
    assert "&lt; 5" in body  # 2 supported, 1 unsupported: masked
    assert "Leegstaande eenheden" not in body


def test_stuurgroep_home_is_an_aggregate_table(client, world):
    body = page(client, world.users["stuurgroep"], "home")
    assert "Overzicht van de locaties" in body
    assert "&lt; 5" in body
    assert "Vleugel" not in body


def test_team_sees_sections(client, world):
    body = page(client, world.users["coach"], "community_detail", slug="de-kade")
    assert "Vleugel A" in body and "Vleugel B" in body
    assert "&lt; 5" not in body


def test_coach_sees_support_status_but_no_care_details(client, world):
    anna = world.residents["anna"]
    body = page(client, world.users["coach"], "resident_detail", slug="de-kade", pk=anna.pk)
    assert "Begeleid" in body
    assert "Zorggroep Horizon" not in body
    assert "7,0" not in body and "7.0" not in body


def test_own_care_organisation_sees_care_details(client, world):
    anna = world.residents["anna"]
    body = page(client, world.users["begeleider"], "resident_detail", slug="de-kade", pk=anna.pk)
    assert "Zorggroep Horizon" in body and "7,0 uur per week" in body


def test_other_care_organisation_sees_no_care_details(client, world):
    anna = world.residents["anna"]
    body = page(
        client, world.users["begeleider_anker"], "resident_detail", slug="de-kade", pk=anna.pk
    )
    assert "Zorggroep Horizon" not in body and "7,0" not in body
    # Nor whether she is supported at all: that is not theirs to know.
    assert '<dt class="col-sm-3">Begeleid</dt>' not in body


def test_locatiebeheerder_sees_no_support_status(client, world):
    body = page(client, world.users["locatie"], "resident_list", slug="de-kade")
    assert "Jansen" in body
    assert ">Begeleid<" not in body


def test_begeleider_home_lists_own_clients_only(client, world):
    body = page(client, world.users["begeleider"], "home")
    assert "Anna Jansen" in body
    assert "Bram de Vries" not in body


def test_ids_of_another_community_do_not_work(client, world):
    client.force_login(world.users["beheerder"])
    foreign = world.foreign_resident
    response = client.get(reverse("resident_detail", kwargs={"slug": "de-kade", "pk": foreign.pk}))
    assert response.status_code == 404
    response = client.get(
        reverse("resident_detail", kwargs={"slug": "het-anker", "pk": foreign.pk})
    )
    assert response.status_code == 404
    response = client.post(
        reverse("resident_move_in", kwargs={"slug": "de-kade", "pk": foreign.pk}),
        {"unit": world.units[5].pk, "on": "2024-02-01"},
    )
    assert response.status_code == 404
    assert not TenancyResident.objects.filter(resident=foreign).exists()


def test_move_in_through_the_page_changes_the_mix_at_once(client, world):
    client.force_login(world.users["beheerder"])
    today = datetime.date.today()
    before = selectors.community_mix(community=world.community, on=today).overall
    newcomer = Resident.objects.create(
        community=world.community, first_name="Dirk", last_name="Smit"
    )
    response = client.post(
        reverse("resident_move_in", kwargs={"slug": "de-kade", "pk": newcomer.pk}),
        {"unit": world.units[4].pk, "on": today.isoformat()},
    )
    assert response.status_code == 302
    after = selectors.community_mix(community=world.community, on=today).overall
    assert after.unsupported == before.unsupported + 1
    body = page(client, world.users["beheerder"], "community_detail", slug="de-kade")
    assert "50,0%" in body  # Anna and Bram supported, Cor and the newcomer not: 2 of 4


def test_move_out_with_reason_through_the_page(client, world):
    client.force_login(world.users["beheerder"])
    cor = world.residents["cor"]
    url = reverse("resident_move_out", kwargs={"slug": "de-kade", "pk": cor.pk})
    response = client.post(url, {"on": "2023-12-01", "reason": "elders"})
    assert response.status_code == 200
    assert "vóór de datum van intrek (01-01-2024)" in response.content.decode()
    response = client.post(url, {"on": "2024-06-01", "reason": "elders"})
    assert response.status_code == 302
    assert TenancyResident.objects.get(resident=cor).end_date == D(2024, 6, 1)


def test_unit_form_validation_in_dutch(client, world):
    client.force_login(world.users["locatie"])
    section = world.units[0].section
    url = reverse("unit_create", kwargs={"slug": "de-kade"})
    response = client.post(
        url,
        {
            "section": section.pk,
            "number": world.units[0].number,
            "rooms": "0",
            "size_m2": "5",
            "price_class": "koop",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "al een eenheid met dit nummer" in body
    assert "minstens 1" in body
    assert "tussen 10 en 500" in body
    count = Unit.objects.count()
    response = client.post(
        url, {"section": section.pk, "number": "B-101", "rooms": "2", "price_class": "koop"}
    )
    assert response.status_code == 302
    assert Unit.objects.count() == count + 1


def test_unit_form_refuses_a_section_of_another_community(client, world):
    from tests.factories import SectionFactory

    foreign_section = SectionFactory(community=world.other_community)
    client.force_login(world.users["locatie"])
    response = client.post(
        reverse("unit_create", kwargs={"slug": "de-kade"}),
        {"section": foreign_section.pk, "number": "Z-1", "rooms": "1", "price_class": "koop"},
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(number="Z-1").exists()


def test_resident_form_validation_in_dutch(client, world):
    client.force_login(world.users["beheerder"])
    url = reverse("resident_create", kwargs={"slug": "de-kade"})
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url, {"first_name": "   ", "last_name": "", "date_of_birth": future, "email": "geen-mail"}
    )
    body = response.content.decode()
    assert "Dit veld is verplicht." in body
    assert "in de toekomst" in body
    assert "Voer een geldig e-mailadres in." in body
    response = client.post(
        url, {"first_name": "Eva", "last_name": "Mulder", "date_of_birth": "31-02-1990"}
    )
    assert "Voer een geldige datum in." in response.content.decode()
    response = client.post(
        url, {"first_name": "Eva", "last_name": "Mulder", "date_of_birth": "12-03-1990"}
    )
    assert response.status_code == 302
    assert Resident.objects.get(last_name="Mulder").date_of_birth == D(1990, 3, 12)


def test_support_start_and_end_by_begeleider(client, world):
    """Cor is nobody's client yet: the begeleider's start waits for the sociaal beheerder."""
    client.force_login(world.users["begeleider"])
    cor = world.residents["cor"]
    url = reverse("support_start", kwargs={"slug": "de-kade", "pk": cor.pk})
    response = client.post(url, {"on": "2024-03-01", "hours_per_week": "-2"})
    assert response.status_code == 200 and not cor.support_requests.exists()
    response = client.post(url, {"on": "2024-03-01", "hours_per_week": "6"})
    assert response.status_code == 302
    assert not cor.support_periods.exists()
    request = cor.support_requests.get()
    client.force_login(world.users["beheerder"])
    response = client.post(
        reverse("support_request_decide", kwargs={"slug": "de-kade", "pk": request.pk}),
        {"decision": "bevestigen"},
    )
    assert response.status_code == 302
    period = cor.support_periods.get()
    assert period.care_organisation == world.care
    client.force_login(world.users["begeleider"])
    response = client.post(
        reverse("support_end", kwargs={"slug": "de-kade", "pk": cor.pk, "period_pk": period.pk}),
        {"on": "2024-09-01"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end_date == D(2024, 9, 1)
    # Cor is now a former client of Horizon: starting again needs nobody's confirmation.
    response = client.post(url, {"on": "2025-01-01", "hours_per_week": "4"})
    assert response.status_code == 302
    assert cor.support_periods.filter(start_date=D(2025, 1, 1)).exists()


# --- issue 9: a begeleider cannot make anyone their client (item 3), no oracle (item 4) ----------


def _start(client, world, resident, on="2025-03-01"):
    url = reverse("support_start", kwargs={"slug": "de-kade", "pk": resident.pk})
    return client.post(url, {"on": on, "hours_per_week": "6"}, follow=True)


def test_a_begeleider_alone_does_not_make_a_resident_their_client(client, world):
    """Attack: post "begeleiding starten" for any resident; from then on that resident's
    signals open to the begeleider and the mix shifts."""
    from audit.models import AuditEvent
    from communities import access
    from tests.factories import SignalFactory

    cor = world.residents["cor"]
    begeleider = world.users["begeleider"]
    signal = SignalFactory(community=world.community, residents=[cor])
    client.force_login(begeleider)
    assert _start(client, world, cor).status_code == 200
    assert not cor.support_periods.exists()
    assert signal not in access.signals_visible_to(begeleider, world.community)
    assert selectors.resident_is_supported(resident=cor, on=D(2025, 3, 2)) is False
    # The sociaal beheerder confirms: now Cor is Horizon's client, with their signals.
    request = cor.support_requests.get()
    client.force_login(world.users["beheerder"])
    page = client.get(reverse("support_requests", kwargs={"slug": "de-kade"}))
    assert "Cor Bakker" in page.content.decode()
    client.post(
        reverse("support_request_decide", kwargs={"slug": "de-kade", "pk": request.pk}),
        {"decision": "bevestigen"},
    )
    assert signal in access.signals_visible_to(begeleider, world.community)
    # The trail says who asked to start support for whom, and who confirmed it.
    trail = AuditEvent.objects.filter(
        object_type="resident", object_id=str(cor.pk), action="change"
    )
    assert set(trail.values_list("username", "detail")) == {
        ("begeleider", "begeleiding aangevraagd"),
        ("beheerder", "begeleiding bevestigd"),
    }


def test_a_care_organisations_coordinator_confirms_only_their_organisations_requests(world):
    from django.contrib.auth.models import Permission

    from communities import access, services
    from tests.factories import MembershipFactory, UserFactory

    cor = world.residents["cor"]
    request = services.support_begin(
        resident=cor,
        care_organisation=world.care,
        on=D(2025, 3, 1),
        hours_per_week=6,
        by=world.users["begeleider"],
    )
    permission = Permission.objects.get(codename="confirm_support_request")
    coordinator = UserFactory(organisation=world.care)
    coordinator.user_permissions.add(permission)
    MembershipFactory(user=coordinator, community=world.community, role="begeleider")
    world.users["begeleider_anker"].user_permissions.add(permission)
    world.users["begeleider"].user_permissions.add(permission)
    assert list(access.support_requests_for(coordinator, world.community)) == [request]
    for user in (world.users["begeleider_anker"], world.users["begeleider"], world.users["coach"]):
        # Another organisation, the requester themselves, a role without the right.
        fresh = type(user).objects.get(pk=user.pk)  # a fresh permission cache
        assert not access.support_requests_for(fresh, world.community).exists()
    services.support_request_confirm(request=request, by=coordinator)
    assert cor.support_periods.get().care_organisation == world.care


def test_start_support_answers_the_same_whatever_the_residents_status(client, world):
    """Attack: the button is missing for supported residents and "wordt al begeleid" comes
    back for any date: a begeleider learns who another organisation supports. Bram is
    supported by Stichting Anker, Cor by nobody: Horizon's begeleider cannot tell them apart."""
    client.force_login(world.users["begeleider"])
    answers = []
    for resident in (world.residents["bram"], world.residents["cor"]):
        detail = client.get(
            reverse("resident_detail", kwargs={"slug": "de-kade", "pk": resident.pk})
        )
        assert "Begeleiding starten" in detail.content.decode()
        response = _start(client, world, resident, on="2024-06-01")
        messages = [str(m) for m in response.context["messages"]]
        answers.append((response.status_code, [m.replace(str(resident), "X") for m in messages]))
    assert answers[0] == answers[1]
    assert "al begeleid" not in str(answers)


def test_dates_shown_as_dd_mm_yyyy(client, world):
    body = page(client, world.users["beheerder"], "resident_list", slug="de-kade")
    assert "01-01-2024" in body


def test_pages_have_language_and_skip_link(client, world):
    body = page(client, world.users["coach"], "home")
    assert '<html lang="nl">' in body
    assert 'href="#inhoud"' in body
