"""Demo data of outreach and ABCD: a year of contacts in a realistic rhythm (the coach most,
the beheerders and Horizon's begeleider some), 8–12 residents per community whom nobody has
reached for two months or more, approach preferences on some residents, talents and needs
from the shared list plus a few free tags, and 4–6 assets in the neighbourhood.

Runs after the activities seeder: taking part in an activity counts as being reached, so the
residents left unreached are chosen among those the activities did not reach either.
Contacts are generated valid by construction (a resident living there on the day, no future
dates) and written with one bulk_create: a year of them through the service, one by one, would
take seconds per community."""

from __future__ import annotations

import datetime
import random

from audit.actors import system_actor
from communities.constants import AssetKind, ContactKind, TalentKind
from communities.models import Community, Contact, SupportPeriod, TenancyResident, User
from communities.outreach import services as outreach

SHARED_TAGS = [
    "koken",
    "klussen",
    "computerhulp",
    "taalmaatje",
    "tuinieren",
    "boodschappen",
    "gezelschap",
    "vervoer",
    "naaien",
    "muziek",
]
FREE_TAGS = ["fietsen repareren", "arabisch tolken", "administratie", "hond uitlaten"]
# What residents offer and ask for differs: few ask for music, many for computer help.
OFFER_WEIGHTS = [14, 14, 8, 8, 10, 8, 12, 4, 6, 8]
REQUEST_WEIGHTS = [4, 12, 16, 10, 2, 8, 14, 10, 3, 1]

PREFERENCES = [
    "Liever niet aan de deur",
    "Liever eerst een berichtje",
    "Alleen via de begeleider",
    "Niet op zondag",
    "Liever in de ontmoetingsruimte",
    "Slechthorend: liever niet bellen",
]
NOTES = [
    "",
    "",
    "",
    "Even bijgepraat",
    "Vraagt naar de moestuin",
    "Komt misschien naar de lunch",
    "Gaat goed",
    "Had een vraag over de huur; doorgegeven aan de beheerder",
    "Wil graag meehelpen bij de schoonmaakactie",
]
KIND_WEIGHTS = {
    ContactKind.AT_THE_DOOR: 35,
    ContactKind.MEETING_ROOM: 30,
    ContactKind.PHONE: 18,
    ContactKind.AT_ACTIVITY: 10,
    ContactKind.OTHER: 7,
}
ASSETS = [
    ("Buurthuis De Brug", AssetKind.COMMUNITY_CENTRE, "Brugstraat 4", "Koffie-ochtenden, taalles"),
    ("Supermarkt Rivierplein", AssetKind.SHOP, "Rivierplein 1", "Bezorgt boodschappen aan huis"),
    ("Volkstuinvereniging De Oever", AssetKind.GREEN, "Oeverpad", "Twee gemeenschappelijke tuinen"),
    ("Bibliotheek Rivierstad", AssetKind.SERVICE, "Kerkstraat 20", "Digitaal spreekuur, Taalhuis"),
    ("Wijkpark De Wilgen", AssetKind.GREEN, "", "Wandelroute, jeu-de-boulesbaan"),
    ("Sportvereniging RVS", AssetKind.ASSOCIATION, "Sportlaan 3", "Walking football voor 55+"),
    ("Huisartsenpraktijk Centrum", AssetKind.SERVICE, "Marktstraat 9", "Praktijkondersteuner GGZ"),
    ("Repair Café", AssetKind.ASSOCIATION, "Buurthuis De Brug", "Elke tweede zaterdag"),
]
NOT_REACHED = (8, 12)
NOT_REACHED_MIN_DAYS = 63  # nine weeks: "two months or more"
YEAR = 365
RECENT_DAYS = 49

# The seeder acts without a person; the audit trail names it.
DEMO_ACTOR = system_actor("seed_demo")


def seed_outreach(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=_RECORDERS)}
    members = set(community.memberships.values_list("user__username", flat=True))
    recorders = [(name, weight) for name, weight in _RECORDERS.items() if name in members]
    if not recorders:
        return
    horizon_clients = set(
        SupportPeriod.objects.filter(
            resident__community=community, care_organisation__name="Zorggroep Horizon"
        ).values_list("resident_id", flat=True)
    )
    start = today - datetime.timedelta(days=YEAR)
    stays = list(
        TenancyResident.objects.filter(tenancy__unit__community=community)
        .exclude(end_date__lte=start)
        .order_by("resident_id", "start_date")
        .values_list("resident_id", "start_date", "end_date")
    )
    current = {r for r, _s, end in stays if end is None}
    reached_by_activities = outreach.last_reached(community=community, on=today)
    limit = today - datetime.timedelta(days=NOT_REACHED_MIN_DAYS)
    candidates = sorted(
        r for r in current if (reached_by_activities.get(r) or datetime.date.min) <= limit
    )
    unreached = set(rng.sample(candidates, min(len(candidates), rng.randint(*NOT_REACHED))))
    # The unreached were last reached by someone between nine weeks and a year ago, or never.
    last_allowed = {
        r: today - datetime.timedelta(days=rng.randint(NOT_REACHED_MIN_DAYS, 200))
        for r in unreached
    }

    contacts = []
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for resident_id, stay_start, stay_end in stays:
        first = max(stay_start, start)
        last = min(stay_end - datetime.timedelta(days=1) if stay_end else today, today)
        last = min(last, last_allowed.get(resident_id, last))
        if resident_id in unreached and rng.random() < 0.25:
            continue  # never reached in the last year
        # Some residents are seen every fortnight, others every two months.
        gap = rng.choice((14, 21, 28, 35, 49, 63))
        day = first + datetime.timedelta(days=rng.randint(0, gap))
        while day <= last:
            names = [n for n, _ in recorders]
            weights = [w for _, w in recorders]
            who = rng.choices(names, weights=weights)[0]
            if who == "begeleider" and resident_id not in horizon_clients:
                who = "coach"  # a begeleider mostly speaks to their own clients
            contacts.append(
                Contact(
                    resident_id=resident_id,
                    contacted_on=day,
                    kind=rng.choices(kinds, weights=kind_weights)[0],
                    note=rng.choice(NOTES),
                    recorded_by=users.get(who),
                )
            )
            day += datetime.timedelta(days=max(7, int(rng.gauss(gap, gap / 3))))
        latest = (
            contacts[-1].contacted_on
            if contacts and contacts[-1].resident_id == resident_id
            else None
        )
        if resident_id in current and resident_id not in unreached and stay_end is None:
            # Everyone else was reached in the last seven weeks: the two-month list stays short.
            if latest is None or latest < today - datetime.timedelta(days=RECENT_DAYS):
                recent_from = max(first, today - datetime.timedelta(days=RECENT_DAYS))
                contacts.append(
                    Contact(
                        resident_id=resident_id,
                        contacted_on=recent_from
                        + datetime.timedelta(days=rng.randint(0, (today - recent_from).days)),
                        kind=rng.choices(kinds, weights=kind_weights)[0],
                        note="",
                        recorded_by=users.get("coach"),
                    )
                )
    Contact.objects.bulk_create(contacts, batch_size=500)

    residents = {r.pk: r for r in community.residents.filter(pk__in=current)}
    # Approach preferences: about one in ten, more often among those hard to reach.
    for resident_id in sorted(current):
        chance = 0.5 if resident_id in unreached else 0.07
        if rng.random() < chance:
            outreach.approach_preference_set(
                resident=residents[resident_id],
                preference=rng.choice(PREFERENCES),
                by=DEMO_ACTOR,
            )

    outreach.shared_tags_ensure(names=SHARED_TAGS)
    for resident_id in sorted(current):
        resident = residents[resident_id]
        wanted = []
        if rng.random() < 0.4:
            wanted += [
                (TalentKind.OFFER, tag)
                for tag in set(rng.choices(SHARED_TAGS, weights=OFFER_WEIGHTS, k=rng.randint(1, 2)))
            ]
        if rng.random() < 0.25:
            wanted.append(
                (TalentKind.REQUEST, rng.choices(SHARED_TAGS, weights=REQUEST_WEIGHTS)[0])
            )
        if rng.random() < 0.05:
            wanted.append((TalentKind.OFFER, rng.choice(FREE_TAGS)))
        for kind, tag in sorted(wanted):
            outreach.talent_add(
                community=community, resident=resident, kind=kind, tag_name=tag, by=DEMO_ACTOR
            )

    for name, kind, address, note in sorted(rng.sample(ASSETS, rng.randint(4, 6))):
        outreach.asset_save(community=community, name=name, kind=kind, address=address, note=note)


# Who records contacts, and how often (the coach most).
_RECORDERS = {"coach": 70, "beheerder": 12, "locatie": 6, "begeleider": 12}
