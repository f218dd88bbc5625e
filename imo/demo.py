"""Demo data of the IMO, added to each demo community by `seed_demo`.

`seed_imo(community=…, today=…, rng=…)` has the signature of the community-work seeders; the
imo app registers it with `communities.demo.work.register_seeder` (communities never imports
imo). It runs after the demo users exist. Everything goes through `imo.services` (and
`communities.services` underneath), so the demo data obeys the same rules as data entered by hand;
only the meeting rule itself (MeetingSchedule) has no service and is created directly.

Het Anker (72 units, off its target mix) gets the full picture:
- a monthly rule on a Tuesday at 14:00 in the Ontmoetingsruimte, chosen so that the coming IMO
  lies 7 to 14 days ahead (the first Tuesday when that fits, else the Tuesday in that week), and
  meetings planned from two months back to three months ahead;
- two vacancies for the coming IMO: one from a recorded move-out, one announced ahead;
- four candidates on its agenda: one from the waiting list (not supported, a good motivation, two
  info evenings attended), one proposed by Zorggroep Horizon (supported, consent and care
  details), one by co-optation, and one supported candidate who would push the mix of the
  section further out of its band (proposed by Stichting Anker; no consent yet, so no care details
  even for the professionals);
- the IMO two months back with minutes, attendance and a positive advice, the corporation's
  decision, the handover and the move-in of that candidate (so the process figures have data),
  and the follow-ups after it: the conditions done, the two-week check-in overdue for the coach;
- last month's IMO with minutes, approved in the coming one, and a "postpone" advice on the
  Horizon candidate, who is back on the agenda.

The other communities get a lighter version: the rule (first Tuesday), meetings planned ahead,
one vacancy from the latest move-out and one waiting-list candidate on the coming agenda.

Deterministic (dates are offsets from `today`, choices come from the data or `rng`) and
idempotent: a community that has an IMO rule already is left alone.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from audit.actors import system_actor
from communities.constants import OrganisationKind, Role
from communities.models import Community, Membership, Organisation, TenancyResident, Unit, User
from communities.selectors import community_mix
from imo import services
from imo.constants import AdviceKind, Attendance, CandidateSource, DecisionKind, Severity
from imo.models import Candidate, IntakeMeeting, MeetingSchedule, Vacancy
from imo.rules import Bands, projected_mix, pushes_out_of_band

FULL_DEMO_SLUG = "het-anker"
TUESDAY = 1
COMING_WINDOW_DAYS = (7, 14)
CARE_HORIZON = "Zorggroep Horizon"
CARE_ANKER = "Stichting Anker"
PLACE = "Ontmoetingsruimte"

# The actor of what the demo seeder does without a demo user to act for.
DEMO_ACTOR = system_actor("seed_demo")


def seed_imo(*, community: Community, today: datetime.date, rng: random.Random) -> None:
    if MeetingSchedule.objects.filter(community=community).exists():
        return
    if community.slug == FULL_DEMO_SLUG:
        _FullDemo(community, today, rng).run()
    else:
        _seed_light(community, today, rng)


# --- helpers ------------------------------------------------------------------------------------


def _member(community: Community, role: str) -> User | None:
    membership = (
        Membership.objects.filter(community=community, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _meeting_on(community: Community, day: datetime.date) -> IntakeMeeting:
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return IntakeMeeting.objects.get(
        community=community, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    )


def _vacant_units(community: Community, today: datetime.date) -> list[tuple[Unit, TenancyResident]]:
    """Units nobody lives in today, with the stay of the last one who left, oldest departure
    first. Units never let are skipped (no move-out to start a vacancy from)."""
    living = TenancyResident.objects.active_on(today).values("tenancy__unit_id")
    result = []
    for unit in Unit.objects.filter(community=community).exclude(pk__in=living).order_by("number"):
        stay = (
            TenancyResident.objects.filter(
                tenancy__unit=unit, end_date__isnull=False, end_date__lte=today
            )
            .select_related("tenancy")
            .order_by("-end_date", "-pk")
            .first()
        )
        if stay is not None and stay.tenancy.end_date is not None:
            result.append((unit, stay))
    result.sort(key=lambda pair: (pair[1].end_date, pair[0].number))
    return result


def _coming_rule(today: datetime.date) -> int:
    """The nth Tuesday (-1: the last) for which the coming IMO falls 7–14 days after `today`;
    the first Tuesday when it can."""
    options = []
    for offset in range(COMING_WINDOW_DAYS[0], COMING_WINDOW_DAYS[1] + 1):
        day = today + datetime.timedelta(days=offset)
        if day.weekday() == TUESDAY:
            nth = (day.day - 1) // 7 + 1
            options.append(-1 if nth == 5 else nth)
    return 1 if 1 in options else options[0]


def _register(community: Community, **data) -> Candidate:
    return services.candidate_register(community=community, data=data, by=DEMO_ACTOR)


def _invite(candidate: Candidate, title: str, held_on: datetime.date, attended: bool) -> None:
    participation = services.participation_invite(
        candidate=candidate, title=title, held_on=held_on, by=DEMO_ACTOR
    )
    services.participation_record(participation=participation, attended=attended)


def _consent_day(day: datetime.date) -> datetime.date:
    # consent_record refuses a date after the real today (a demo "today" may lie ahead of it).
    return min(day, timezone.localdate())


# --- the lighter version ------------------------------------------------------------------------


def _seed_light(community: Community, today: datetime.date, rng: random.Random) -> None:
    schedule = MeetingSchedule.objects.create(
        community=community, nth_weekday=1, weekday=TUESDAY, starts_at="14:00", place=PLACE
    )
    planned = services.meetings_plan_ahead(schedule=schedule, from_date=today, months=3)
    vacant = _vacant_units(community, today)
    if not planned or not vacant:
        return
    _unit, stay = vacant[-1]  # the latest move-out
    vacancy = services.vacancy_from_move_out(stay=stay)
    first_name, last_name = rng.choice(
        [("Lieke", "Boersma"), ("Gijs", "Terpstra"), ("Merel", "Zwaan"), ("Ruben", "Hofman")]
    )
    candidate = _register(
        community,
        first_name=first_name,
        last_name=last_name,
        source=CandidateSource.WAITING_LIST,
        registered_on=today - datetime.timedelta(days=95),
        vacancy=vacancy,
        supported=False,
        motivation=(
            "Ik zoek een woning waar buren elkaar kennen. Ik help graag mee met de "
            "tuinploeg en het koffie-uurtje."
        ),
        willingness="hoog",
    )
    _invite(
        candidate,
        f"Informatieavond {community.name}",
        today - datetime.timedelta(days=30),
        attended=True,
    )
    services.candidate_put_on_agenda(meeting=planned[0], candidate=candidate)


# --- the full picture ---------------------------------------------------------------------------


class _FullDemo:
    def __init__(self, community: Community, today: datetime.date, rng: random.Random):
        self.community = community
        self.today = today
        self.rng = rng
        self.beheerder = _member(community, Role.SOCIAAL_BEHEERDER)
        self.coach = _member(community, Role.COMMUNITYCOACH)
        self.bewoner = _member(community, Role.BEWONERSAFVAARDIGING)
        partners = {o.name: o for o in community.partners.all()}
        self.horizon = partners.get(CARE_HORIZON) or self._care_partner(0)
        self.anker_care = partners.get(CARE_ANKER) or self._care_partner(1)
        self.association = next(
            (o for o in partners.values() if o.kind == OrganisationKind.WOONVERENIGING), None
        )

    def _care_partner(self, index: int) -> Organisation | None:
        care = list(
            self.community.partners.filter(kind=OrganisationKind.ZORGAANBIEDER).order_by("name")
        )
        return care[min(index, len(care) - 1)] if care else None

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def run(self) -> None:
        self.schedule = MeetingSchedule.objects.create(
            community=self.community,
            nth_weekday=_coming_rule(self.today),
            weekday=TUESDAY,
            starts_at="14:00",
            place=PLACE,
            cooptation_agreed=True,
        )
        dates = services.meeting_dates(schedule=self.schedule, from_date=self.day(-100), months=8)
        coming = next(d for d in dates if d >= self.day(COMING_WINDOW_DAYS[0]))
        index = dates.index(coming)
        self.earlier_day, self.last_day, self.coming_day = dates[index - 2 : index + 1]
        services.meetings_plan_ahead(schedule=self.schedule, from_date=self.earlier_day, months=5)
        self.earlier = _meeting_on(self.community, self.earlier_day)
        self.last = _meeting_on(self.community, self.last_day)
        self.coming = _meeting_on(self.community, self.coming_day)

        vacant = _vacant_units(self.community, self.today)
        # The earlier candidate moved into the latest unit that came free at least 17 days ago:
        # the two-week check-in after moving in is then overdue.
        earlier_pick = next(
            (pair for pair in reversed(vacant) if pair[1].end_date <= self.day(-17)), None
        )
        if earlier_pick is not None:
            vacant.remove(earlier_pick)
            self.earlier_meeting(*earlier_pick)
        self.last_meeting()
        self.coming_meeting(vacant)

    # The IMO two months back: the whole chain up to moving in --------------------------------

    def earlier_meeting(self, unit: Unit, stay: TenancyResident) -> None:
        meeting, beheerder = self.earlier, self.beheerder
        self.record_attendance(meeting)
        vacancy = services.vacancy_announce(
            unit=unit,
            available_from=stay.tenancy.end_date,
            note="Huurder heeft opgezegd.",
            by=DEMO_ACTOR,
        )
        yara = _register(
            self.community,
            first_name="Yara",
            last_name="Lindeboom",
            source=CandidateSource.WAITING_LIST,
            registered_on=self.earlier_day - datetime.timedelta(days=70),
            vacancy=vacancy,
            supported=False,
            motivation=(
                "Ik werk in de wijk en wil graag wonen waar ik ook iets kan doen voor de "
                "buren. Ik kan goed koken en help graag bij de maaltijden."
            ),
            willingness="hoog",
        )
        _invite(
            yara,
            "Informatieavond Het Anker",
            self.earlier_day - datetime.timedelta(days=21),
            attended=True,
        )
        services.candidate_put_on_agenda(meeting=meeting, candidate=yara)
        services.advice_record(
            meeting=meeting,
            candidate=yara,
            kind=AdviceKind.POSITIVE,
            conditions=(
                "Kennismaking met de buren op de galerij\n"
                "In de eerste maand het koffie-uurtje bezoeken"
            ),
            rationale="Sterke motivatie, kwam naar de informatieavond; past bij de galerij.",
            expected_version=None,
            by=beheerder,
        )
        notes = {
            0: "Verslag vorig IMO vastgesteld. Geen openstaande punten.",
            1: f"Woning {unit.number} komt vrij; de afspraak vraagt een niet-begeleide bewoner.",
            2: "Het Anker zit ruim boven de streefwaarde: instroom van niet-begeleide bewoners "
            "heeft voorrang.",
            4: "Yara Lindeboom gesproken; zij wil meedoen met de maaltijden.",
            6: "Positief advies voor Yara Lindeboom, met twee afspraken voor een zachte landing.",
            7: "Geen overdrachten deze maand.",
        }
        for point, text in notes.items():
            services.note_save(
                meeting=meeting, point=point, text=text, expected_version=None, by=beheerder
            )
        decided_on = self.earlier_day + datetime.timedelta(days=2)
        move_in = max(stay.tenancy.end_date + datetime.timedelta(days=2), decided_on)
        if beheerder is not None and beheerder.organisation_id == self.community.corporation_id:
            services.decision_record(
                candidate=yara,
                kind=DecisionKind.ALLOCATED,
                reason="",
                decided_on=decided_on,
                by=beheerder,
            )
        else:  # no corporation user to decide: the chain stops at the advice
            return
        services.handover_record(
            candidate=yara,
            on=max(decided_on, move_in - datetime.timedelta(days=5)),
            welcome_contact=self.bewoner,
            note="Welkomstpakket en een rondleiding door de bewonerscommissie.",
            by=beheerder,
        )
        services.candidate_move_in(candidate=yara, on=move_in, by=beheerder)
        # The conditions were done; the coach's two-week check-in is still open (and overdue).
        for action in yara.follow_ups.filter(is_check_in=False):
            services.follow_up_done(
                action=action,
                on=move_in + datetime.timedelta(days=7),
                note="Gedaan; Yara voelt zich welkom.",
                by=beheerder,
            )

    # Last month's IMO: minutes, and a postponed candidate ---------------------------------------

    def last_meeting(self) -> None:
        meeting, beheerder = self.last, self.beheerder
        self.record_attendance(meeting)
        services.previous_minutes_approve(meeting=meeting, approved=True, by=beheerder)
        self.daan = None
        if self.horizon is not None:
            self.daan = _register(
                self.community,
                first_name="Daan",
                last_name="Hofstede",
                email="",
                source=CandidateSource.CARE_ORGANISATION,
                proposed_by=self.horizon,
                care_organisation=self.horizon,
                registered_on=self.last_day - datetime.timedelta(days=20),
                supported=True,
                motivation=(
                    "Na een paar jaar beschermd wonen wil ik zelfstandig wonen, met buren om "
                    "me heen. Ik help graag met klussen en fietsreparaties."
                ),
                willingness="gemiddeld",
                support_hours_per_week=Decimal("6"),
                problem_severity=Severity.MODERATE,
                accepts_support="hoog",
                fallback_place=(
                    "Tijdelijke plek in het beschermd wonen van Zorggroep Horizon aan de "
                    "Esdoornlaan."
                ),
                care_and_housing_agreement=True,
                special_tenancy_conditions=(
                    "Huurovereenkomst met begeleidingsvoorwaarde voor de eerste twee jaar."
                ),
            )
            services.candidate_put_on_agenda(meeting=meeting, candidate=self.daan)
            services.advice_record(
                meeting=meeting,
                candidate=self.daan,
                kind=AdviceKind.POSTPONE,
                conditions="",
                rationale="Eerst kennismaken met de bewonersafvaardiging; volgende maand terug.",
                expected_version=None,
                by=beheerder,
            )
        notes = {
            0: "Verslag vorig IMO vastgesteld.",
            2: "De mix schuift langzaam richting de streefwaarde; blijft actie nodig.",
            3: "Yara Lindeboom is ingetrokken; de welkomstcommissie heeft haar ontvangen.",
            6: "Advies over Daan Hofstede aangehouden tot na de kennismaking.",
        }
        for point, text in notes.items():
            services.note_save(
                meeting=meeting, point=point, text=text, expected_version=None, by=beheerder
            )

    # The coming IMO: two vacancies, four candidates -------------------------------------------

    def coming_meeting(self, vacant: list[tuple[Unit, TenancyResident]]) -> None:
        community, meeting = self.community, self.coming
        bands = Bands.of(community)
        mix = community_mix(community=community, on=self.coming_day)

        def pushes(unit: Unit) -> bool:
            projected = projected_mix(
                mix=mix, section_id=unit.section_id, supported=True, bands=bands
            )
            return pushes_out_of_band(current=mix, section_id=unit.section_id, projected=projected)

        # From a recorded move-out: preferably a unit where one more supported resident would
        # push the section further out of its band (that is where the fourth candidate goes).
        moved_out = next((pair for pair in vacant if pushes(pair[0])), None) or (
            vacant[-1] if vacant else None
        )
        vacancy_out = services.vacancy_from_move_out(stay=moved_out[1]) if moved_out else None
        # Announced ahead: a tenant gave notice in the section with the most supported residents.
        busiest = max(mix.sections, key=lambda s: (s.figures.share or 0, s.name), default=None)
        taken = set(
            Vacancy.objects.filter(community=community).values_list("unit_id", flat=True)
        ) | {pair[0].pk for pair in vacant}
        announced_unit = (
            Unit.objects.filter(community=community, section_id=busiest.section_id)
            .exclude(pk__in=taken)
            .order_by("number")
            .first()
            if busiest
            else None
        )
        vacancy_ahead = (
            services.vacancy_announce(
                unit=announced_unit,
                available_from=self.coming_day + datetime.timedelta(days=18),
                note="De huurder heeft de huur opgezegd; verhuist naar familie.",
                by=DEMO_ACTOR,
            )
            if announced_unit
            else None
        )

        noor = _register(
            community,
            first_name="Noor",
            last_name="Verbruggen",
            phone="06-00000001",
            source=CandidateSource.WAITING_LIST,
            registered_on=self.day(-130),
            vacancy=vacancy_out,
            supported=False,
            motivation=(
                "Ik woon nu alleen in een flat waar ik niemand ken. In Het Anker wil ik graag "
                "meedoen: ik heb bij de informatieavond al gevraagd of ik kan helpen bij de "
                "moestuin en de buurtmaaltijd. Ik ben verpleegkundige en vind omzien naar "
                "elkaar vanzelfsprekend."
            ),
            willingness="hoog",
        )
        _invite(noor, "Informatieavond Het Anker", self.day(-60), attended=True)
        _invite(noor, "Burendag Het Anker", self.day(-25), attended=True)

        if self.daan is not None:
            services.candidate_update(
                candidate=self.daan, data={"vacancy": vacancy_ahead}, by=self.beheerder
            )
            services.consent_record(
                candidate=self.daan,
                given_on=_consent_day(self.day(-12)),
                scope="Delen van zorginformatie met de professionals van het IMO van Het Anker.",
                by=self.beheerder,
            )
            _invite(self.daan, "Kennismaking bewonersafvaardiging", self.day(-9), attended=True)

        iris = None
        if self.association is not None:
            iris = _register(
                community,
                first_name="Iris",
                last_name="Brandsma",
                source=CandidateSource.COOPTATION,
                proposed_by=self.association,
                registered_on=self.day(-45),
                vacancy=vacancy_ahead,
                supported=False,
                motivation=(
                    "Mijn zus woont in Het Anker en ik kom er al jaren over de vloer. Ik draai "
                    "nu al mee in de kookgroep en wil dat graag als buurvrouw blijven doen."
                ),
                willingness="hoog",
            )
            _invite(iris, "Kookgroep Het Anker", self.day(-18), attended=True)

        kevin = None
        if self.anker_care is not None:
            kevin = _register(
                community,
                first_name="Kevin",
                last_name="Roelofs",
                source=CandidateSource.CARE_ORGANISATION,
                proposed_by=self.anker_care,
                registered_on=self.day(-40),
                vacancy=vacancy_out,
                supported=True,
                motivation=(
                    "Ik wil een eigen plek na de jeugdzorg, in een huis waar mensen elkaar "
                    "groeten. Ik wil graag helpen met de fietsenstalling."
                ),
                willingness="gemiddeld",
                support_hours_per_week=Decimal("5"),
                problem_severity=Severity.LIGHT,
                accepts_support="hoog",
                fallback_place="Kamer in de trainingswoning van Stichting Anker.",
            )
            _invite(kevin, "Informatieavond Het Anker", self.day(-30), attended=False)

        for candidate in (noor, self.daan, iris, kevin):
            if candidate is not None:
                services.candidate_put_on_agenda(meeting=meeting, candidate=candidate)

    def record_attendance(self, meeting: IntakeMeeting) -> None:
        attendees = list(meeting.attendees.order_by("pk"))
        excused = self.rng.choice(attendees) if len(attendees) > 2 else None
        for attendee in attendees:
            services.attendance_record(
                attendee=attendee,
                attendance=Attendance.EXCUSED if attendee == excused else Attendance.PRESENT,
            )
