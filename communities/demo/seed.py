"""Demo data: three communities in the fictional municipality of Rivierstad, with residents,
tenancies, support periods and one demo user per role.

The data is made to be shown: one community is off its target mix, the others are on course, one
section of an on-course community needs attention, units fall vacant and are let again, and a few
residents stay after their support ends.

Two properties matter more than realism:

- Deterministic. Every community draws from its own `random.Random`, seeded with a fixed string,
  and every date is an offset in days from `today`. The same relative picture (and so the same
  mix status) comes out whatever day the command runs on; the tests pin that picture down.
- Idempotent. A community whose slug exists already is left alone; organisations, users and
  memberships are looked up by their natural keys and only written when they differ from what
  the demo needs. A second run changes no row.

Moves and support go through `communities.services`, in date order, so the demo data obeys the
same rules (no overlapping stays or support, tenancies that end with their last occupant) as
data entered by hand.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from communities import services
from communities.constants import MoveOutReason, OrganisationKind, PriceClass, Role
from communities.demo.constants import (  # noqa: F401 (named here for the callers)
    ANKER_ASSOCIATION,
    CARE_ANKER,
    CARE_HORIZON,
    COACHING,
    CORPORATION,
    MUNICIPALITY,
    WELFARE,
)
from communities.demo.work import seed_community_work
from communities.models import (
    Community,
    Membership,
    Organisation,
    Resident,
    Section,
    SupportPeriod,
    Tenancy,
    TenancyResident,
    Unit,
    User,
)
from communities.selectors import community_mix, occupancy

SEED = "gemengd-wonen-demo"
EMAIL_DOMAIN = "demo.gemengdwonen.nl"


FIRST_NAMES = [
    # Half women, half men; the mix of backgrounds of a Dutch city's social housing.
    "Anna", "Emma", "Sophie", "Julia", "Lisa", "Fleur", "Sanne", "Lotte", "Eva", "Femke",
    "Anouk", "Marieke", "Ingrid", "Petra", "Monique", "Annemiek", "Wilma", "Truus", "Ria", "Els",
    "Fatima", "Samira", "Naima", "Ayşe", "Zeynep", "Priya", "Esther", "Iris", "Noor", "Mirjam",
    "Jan", "Piet", "Kees", "Henk", "Gerrit", "Willem", "Johan", "Ruud", "Bas", "Tim",
    "Daan", "Sem", "Lucas", "Thijs", "Jeroen", "Mark", "Sander", "Dennis", "Erik", "Frank",
    "Mohamed", "Youssef", "Ahmed", "Mehmet", "Emre", "Kofi", "Dirk", "Bram", "Joost", "Stefan",
]  # fmt: skip

LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
    "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
    "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "Kuipers", "El Amrani", "Yilmaz",
    "Kaya", "Bouzid", "Boateng", "Pinas", "Ramdin", "Nguyen", "Öztürk", "Haddou",
]  # fmt: skip


@dataclass(frozen=True)
class SectionPlan:
    name: str
    prefix: str  # first character of the unit numbers, e.g. "A" -> A101
    units: int
    # The share of begeleide residents the demo steers towards in this section.
    supported_share: float


@dataclass(frozen=True)
class CommunityPlan:
    slug: str
    name: str
    address: str
    residents_moved_in_days_ago: int
    development_days: int  # start_date lies this long before residents_moved_in_on
    woonvereniging: str
    sections: tuple[SectionPlan, ...]
    # Chance that a niet-begeleid household is a couple; begeleide residents come alone.
    couple_chance: float
    vacant_today: int
    # Evictions are rare; the demo places them by hand rather than leaving them to chance.
    evictions: int = 0


PLANS = (
    CommunityPlan(
        slug="de-kade",
        name="De Kade",
        address="Havenkade 12, Rivierstad",
        residents_moved_in_days_ago=1645,  # about 4.5 years: "na jaar 3"
        development_days=540,
        woonvereniging="Woonvereniging De Kade",
        sections=(
            SectionPlan("Vleugel A", "A", 24, 0.33),
            SectionPlan("Vleugel B", "B", 24, 0.35),
        ),
        couple_chance=0.15,
        vacant_today=2,
    ),
    CommunityPlan(
        slug="het-anker",
        name="Het Anker",
        address="Ankerplein 3, Rivierstad",
        residents_moved_in_days_ago=608,  # about 20 months: year 2
        development_days=450,
        woonvereniging=ANKER_ASSOCIATION,
        # Deliberately off target: about half of the residents are begeleid ("actie nodig").
        sections=(
            SectionPlan("Galerij Noord", "N", 24, 0.47),
            SectionPlan("Vleugel A", "A", 24, 0.49),
            SectionPlan("Vleugel B", "B", 24, 0.50),
        ),
        couple_chance=0.15,
        vacant_today=3,
        evictions=1,
    ),
    CommunityPlan(
        slug="de-boomgaard",
        name="De Boomgaard",
        address="Boomgaardlaan 40, Rivierstad",
        residents_moved_in_days_ago=213,  # about 7 months: year 1
        development_days=700,
        woonvereniging="Woonvereniging De Boomgaard",
        # On course overall, but Galerij Noord leans towards begeleid (off course on its own).
        sections=(
            SectionPlan("Galerij Noord", "N", 36, 0.42),
            SectionPlan("Galerij Zuid", "Z", 36, 0.32),
            SectionPlan("Vleugel Oost", "O", 34, 0.32),
            SectionPlan("Vleugel West", "W", 34, 0.32),
        ),
        # Fewer couples: the model's ceiling is about 150 residents per location.
        couple_chance=0.10,
        vacant_today=4,
    ),
)
DEMO_SLUGS = tuple(plan.slug for plan in PLANS)

ALL = DEMO_SLUGS


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: str | None
    communities: tuple[str, ...]
    staff: bool = False


DEMO_USERS = (
    DemoUser("coach", "Sanne", "de Wit", COACHING, Role.COMMUNITYCOACH, ALL),
    DemoUser("beheerder", "Mark", "Verbeek", CORPORATION, Role.SOCIAAL_BEHEERDER, ALL),
    DemoUser("locatie", "Ruud", "Kramer", CORPORATION, Role.LOCATIEBEHEERDER, ALL),
    DemoUser(
        "begeleider", "Esther", "Dijkstra", CARE_HORIZON, Role.BEGELEIDER, ("de-kade", "het-anker")
    ),
    DemoUser(
        "bewoner",
        "Henk",
        "Jansen",
        ANKER_ASSOCIATION,
        Role.BEWONERSAFVAARDIGING,
        ("het-anker",),
    ),
    DemoUser("welzijn", "Lotte", "Smit", WELFARE, Role.WELZIJN, ALL),
    DemoUser("gemeente", "Karin", "Mulder", MUNICIPALITY, Role.GEMEENTE, ALL),
    # A director of the corporation: stuurgroep members come from the partners' boards.
    DemoUser("stuurgroep", "Peter", "van Leeuwen", CORPORATION, Role.STUURGROEP, ALL),
    # The functioneel beheerder works in the Django admin, not in a community. Not a care
    # organisation, so the admin user sees no care details in the product.
    DemoUser("admin", "Functioneel", "Beheerder", CORPORATION, None, (), staff=True),
)

# Why residents leave, as (reason, weight). Doorstroom (moving within the location) is not drawn
# here: it happens when a vacant unit is let to a household that already lives there.
LEAVE_REASONS = (
    (MoveOutReason.ELSEWHERE, 60),
    (MoveOutReason.CARE_SETTING, 12),
    (MoveOutReason.DECEASED, 7),
    (MoveOutReason.OTHER, 4),
)
TURNOVER_PER_YEAR = 0.11  # share of households leaving per year, doorstroom not included
DOORSTROOM_CHANCE = 0.2  # share of re-lets that go to a household already living there
OPENING_SPREAD_DAYS = 42  # the first residents move in over six weeks
RELET_DAYS = (14, 56)  # a vacated unit is let again after two to eight weeks
SUPPORT_HOURS = ("4", "4.5", "5", "5.5", "6", "6", "7", "8")


def seed_demo(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo communities (those not there yet) and make sure every demo user, with
    their memberships and DEMO_PASSWORD, exists. Returns counts of the demo data."""
    today = today or timezone.localdate()
    with transaction.atomic():
        organisations = _ensure_organisations()
        communities = {}
        created = 0
        new_communities = []
        for plan in PLANS:
            community = Community.objects.filter(slug=plan.slug).first()
            if community is None:
                community = _create_community(plan, organisations, today)
                created += 1
                new_communities.append(community)
            communities[plan.slug] = community
        _ensure_users(organisations, communities)
        # Community work needs the demo users (who logged it), so it comes after them.
        for community in new_communities:
            seed_community_work(
                community=community,
                today=today,
                rng=random.Random(f"{SEED}-work-{community.slug}"),
            )
    return _counts(communities, today, created)


def demo_overview(*, today: datetime.date | None = None) -> list[dict]:
    """One row per demo community: size, occupancy and mix today, for the command's summary."""
    today = today or timezone.localdate()
    rows = []
    for community in Community.objects.filter(slug__in=DEMO_SLUGS).order_by("name"):
        mix = community_mix(community=community, on=today).overall
        occupied = occupancy(community=community, on=today)
        rows.append(
            {
                "slug": community.slug,
                "units": occupied.units,
                "vacant": occupied.vacant,
                "residents": occupied.residents,
                "supported": mix.supported,
                "share_percent": mix.share_percent,
                "status": mix.status,
            }
        )
    return rows


# Organisations and users ------------------------------------------------------------------------


def _ensure_organisations() -> dict[str, Organisation]:
    kinds = {
        MUNICIPALITY: OrganisationKind.GEMEENTE,
        CORPORATION: OrganisationKind.CORPORATIE,
        CARE_HORIZON: OrganisationKind.ZORGAANBIEDER,
        CARE_ANKER: OrganisationKind.ZORGAANBIEDER,
        WELFARE: OrganisationKind.WELZIJN,
        COACHING: OrganisationKind.OVERIG,
    }
    kinds.update({plan.woonvereniging: OrganisationKind.WOONVERENIGING for plan in PLANS})
    # An organisation that exists already keeps its kind: the demo must not rewrite real data.
    return {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in kinds.items()
    }


class _DemoPassword:
    """DEMO_PASSWORD, hashed once and checked once per distinct stored hash.

    A production-strength hasher takes about half a second per hash or check; nine users would
    make the seed (and every idempotent re-run) slow. The demo accounts share one password by
    design, so they may share one hash too."""

    def __init__(self):
        self.verified: set[str] = set()
        self.encoded: str | None = None

    def hash(self) -> str:
        if self.encoded is None:
            self.encoded = make_password(settings.DEMO_PASSWORD)
            self.verified.add(self.encoded)
        return self.encoded

    def matches(self, encoded: str) -> bool:
        if encoded not in self.verified and check_password(settings.DEMO_PASSWORD, encoded):
            self.verified.add(encoded)
        return encoded in self.verified


def _ensure_users(organisations: dict[str, Organisation], communities: dict[str, Community]):
    password = _DemoPassword()
    for spec in DEMO_USERS:
        wanted = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@{EMAIL_DOMAIN}",
            "organisation": organisations[spec.organisation],
            "is_active": True,
        }
        if spec.staff:
            wanted.update(is_staff=True, is_superuser=True)
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, password=password.hash(), **wanted)
            user.save()
        else:
            # Write only what differs, so a second run leaves the row untouched; a hash that
            # already matches DEMO_PASSWORD is kept as it is.
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if not password.matches(user.password):
                user.password = password.hash()
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        for slug in spec.communities:
            membership = Membership.objects.filter(user=user, community=communities[slug]).first()
            if membership is None:
                Membership.objects.create(user=user, community=communities[slug], role=spec.role)
            elif membership.role != spec.role:
                membership.role = spec.role
                membership.save(update_fields=["role"])


# Communities ------------------------------------------------------------------------------------


def _create_community(
    plan: CommunityPlan, organisations: dict[str, Organisation], today: datetime.date
) -> Community:
    # One generator per community, seeded by its slug: its data does not depend on whether the
    # other demo communities exist, nor on the day the command runs.
    rng = random.Random(f"{SEED}:{plan.slug}")
    moved_in_on = today - datetime.timedelta(days=plan.residents_moved_in_days_ago)
    community = Community.objects.create(
        name=plan.name,
        slug=plan.slug,
        address=plan.address,
        municipality=organisations[MUNICIPALITY],
        corporation=organisations[CORPORATION],
        start_date=moved_in_on - datetime.timedelta(days=plan.development_days),
        residents_moved_in_on=moved_in_on,
    )
    community.partners.add(
        organisations[CARE_HORIZON],
        organisations[CARE_ANKER],
        organisations[WELFARE],
        organisations[COACHING],
        organisations[plan.woonvereniging],
    )
    units = []
    for section_plan in plan.sections:
        section = Section.objects.create(community=community, name=section_plan.name)
        units += [
            Unit(community=community, section=section, **_unit_fields(section_plan, i, rng))
            for i in range(section_plan.units)
        ]
    units = Unit.objects.bulk_create(units)
    _Simulation(community, plan, units, organisations, today, rng).run()
    return community


def _unit_fields(section_plan: SectionPlan, index: int, rng: random.Random) -> dict:
    floor, position = divmod(index, 8)
    rooms = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
    size = {1: (30, 42), 2: (43, 60), 3: (61, 80)}[rooms]
    price_class = rng.choices(
        (PriceClass.SOCIALE_HUUR, PriceClass.MIDDENHUUR, PriceClass.KOOP), weights=(80, 15, 5)
    )[0]
    return {
        "number": f"{section_plan.prefix}{floor + 1}{position + 1:02d}",
        "rooms": rooms,
        "size_m2": rng.randint(*size),
        "price_class": price_class,
    }


@dataclass(order=True)
class _Event:
    day: datetime.date
    order: int
    kind: str = field(compare=False)
    unit: Unit | None = field(compare=False, default=None)


class _Simulation:
    """Plays the life of a community forward from its opening to `today`, one dated event at a
    time, writing every move and support change through the services."""

    def __init__(self, community, plan, units, organisations, today, rng):
        self.community = community
        self.plan = plan
        self.units = units
        self.today = today
        self.rng = rng
        self.care_organisations = [organisations[CARE_HORIZON], organisations[CARE_ANKER]]
        self.share_by_section = {
            section.pk: next(p.supported_share for p in plan.sections if p.name == section.name)
            for section in community.sections.all()
        }
        self.living: dict[int, list[Resident]] = {}  # unit pk -> residents living there
        self.support: dict[int, SupportPeriod] = {}  # resident pk -> active support period
        self.names: set[tuple[str, str]] = set()
        self.events: list[_Event] = []
        self.counter = itertools.count()

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def schedule(self, day: datetime.date, kind: str, unit: Unit | None = None):
        heapq.heappush(self.events, _Event(day, next(self.counter), kind, unit))

    def run(self):
        rng, opening = self.rng, self.plan.residents_moved_in_days_ago
        # The opening: every unit is let within six weeks, the first one on residents_moved_in_on.
        for index, unit in enumerate(rng.sample(self.units, len(self.units))):
            spread = 0 if index == 0 else rng.randint(0, OPENING_SPREAD_DAYS)
            self.schedule(self.day(opening - spread), "open", unit)
        # Turnover: households leave at random; their units are let again a few weeks later.
        # The last regular departure lies far enough back that its re-let (and a re-let caused
        # by doorstroom) happens before today, so the vacancies today are exactly the ones below.
        departures = round(TURNOVER_PER_YEAR * len(self.units) * opening / 365)
        for _ in range(max(0, departures - self.plan.vacant_today - self.plan.evictions)):
            self.schedule(self.day(rng.randint(75, opening - 60)), "leave")
        for _ in range(self.plan.evictions):
            self.schedule(self.day(rng.randint(75, opening - 60)), "eviction")
        for _ in range(self.plan.vacant_today):
            self.schedule(self.day(rng.randint(3, 50)), "leave_for_good")
        # A few residents stay after their support ends (the indication ran out or was not
        # renewed). Not in the last months, so that the re-lets after it set the mix again.
        last, self.min_support_days = min(120, opening // 3), min(180, opening // 2)
        for _ in range(rng.randint(2, 4) if opening > 365 else rng.randint(1, 2)):
            days_ago = rng.randint(last, max(last, opening - self.min_support_days))
            self.schedule(self.day(days_ago), "support_ends")
        while self.events:
            event = heapq.heappop(self.events)
            getattr(self, f"on_{event.kind}")(event.day, event.unit)

    # Events -------------------------------------------------------------------------------------

    def on_open(self, day: datetime.date, unit: Unit):
        """A first letting at the opening: always a new household."""
        self.let_to_newcomers(day, unit)

    def on_let(self, day: datetime.date, unit: Unit):
        """A vacant unit is let again: to a household moving within the location (doorstroom)
        or to newcomers."""
        relet_latest = day + datetime.timedelta(days=RELET_DAYS[1])
        movers = [u for u in self.occupied_units() if u.pk != unit.pk]
        # Doorstroom only while the unit it frees can be let again before today: the vacancies
        # today are the planned ones.
        if movers and relet_latest < self.today and self.rng.random() < DOORSTROOM_CHANCE:
            old_unit = self.rng.choice(movers)
            household = self.living.pop(old_unit.pk)
            for resident in household:
                services.resident_move_out(
                    resident=resident, on=day, reason=MoveOutReason.DOORSTROOM
                )
                services.resident_move_in(resident=resident, unit=unit, on=day)
            self.living[unit.pk] = household
            self.schedule_relet(day, old_unit)
            return
        self.let_to_newcomers(day, unit)

    def let_to_newcomers(self, day: datetime.date, unit: Unit):
        couple = self.rng.random() < self.plan.couple_chance
        supported = self.next_household_supported(unit, unsupported_size=2 if couple else 1)
        size = 2 if couple and not supported else 1
        household = self.new_household(size, supported)
        for resident in household:
            services.resident_move_in(resident=resident, unit=unit, on=day)
            if supported:
                self.support[resident.pk] = services.support_start(
                    resident=resident,
                    care_organisation=self.rng.choices(self.care_organisations, (60, 40))[0],
                    on=day,
                    hours_per_week=Decimal(self.rng.choice(SUPPORT_HOURS)),
                )
        self.living[unit.pk] = household

    def on_leave(self, day: datetime.date, unit: None, relet: bool = True, reason: str = ""):
        unit = self.rng.choice(self.occupied_units())
        household = self.living[unit.pk]
        if not reason:
            weights = [w for _, w in LEAVE_REASONS]
            if any(r.pk in self.support for r in household):
                weights[1] *= 2  # begeleide residents more often move on to a care setting
            reason = self.rng.choices([r for r, _ in LEAVE_REASONS], weights)[0]
        if not relet and reason == MoveOutReason.DECEASED:
            # A partner staying on would leave no vacancy; keep the planned vacancies.
            reason = MoveOutReason.ELSEWHERE
        leaving = household
        if reason == MoveOutReason.DECEASED and len(household) > 1:
            leaving = [self.rng.choice(household)]  # the partner stays on in the unit
        for resident in leaving:
            if resident.pk in self.support:
                services.support_end(support_period=self.support.pop(resident.pk), on=day)
            services.resident_move_out(resident=resident, on=day, reason=reason)
        remaining = [r for r in household if r not in leaving]
        if remaining:
            self.living[unit.pk] = remaining
            return
        del self.living[unit.pk]
        if relet:
            self.schedule_relet(day, unit)

    def on_leave_for_good(self, day: datetime.date, unit: None):
        """A departure in the last weeks: the unit is still vacant today."""
        self.on_leave(day, unit, relet=False)

    def on_eviction(self, day: datetime.date, unit: None):
        self.on_leave(day, unit, reason=MoveOutReason.EVICTION)

    def on_support_ends(self, day: datetime.date, unit: None):
        candidates = sorted(
            pk
            for pk, period in self.support.items()
            if (day - period.start_date).days >= self.min_support_days
        )
        if candidates:
            pk = self.rng.choice(candidates)
            services.support_end(support_period=self.support.pop(pk), on=day)

    # Helpers ------------------------------------------------------------------------------------

    def schedule_relet(self, day: datetime.date, unit: Unit):
        self.schedule(day + datetime.timedelta(days=self.rng.randint(*RELET_DAYS)), "let", unit)

    def occupied_units(self) -> list[Unit]:
        return [u for u in self.units if u.pk in self.living]

    def next_household_supported(self, unit: Unit, unsupported_size: int) -> bool:
        """Steer each section towards its planned share: a begeleid newcomer (who comes alone)
        when that brings the section closer to it than the niet-begeleide household of
        `unsupported_size` would. A little noise on the target keeps the pattern irregular."""
        supported = total = 0
        for other in self.units:
            if other.section_id == unit.section_id:
                household = self.living.get(other.pk, [])
                total += len(household)
                supported += sum(1 for r in household if r.pk in self.support)
        target = self.share_by_section[unit.section_id] + self.rng.uniform(-0.03, 0.03)
        with_supported = abs((supported + 1) / (total + 1) - target)
        without = abs(supported / (total + unsupported_size) - target)
        return with_supported < without

    def new_household(self, size: int, supported: bool) -> list[Resident]:
        household = []
        age = self.rng.randint(20, 60) if supported else self.rng.randint(22, 84)
        for index in range(size):
            last_name = self.rng.choice(LAST_NAMES)
            if index and self.rng.random() < 0.5:
                last_name = household[0].last_name
            first_name = self.rng.choice(FIRST_NAMES)
            # (community, first name, last name) is the demo's natural key for a resident.
            while (first_name, last_name) in self.names:
                first_name = self.rng.choice(FIRST_NAMES)
            self.names.add((first_name, last_name))
            partner_age = max(19, age + self.rng.randint(-6, 6))
            born = self.day(365 * (partner_age if index else age) + self.rng.randint(0, 364))
            household.append(
                Resident.objects.create(
                    community=self.community,
                    first_name=first_name,
                    last_name=last_name,
                    date_of_birth=born,
                )
            )
        return household


def _counts(communities: dict[str, Community], today: datetime.date, created: int) -> dict:
    demo = list(communities.values())
    stays = TenancyResident.objects.filter(tenancy__unit__community__in=demo)
    units = Unit.objects.filter(community__in=demo)
    living = stays.active_on(today)
    return {
        "communities_created": created,
        "communities": len(demo),
        "sections": Section.objects.filter(community__in=demo).count(),
        "units": units.count(),
        "vacant_units_today": units.count() - living.values("tenancy__unit_id").distinct().count(),
        "residents": Resident.objects.filter(community__in=demo).count(),
        "residents_today": living.count(),
        "tenancies": Tenancy.objects.filter(unit__community__in=demo).count(),
        "stays": stays.count(),
        "support_periods": SupportPeriod.objects.filter(resident__community__in=demo).count(),
        "supported_today": SupportPeriod.objects.active_on(today)
        .filter(resident__community__in=demo, resident__in=living.values("resident_id"))
        .count(),
        "users": User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count(),
        "memberships": Membership.objects.filter(community__in=demo).count(),
    }
