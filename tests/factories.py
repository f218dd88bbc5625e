"""factory_boy factories for every model of the core domain."""

import datetime
from decimal import Decimal

import factory

from audit.actors import system_actor
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

# The actor of service calls made by a test itself (services require one for the audit trail).
TEST_ACTOR = system_actor("tests")


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


# --- IMO (app `imo`) --------------------------------------------------------------------------

from imo.constants import (  # noqa: E402
    AdviceKind,
    AttendeeGroup,
    CandidateSource,
    DecisionKind,
    VacancySource,
)
from imo.models import (  # noqa: E402
    Advice,
    AgendaNote,
    AllocationDecision,
    Attendee,
    Candidate,
    FollowUpAction,
    Handover,
    IntakeMeeting,
    MeetingSchedule,
    Participation,
    Vacancy,
)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    unit = factory.SubFactory(UnitFactory)
    community = factory.SelfAttribute("unit.community")
    available_from = datetime.date(2025, 3, 1)
    source = VacancySource.ANNOUNCED


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    community = factory.SubFactory(CommunityFactory)
    vacancy = None
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"kandidaat{n}@example.org")
    source = CandidateSource.WAITING_LIST
    registered_on = datetime.date(2025, 1, 6)
    supported = False
    motivation = "Ik wil graag bijdragen aan een buurt waar mensen naar elkaar omkijken."
    willingness = "hoog"


class SupportedCandidateFactory(CandidateFactory):
    source = CandidateSource.CARE_ORGANISATION
    supported = True
    proposed_by = factory.SubFactory(CareOrganisationFactory)
    care_organisation = factory.SelfAttribute("proposed_by")
    support_hours_per_week = Decimal("6")
    problem_severity = "matig"
    accepts_support = "hoog"
    fallback_place = "Beschermd wonen bij de eigen zorgaanbieder."
    care_and_housing_agreement = True
    consent_given_on = datetime.date(2025, 1, 6)
    consent_scope = "Delen van zorginformatie met de professionals van het IMO."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    candidate = factory.SubFactory(CandidateFactory)
    title = "Informatieavond"
    held_on = datetime.date(2025, 2, 1)
    invited_on = datetime.date(2025, 1, 15)
    attended = True


class MeetingScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSchedule
        django_get_or_create = ("community",)

    community = factory.SubFactory(CommunityFactory)
    nth_weekday = 1
    weekday = 1  # Tuesday
    starts_at = datetime.time(14, 0)
    place = "Ontmoetingsruimte"


class IntakeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeMeeting

    community = factory.SubFactory(CommunityFactory)
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2025, 3, 4, 14, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(days=28 * n)
        )
    )
    place = "Ontmoetingsruimte"
    chair = None


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    meeting = factory.SubFactory(IntakeMeetingFactory)
    user = factory.SubFactory(UserFactory)
    group = AttendeeGroup.COMMUNITY_TEAM


class AgendaNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaNote

    meeting = factory.SubFactory(IntakeMeetingFactory)
    point = 1
    text = "Besproken."


class AdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advice

    meeting = factory.SubFactory(IntakeMeetingFactory)
    candidate = factory.SubFactory(
        CandidateFactory, community=factory.SelfAttribute("..meeting.community")
    )
    kind = AdviceKind.POSITIVE
    conditions = ""
    rationale = "Past bij de locatie."


class AllocationDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationDecision

    candidate = factory.SubFactory(CandidateFactory)
    vacancy = factory.SelfAttribute("candidate.vacancy")
    kind = DecisionKind.ALLOCATED
    reason = ""
    decided_on = datetime.date(2025, 3, 10)
    decided_by = None
    follows_advice = True


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    candidate = factory.SubFactory(CandidateFactory)
    handed_over_on = datetime.date(2025, 3, 15)
    welcome_contact = None
    note = "Kennismaking met de buren afgesproken."


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    candidate = factory.SubFactory(CandidateFactory)
    description = "Check-in na twee weken"
    is_check_in = True
    owner = factory.SubFactory(UserFactory)
    due_on = datetime.date(2025, 4, 1)


# --- Hours and safety (communities) -------------------------------------------------------------

from communities.constants import ContactCardTopic, TimeKind  # noqa: E402
from communities.models import ContactCardEntry, FireDrill, TimeEntry  # noqa: E402


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    kind = TimeKind.COACH
    week_start = datetime.date(2025, 3, 3)  # a Monday
    hours = Decimal("8")
    note = ""


class FireDrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FireDrill

    community = factory.SubFactory(CommunityFactory)
    held_on = datetime.date(2025, 3, 15)
    note = "Iedereen was binnen vier minuten op de verzamelplaats."


class ContactCardEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactCardEntry

    community = factory.SubFactory(CommunityFactory)
    topic = ContactCardTopic.REPAIRS
    name = "Reparatieverzoeken De Linde"
    phone = "0900-000 00 01"
    hours = "ma–vr 8–17 uur"
    order = 20


# --- Activities and participation ------------------------------------------------------------

from django.utils import timezone as _timezone  # noqa: E402

from communities.constants import OrganisedBy  # noqa: E402
from communities.models import Activity, ActivityKind, OtherContribution  # noqa: E402


class ActivityKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityKind
        django_get_or_create = ("community", "name")

    community = factory.SubFactory(CommunityFactory)
    name = "Koffiemoment"
    order = 10


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity written straight to the database (no service checks): for figures tests.
    Pass `participants=[...]` / `organisers=[...]`."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    kind = factory.SubFactory(ActivityKindFactory, community=factory.SelfAttribute("..community"))
    starts_at = factory.LazyFunction(
        lambda: _timezone.make_aware(datetime.datetime(2025, 3, 5, 10, 0))
    )
    organised_by = OrganisedBy.PROFESSIONALS

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisers.set(extracted)


class OtherContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherContribution

    resident = factory.SubFactory(ResidentFactory)
    noted_on = datetime.date(2025, 3, 5)
    description = "Helpt de buurvrouw met boodschappen"


# --- Outreach, talents, assets and signals ---------------------------------------------------

from communities.constants import (  # noqa: E402
    AssetKind,
    ContactKind,
    SignalKind,
    SignalSeverity,
    TalentKind,
)
from communities.models import (  # noqa: E402
    Asset,
    Contact,
    Signal,
    SignalLadderStep,
    SignalStep,
    Talent,
    TalentTag,
)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    resident = factory.SubFactory(ResidentFactory)
    contacted_on = datetime.date(2025, 3, 5)
    kind = ContactKind.AT_THE_DOOR
    note = ""


class TalentTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentTag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"talent {n}")
    shared = False


class TalentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talent

    resident = factory.SubFactory(ResidentFactory)
    kind = TalentKind.OFFER
    tag = factory.SubFactory(TalentTagFactory)


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    kind = AssetKind.COMMUNITY_CENTRE


class SignalLadderStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalLadderStep

    community = factory.SubFactory(CommunityFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Trede {n + 1}")


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal written straight to the database (no service checks). Pass `residents=[...]`."""

    class Meta:
        model = Signal
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    kind = SignalKind.NUISANCE
    severity = SignalSeverity.MEDIUM
    reported_on = datetime.date(2025, 3, 5)
    reported_by = "Buurvrouw"
    description = "Geluidsoverlast in de avond."

    @factory.post_generation
    def residents(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.residents.set(extracted)


class SignalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalStep

    signal = factory.SubFactory(SignalFactory)
    taken_on = factory.SelfAttribute("signal.reported_on")
    description = "Gesprek gevoerd."
