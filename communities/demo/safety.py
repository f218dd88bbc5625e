"""Demo safety: an evacuation plan, fire drills (Het Anker's is overdue) and a filled contact
card with clearly fictional numbers (010-000 …, 0900-000 …), through the services."""

from __future__ import annotations

import datetime
import random

from communities.constants import ContactCardTopic, Role
from communities.models import Community, Membership
from communities.safety import services as safety

# Days ago of the drills per community; Het Anker's last one is 14 months ago: overdue.
DRILLS_DAYS_AGO = {
    "de-kade": (1290, 930, 560, 120),
    "het-anker": (425,),
    "de-boomgaard": (150,),
}

PLAN = (
    "Bij brand of een ontruimingsalarm:\n"
    "1. Verlaat uw woning, sluit de deur achter u (niet op slot).\n"
    "2. Gebruik de trappenhuizen, nooit de lift.\n"
    "3. Verzamel op het plein voor de hoofdingang, bij het bord 'Verzamelplaats'.\n"
    "4. Buren helpen elkaar: wie slecht ter been is, staat op de lijst van de "
    "locatiebeheerder; de buren op dezelfde galerij kloppen aan.\n"
    "5. Meld u bij de locatiebeheerder of de eerste hulpverlener op het plein.\n\n"
    "Brandblussers hangen bij elk trappenhuis; de ontmoetingsruimte heeft een "
    "blusdeken in de keuken."
)

DRILL_NOTES = (
    "Iedereen was binnen zes minuten op de verzamelplaats. Het alarm was niet overal goed "
    "te horen op de bovenste galerij: gemeld bij de corporatie.",
    "Vlot verlopen. Twee bewoners wisten de verzamelplaats niet: de kaart hangt nu ook in de lift.",
    "Oefening samen met de brandweer; uitleg over rookmelders in de ontmoetingsruimte.",
)


def _card_lines(community: Community) -> list[dict]:
    suffix = {"de-kade": "1", "het-anker": "2", "de-boomgaard": "3"}.get(community.slug, "9")
    return [
        {
            "topic": ContactCardTopic.REPAIRS,
            "name": "Reparatieverzoeken Woonstichting De Linde",
            "phone": f"0900-000 10 0{suffix}",
            "email": "reparaties@demo.gemengdwonen.nl",
            "hours": "ma–vr 8–17 uur; spoed (lekkage, geen stroom) dag en nacht",
            "outside_office_hours": True,
            "order": 10,
        },
        {
            "topic": ContactCardTopic.NUISANCE,
            "name": "Sociaal beheerder Mark Verbeek",
            "phone": f"010-000 20 0{suffix}",
            "hours": "ma–do 9–17 uur",
            "order": 20,
        },
        {
            "topic": ContactCardTopic.SUPPORT,
            "name": "Bereikbaarheidsdienst Zorggroep Horizon (eigen cliënten)",
            "phone": "010-000 30 00",
            "hours": "dag en nacht",
            "outside_office_hours": True,
            "order": 30,
        },
        {
            "topic": ContactCardTopic.POLICE,
            "name": "Wijkagent J. Bos",
            "phone": "0900-000 40 00",
            "hours": "spreekuur di 14–16 uur in de ontmoetingsruimte",
            "order": 40,
        },
    ]


def seed_safety(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    safety.evacuation_plan_update(
        community=community, evacuation_plan=PLAN, fire_drill_interval_months=12
    )
    locatie = (
        Membership.objects.filter(
            community=community, role=Role.LOCATIEBEHEERDER, user__username="locatie"
        )
        .select_related("user")
        .first()
    )
    for days_ago in DRILLS_DAYS_AGO.get(community.slug, (200,)):
        held_on = today - datetime.timedelta(days=days_ago)
        if held_on < community.start_date:
            continue
        safety.fire_drill_record(
            community=community,
            held_on=held_on,
            note=rng.choice(DRILL_NOTES),
            by=locatie.user if locatie else None,
            today=today,
        )
    # The default card (112 and the coach) first, then the corporation's lines.
    safety.contact_card_ensure_default(community=community)
    coach_line = community.contact_card.filter(topic=ContactCardTopic.COACH).first()
    if coach_line is not None:
        safety.contact_card_entry_save(
            community=community,
            entry=coach_line,
            topic=ContactCardTopic.COACH,
            name=coach_line.name,
            phone="06-000 000 01",
            email=coach_line.email,
            hours="ma, wo en do; app of bel",
            order=50,
        )
    for line in _card_lines(community):
        safety.contact_card_entry_save(community=community, **line)
