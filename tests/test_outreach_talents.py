"""Talents, needs and assets (ABCD): tags normalised, the search "who can help with X" / "who
asks for X" within the community and among current residents only, and the pages per role."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.constants import AssetKind, MoveOutReason, TalentKind
from communities.models import Asset, Talent, TalentTag
from communities.outreach import services as outreach
from tests.factories import (
    TEST_ACTOR,
    AssetFactory,
    ResidentFactory,
    TalentFactory,
    TalentTagFactory,
)

D = datetime.date
OFFER, REQUEST = TalentKind.OFFER, TalentKind.REQUEST


def add(world, resident, kind, name, note=""):
    return outreach.talent_add(
        community=world.community,
        resident=resident,
        kind=kind,
        tag_name=name,
        note=note,
        by=TEST_ACTOR,
    )


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("Koken", "koken"), ("  Computer   Hulp ", "computer hulp"), ("TAAL\tmaatje", "taal maatje")],
)
def test_tag_normalise(raw, normalised):
    assert outreach.tag_normalise(raw) == normalised


def test_tags_are_shared_between_spellings(world):
    TalentTagFactory(name="koken", shared=True)
    anna, bram = world.residents["anna"], world.residents["bram"]
    first = add(world, anna, OFFER, "Koken")
    second = add(world, bram, REQUEST, "  KOKEN ")
    assert first.tag == second.tag
    assert TalentTag.objects.count() == 1


def test_a_free_tag_is_created_once_and_not_shared(world):
    add(world, world.residents["anna"], OFFER, "Fietsen  repareren")
    tag = TalentTag.objects.get()
    assert (tag.name, tag.shared) == ("fietsen repareren", False)


def test_shared_tags_ensure_marks_existing_tags_shared(db):
    TalentTagFactory(name="koken", shared=False)
    outreach.shared_tags_ensure(names=["Koken", "klussen"])
    assert set(TalentTag.objects.filter(shared=True).values_list("name", flat=True)) == {
        "koken",
        "klussen",
    }


def test_talent_add_refuses_bad_input(world):
    anna = world.residents["anna"]
    add(world, anna, OFFER, "koken")
    with pytest.raises(ValidationError, match="staat hier al"):
        add(world, anna, OFFER, "Koken ")
    add(world, anna, REQUEST, "koken")  # asking is something else than offering
    with pytest.raises(ValidationError):
        add(world, anna, OFFER, "   ")
    with pytest.raises(ValidationError):
        add(world, anna, "ruil", "koken")
    with pytest.raises(ValidationError):
        add(world, anna, OFFER, "x" * 81)
    with pytest.raises(ValidationError, match="hoort niet bij deze locatie"):
        add(world, world.foreign_resident, OFFER, "koken")
    assert Talent.objects.count() == 2


@pytest.fixture
def talents(world):
    anna, bram, cor = (world.residents[n] for n in ("anna", "bram", "cor"))
    add(world, anna, OFFER, "Koken", note="Surinaams")
    add(world, anna, OFFER, "computerhulp")
    add(world, bram, OFFER, "Kookles geven")
    add(world, bram, REQUEST, "computerhulp")
    add(world, cor, REQUEST, "Boodschappen")
    # Dirk could cook but has moved out; Xander lives in another community.
    dirk = ResidentFactory(community=world.community, first_name="Dirk", last_name="Dekker")
    services.resident_move_in(resident=dirk, unit=world.units[3], on=D(2024, 1, 1))
    add(world, dirk, OFFER, "koken")
    services.resident_move_out(resident=dirk, on=D(2025, 1, 1), reason=MoveOutReason.ELSEWHERE)
    TalentFactory(resident=world.foreign_resident, tag=TalentTagFactory(name="koken"))
    return world


def search(world, query, kind):
    return outreach.talent_search(
        community=world.community, query=query, kind=kind, on=D(2025, 6, 30)
    )


def test_who_can_help_with_substring_case_insensitive(talents):
    matches = search(talents, "KOK", OFFER)
    # "kok" is in "koken" (Anna), not in "kookles geven" (Bram).
    assert [(m.resident.first_name, [t.tag.name for t in m.talents]) for m in matches] == [
        ("Anna", ["koken"])
    ]
    matches = search(talents, "koo", OFFER)
    assert [m.resident.first_name for m in matches] == ["Bram"]
    assert matches[0].unit == talents.units[1]


def test_who_asks_for(talents):
    assert [m.resident.first_name for m in search(talents, "computer", REQUEST)] == ["Bram"]
    assert [m.resident.first_name for m in search(talents, "computer", OFFER)] == ["Anna"]
    assert [m.resident.first_name for m in search(talents, " boodschappen ", REQUEST)] == ["Cor"]


def test_search_excludes_moved_out_residents_and_other_communities(talents):
    names = [m.resident.first_name for m in search(talents, "koken", OFFER)]
    assert names == ["Anna"]


def test_empty_search_finds_nobody(talents):
    assert search(talents, "   ", OFFER) == []
    assert search(talents, "koken", "ruil") == []


def test_talent_search_page(client, talents):
    client.force_login(talents.users["welzijn"])
    response = client.get(
        reverse("talent_search", args=["de-kade"]), {"q": "koken", "soort": "aanbod"}
    )
    body = response.content.decode()
    assert "Jansen" in body and "Surinaams" in body
    assert "Dekker" not in body and "Vos" not in body


def test_talent_pages_add_and_delete(client, world):
    anna = world.residents["anna"]
    client.force_login(world.users["coach"])
    url = reverse("talent_create", args=["de-kade", anna.pk])
    response = client.post(url, {"kind": OFFER, "tag": " Tuinieren ", "note": ""})
    assert response.status_code == 302
    talent = Talent.objects.get()
    assert talent.tag.name == "tuinieren"
    again = client.post(url, {"kind": OFFER, "tag": "TUINIEREN"})
    assert "staat hier al" in again.content.decode()
    delete = reverse("talent_delete", args=["de-kade", anna.pk, talent.pk])
    assert client.post(delete).status_code == 302
    assert not Talent.objects.exists()


def test_talent_of_another_resident_cannot_be_deleted_through_this_one(client, world):
    talent = TalentFactory(resident=world.residents["bram"])
    client.force_login(world.users["coach"])
    url = reverse("talent_delete", args=["de-kade", world.residents["anna"].pk, talent.pk])
    assert client.post(url).status_code == 404
    assert Talent.objects.filter(pk=talent.pk).exists()


# --- assets --------------------------------------------------------------------------------------


def test_asset_save_and_refusals(world):
    asset = outreach.asset_save(
        community=world.community, name="  Buurthuis  De Brug ", kind=AssetKind.COMMUNITY_CENTRE
    )
    assert asset.name == "Buurthuis De Brug"
    with pytest.raises(ValidationError):
        outreach.asset_save(community=world.community, name=" ", kind=AssetKind.SHOP)
    with pytest.raises(ValidationError):
        outreach.asset_save(community=world.community, name="Winkel", kind="kerk")
    with pytest.raises(ValidationError):
        outreach.asset_save(
            community=world.other_community, name="X", kind=AssetKind.SHOP, asset=asset
        )


def test_assets_visible_to_every_member_managed_by_configurers(client, world):
    AssetFactory(community=world.community, name="Supermarkt Rivierplein")
    AssetFactory(community=world.other_community, name="Elders")
    client.force_login(world.users["gemeente"])
    body = client.get(reverse("asset_list", args=["de-kade"])).content.decode()
    assert "Supermarkt Rivierplein" in body and "Elders" not in body
    assert reverse("asset_create", args=["de-kade"]) not in body
    client.force_login(world.users["beheerder"])
    response = client.post(
        reverse("asset_create", args=["de-kade"]),
        {"name": "Wijkpark", "kind": AssetKind.GREEN, "address": "", "note": "Wandelroute"},
    )
    assert response.status_code == 302
    assert Asset.objects.filter(community=world.community, name="Wijkpark").exists()


def test_asset_of_another_community_is_404(client, world):
    other = AssetFactory(community=world.other_community)
    client.force_login(world.users["coach"])
    assert client.get(reverse("asset_update", args=["de-kade", other.pk])).status_code == 404
    assert client.post(reverse("asset_delete", args=["de-kade", other.pk])).status_code == 404
    assert Asset.objects.filter(pk=other.pk).exists()


def test_timezone_today_is_used_for_the_search_page(client, world):
    # A resident moving in tomorrow is not "current" yet.
    newcomer = ResidentFactory(community=world.community, first_name="Nina", last_name="Nieuw")
    services.resident_move_in(
        resident=newcomer,
        unit=world.units[5],
        on=timezone.localdate() + datetime.timedelta(days=1),
    )
    add(world, newcomer, OFFER, "koken")
    client.force_login(world.users["coach"])
    body = client.get(
        reverse("talent_search", args=["de-kade"]), {"q": "koken", "soort": "aanbod"}
    ).content.decode()
    assert "Nieuw" not in body
