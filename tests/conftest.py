import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, Permission

from communities import services
from communities.constants import OrganisationKind, Role
from tests.factories import (
    CareOrganisationFactory,
    CommunityFactory,
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    SectionFactory,
    UnitFactory,
    UserFactory,
)

D = datetime.date


@pytest.fixture(autouse=True)
def _dutch(settings):
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache (process memory in tests): every test starts at 0."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    """One community with a user for every role, plus users who must see nothing of it:
    a coach of another community and a begeleider of another care organisation."""

    community: object
    other_community: object
    users: dict = field(default_factory=dict)
    residents: dict = field(default_factory=dict)
    units: list = field(default_factory=list)
    care: object = None
    other_care: object = None
    own_period: object = None
    foreign_resident: object = None


ROLE_USERNAMES = {
    Role.COMMUNITYCOACH: "coach",
    Role.SOCIAAL_BEHEERDER: "beheerder",
    Role.LOCATIEBEHEERDER: "locatie",
    Role.BEGELEIDER: "begeleider",
    Role.BEWONERSAFVAARDIGING: "bewoner",
    Role.WELZIJN: "welzijn",
    Role.GEMEENTE: "gemeente",
    Role.STUURGROEP: "stuurgroep",
}


def privacy_officer(username="privacyfunctionaris"):
    """A user in the group "Privacyfunctionaris". The group comes from a data migration; tests
    that flush the database (live server) lose it, so it is made again here when missing."""
    group, _ = Group.objects.get_or_create(name="Privacyfunctionaris")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="privacy", codename="handle_subject_requests"
        )
    )
    user = UserFactory(username=username)
    user.groups.add(group)
    return user


@pytest.fixture
def world(db):
    community = CommunityFactory(name="De Kade", slug="de-kade")
    other = CommunityFactory(name="Het Anker", slug="het-anker")
    care = CareOrganisationFactory(name="Zorggroep Horizon")
    other_care = CareOrganisationFactory(name="Stichting Anker")
    corporation = community.corporation
    world = World(community=community, other_community=other, care=care, other_care=other_care)
    organisation_for = {
        Role.BEGELEIDER: care,
        Role.SOCIAAL_BEHEERDER: corporation,
        Role.LOCATIEBEHEERDER: corporation,
        Role.GEMEENTE: community.municipality,
    }
    for role, username in ROLE_USERNAMES.items():
        user = UserFactory(
            username=username,
            first_name=username.title(),
            last_name="Medewerker",
            organisation=organisation_for.get(role)
            or OrganisationFactory(name=f"Org {username}", kind=OrganisationKind.OVERIG),
        )
        MembershipFactory(user=user, community=community, role=role)
        world.users[username] = user
    outsider = UserFactory(username="buitenstaander", first_name="Buiten", last_name="Staander")
    MembershipFactory(user=outsider, community=other, role=Role.SOCIAAL_BEHEERDER)
    world.users["buitenstaander"] = outsider
    other_begeleider = UserFactory(
        username="begeleider_anker", first_name="Bea", last_name="Anker", organisation=other_care
    )
    MembershipFactory(user=other_begeleider, community=community, role=Role.BEGELEIDER)
    world.users["begeleider_anker"] = other_begeleider
    # Accounts without a community: a staff account without permissions, and the privacy
    # officer (the group's permission). Only rows that name them test them (access_rows.base).
    # Fixed names: a random one could equal a resident's, which the refusal check looks for.
    world.users["staf"] = UserFactory(
        username="staf", first_name="Sam", last_name="Staf", is_staff=True
    )
    officer = privacy_officer()
    officer.first_name, officer.last_name = "Pim", "Privacy"
    officer.save(update_fields=["first_name", "last_name"])
    world.users["privacyfunctionaris"] = officer

    section_a = SectionFactory(community=community, name="Vleugel A")
    section_b = SectionFactory(community=community, name="Vleugel B")
    world.units = [UnitFactory(section=section_a if i < 3 else section_b) for i in range(6)]
    names = [("Anna", "Jansen"), ("Bram", "de Vries"), ("Cor", "Bakker")]
    for index, (first, last) in enumerate(names):
        resident = ResidentFactory(community=community, first_name=first, last_name=last)
        services.resident_move_in(resident=resident, unit=world.units[index], on=D(2024, 1, 1))
        world.residents[first.lower()] = resident
    world.own_period = services.support_start(
        resident=world.residents["anna"], care_organisation=care, on=D(2024, 1, 1), hours_per_week=7
    )
    services.support_start(
        resident=world.residents["bram"],
        care_organisation=other_care,
        on=D(2024, 1, 1),
        hours_per_week=5,
    )
    world.foreign_resident = ResidentFactory(community=other, first_name="Xander", last_name="Vos")
    return world
