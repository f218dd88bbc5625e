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
    client.force_login(world.users["begeleider"])
    cor = world.residents["cor"]
    response = client.post(
        reverse("support_start", kwargs={"slug": "de-kade", "pk": cor.pk}),
        {"on": "2024-03-01", "hours_per_week": "-2"},
    )
    assert response.status_code == 200 and not cor.support_periods.exists()
    response = client.post(
        reverse("support_start", kwargs={"slug": "de-kade", "pk": cor.pk}),
        {"on": "2024-03-01", "hours_per_week": "6"},
    )
    assert response.status_code == 302
    period = cor.support_periods.get()
    assert period.care_organisation == world.care
    response = client.post(
        reverse("support_end", kwargs={"slug": "de-kade", "pk": cor.pk, "period_pk": period.pk}),
        {"on": "2024-09-01"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end_date == D(2024, 9, 1)


def test_dates_shown_as_dd_mm_yyyy(client, world):
    body = page(client, world.users["beheerder"], "resident_list", slug="de-kade")
    assert "01-01-2024" in body


def test_pages_have_language_and_skip_link(client, world):
    body = page(client, world.users["coach"], "home")
    assert '<html lang="nl">' in body
    assert 'href="#inhoud"' in body
