"""factory_boy factories for every model of the core domain."""

import datetime
from decimal import Decimal

import factory

from communities.constants import OrganisationKind, PriceClass, Role
from communities.models import (
    Community,
    Membership,
    Organisation,
    PilotLightDecision,
    Resident,
    Section,
    SupportPeriod,
    Tenancy,
    TenancyResident,
    Unit,
    User,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.OVERIG


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = OrganisationKind.GEMEENTE


class CorporationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    kind = OrganisationKind.CORPORATIE


class CareOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Zorggroep {n}")
    kind = OrganisationKind.ZORGAANBIEDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "test-wachtwoord-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"De Buren {n}")
    slug = factory.Sequence(lambda n: f"de-buren-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    corporation = factory.SubFactory(CorporationFactory)
    start_date = datetime.date(2022, 1, 1)
    residents_moved_in_on = datetime.date(2023, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    role = Role.COMMUNITYCOACH


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Vleugel {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    section = factory.SubFactory(SectionFactory)
    community = factory.SelfAttribute("section.community")
    number = factory.Sequence(lambda n: f"{n + 1:03d}")
    rooms = 2
    size_m2 = 45
    price_class = PriceClass.SOCIALE_HUUR


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    community = factory.SubFactory(CommunityFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")


class SupportPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPeriod

    resident = factory.SubFactory(ResidentFactory)
    care_organisation = factory.SubFactory(CareOrganisationFactory)
    start_date = datetime.date(2023, 1, 1)
    end_date = None
    hours_per_week = Decimal("6")


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    unit = factory.SubFactory(UnitFactory)
    start_date = datetime.date(2023, 1, 1)
    end_date = None


class TenancyResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenancyResident

    tenancy = factory.SubFactory(TenancyFactory)
    resident = factory.SubFactory(
        ResidentFactory, community=factory.SelfAttribute("..tenancy.unit.community")
    )
    start_date = factory.SelfAttribute("tenancy.start_date")
    end_date = factory.SelfAttribute("tenancy.end_date")


class PilotLightDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotLightDecision

    community = factory.SubFactory(CommunityFactory)
    decided_on = datetime.date(2027, 1, 1)
    active = True
    reason = "Het gaat goed; de bewoners dragen de activiteiten."
