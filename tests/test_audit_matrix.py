"""The audit matrix: every URL that shows or changes one resident's, candidate's, contact's or
signal's personal data writes exactly the expected audit event(s), recorded where the data is
touched (the selectors and services), not per view.

Every URL name of the access matrix is in one of three places below: AUDITED (with the events a
request writes), LIST_PAGES (lists of people: one event per request with the number shown is
issue 9's bulk-read work, built on `audit.services.record_list_read`), or NO_PERSON_RECORD (pages
that show no single person's record). A new URL fails `test_every_url_is_placed` until someone
decides which.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.actors import system_actor
from audit.models import AuditEvent
from audit.services import record_list_read, record_read
from tests.access_rows import MATRIX
from tests.access_rows.financiering import document_kwargs as _funding_document
from tests.access_rows.reports import community_version_kwargs as _report_version
from tests.factories import (
    CandidateFactory,
    ResidentFactory,
    SignalFactory,
    SupportedCandidateFactory,
    TalentFactory,
)

D = datetime.date


def _anna(w):
    return {"slug": "de-kade", "pk": w.residents["anna"].pk}


def _signal(w):
    signal = SignalFactory(
        community=w.community, residents=[w.residents["anna"]], reported_on=D(2025, 3, 5)
    )
    return {"slug": "de-kade", "pk": signal.pk}


def _candidate(w):
    return {"slug": "de-kade", "pk": CandidateFactory(community=w.community).pk}


def _consenting_candidate(w):
    candidate = SupportedCandidateFactory(community=w.community, proposed_by=w.care)
    return {"slug": "de-kade", "pk": candidate.pk}


def _talent(w):
    talent = TalentFactory(resident=w.residents["anna"])
    return {"slug": "de-kade", "pk": w.residents["anna"].pk, "talent_pk": talent.pk}


def _newcomer(w):
    resident = ResidentFactory(community=w.community, first_name="Nina", last_name="Nieuw")
    return {"slug": "de-kade", "pk": resident.pk}


def _today():
    return timezone.localdate().strftime("%d-%m-%Y")


# url name -> (who, method, kwargs builder, POST data builder or None,
#              [(action, object_type, detail), ...] the request writes, in order)
AUDITED = {
    # Reads of one person's record.
    "resident_detail": ("coach", "get", _anna, None, [("view", "resident", "")]),
    "resident_outreach": (
        "coach",
        "get",
        _anna,
        None,
        [("view", "resident", "contacten"), ("view", "resident", "talenten")],
    ),
    "resident_talents": ("coach", "get", _anna, None, [("view", "resident", "talenten")]),
    "signal_detail": ("coach", "get", _signal, None, [("view", "signal", "")]),
    # The signed funding agreement: no personal data, but its download is in the trail.
    "funding_agreement_document": (
        "beheerder",
        "get",
        _funding_document,
        None,
        [("download", "funding_agreement", "getekend document")],
    ),
    # The annual report: no personal data, but its download is in the trail.
    "reports_community_download": (
        "stuurgroep",
        "get",
        _report_version,
        None,
        [("download", "annual_report", "jaarverslag")],
    ),
    "imo_candidate": ("beheerder", "get", _candidate, None, [("view", "candidate", "")]),
    "imo_meeting": (
        "beheerder",
        "get",
        MATRIX["imo_meeting"][0],
        None,
        [("view", "intake_meeting", "")],
    ),
    # Changes.
    "contact_create": (
        "coach",
        "post",
        lambda w: {"slug": "de-kade"},
        lambda w: {
            "resident": w.residents["anna"].pk,
            "kind": "telefoon",
            "contacted_on": _today(),
            "note": "Even gebeld",
        },
        [("create", "contact", "")],
    ),
    "approach_preference_edit": (
        "coach",
        "post",
        _anna,
        lambda w: {"approach_preference": "Liever bellen"},
        [("change", "resident", "benadering")],
    ),
    "talent_create": (
        "coach",
        "post",
        _anna,
        lambda w: {"kind": "aanbod", "tag": "koken", "note": ""},
        [("change", "resident", "talent")],
    ),
    "talent_delete": (
        "coach",
        "post",
        _talent,
        lambda w: {},
        [("change", "resident", "talent weg")],
    ),
    "resident_update": (
        "beheerder",
        "post",
        _anna,
        lambda w: {"first_name": "Anna", "last_name": "Jansen-Smit"},
        [("change", "resident", "")],
    ),
    "imo_candidate_update": (
        "beheerder",
        "post",
        _candidate,
        lambda w: {
            "first_name": "Karin",
            "last_name": "Smit",
            "source": "wachtlijst",
            "registered_on": "10-01-2025",
        },
        [("change", "candidate", "")],
    ),
    "imo_candidate_consent": (
        "beheerder",
        "post",
        _candidate,
        lambda w: {"given_on": "10-01-2025", "scope": "Zorginformatie delen met het IMO"},
        [("change", "candidate", "toestemming")],
    ),
    "imo_candidate_consent_withdraw": (
        "beheerder",
        "post",
        _consenting_candidate,
        lambda w: {"on": _today()},
        [("change", "candidate", "toestemming in")],
    ),
    "resident_create": (
        "beheerder",
        "post",
        lambda w: {"slug": "de-kade"},
        lambda w: {"first_name": "Dirk", "last_name": "Dekker"},
        [("create", "resident", "")],
    ),
    "resident_move_in": (
        "beheerder",
        "post",
        _newcomer,
        lambda w: {"unit": w.units[4].pk, "on": _today()},
        [("change", "resident", "intrek")],
    ),
    "resident_move_out": (
        "beheerder",
        "post",
        _anna,
        lambda w: {"on": _today(), "reason": "elders"},
        [("change", "resident", "vertrek")],
    ),
    # Who started support for whom (issue 9): Cor is nobody's client yet, so the begeleider's
    # start is a request; the sociaal beheerder's confirmation is in the trail too.
    "support_start": (
        "begeleider",
        "post",
        lambda w: {"slug": "de-kade", "pk": w.residents["cor"].pk},
        lambda w: {"on": _today(), "hours_per_week": "4"},
        [("change", "resident", "begeleiding aangevraagd")],
    ),
    "support_request_decide": (
        "beheerder",
        "post",
        MATRIX["support_request_decide"][0],
        lambda w: {"decision": "bevestigen"},
        [("change", "resident", "begeleiding bevestigd")],
    ),
    # Who needs help to evacuate: names and mobility, for the locatiebeheerder only.
    "safety_assistance": (
        "locatie",
        "get",
        lambda w: {"slug": "de-kade"},
        None,
        [("view", "community", "")],
    ),
    "support_end": (
        "begeleider",
        "post",
        MATRIX["support_end"][0],
        lambda w: {"on": _today()},
        [("change", "resident", "")],
    ),
    "imo_candidate_create": (
        "beheerder",
        "post",
        lambda w: {"slug": "de-kade"},
        lambda w: {
            "first_name": "Karin",
            "last_name": "Smit",
            "source": "wachtlijst",
            "registered_on": "10-01-2025",
        },
        [("create", "candidate", "")],
    ),
    "imo_participation_invite": (
        "beheerder",
        "post",
        _candidate,
        lambda w: {"title": "Informatieavond", "held_on": "01-06-2030"},
        [("change", "candidate", "uitnodiging")],
    ),
    "imo_follow_up_done": (
        "coach",
        "post",
        MATRIX["imo_follow_up_done"][0],
        lambda w: {"on": _today(), "note": "Gaat goed"},
        [("change", "candidate", "opvolging")],
    ),
    "signal_create": (
        "coach",
        "post",
        lambda w: {"slug": "de-kade"},
        lambda w: {
            "kind": "eenzaamheid",
            "severity": "midden",
            "reported_on": _today(),
            "reported_by": "Buurman",
            "residents": [w.residents["anna"].pk],
            "description": "Komt de deur niet meer uit",
        },
        [("create", "signal", "")],
    ),
    "signal_update": (
        "coach",
        "post",
        _signal,
        lambda w: {
            "kind": "eenzaamheid",
            "severity": "hoog",
            "reported_on": "05-03-2025",
            "reported_by": "Buurman",
            "residents": [w.residents["anna"].pk],
            "description": "Komt de deur niet meer uit",
        },
        [("change", "signal", "")],
    ),
    "signal_step_add": (
        "coach",
        "post",
        _signal,
        lambda w: {"taken_on": _today(), "description": "Gebeld"},
        [("change", "signal", "stap")],
    ),
    "signal_close": (
        "coach",
        "post",
        _signal,
        lambda w: {"closed_on": _today(), "outcome": "opgelost"},
        [("change", "signal", "afgesloten")],
    ),
}


def _governance_minutes(w):
    """De Kade's kerngroep (the coach is its secretary) with a meeting that has minutes."""
    from governance import services as governance
    from governance.models import Meeting
    from tests.access_rows.governance import _meeting

    kwargs = _meeting(w)
    meeting = Meeting.objects.get(pk=kwargs["meeting_pk"])
    governance.minutes_save(
        meeting=meeting, general="Notulen", texts={}, actor=system_actor("tests")
    )
    return kwargs


# Governance: reading a meeting's minutes (free text that may name people) is recorded.
AUDITED["governance_meeting"] = (
    "coach",
    "get",
    _governance_minutes,
    None,
    [("view", "minutes", "")],
)

# Lists of people (issue 9 item 7 adds one event per request with the number of people shown).
LIST_PAGES = {
    "resident_list",
    "outreach_not_reached",
    "attention_list",
    "talent_search",
    "signal_list",
    "imo_overview",
    "imo_follow_ups",
    "activity_list",
    "activity_detail",
    "support_requests",
    "governance_welcome",  # the IMO's handovers for the welcome committee: one list read
}

# Changes of a person's record whose events are checked by the chain test (they need a candidate
# in the right state: tests/test_imo_views.py::test_the_whole_chain_ends_in_a_move_in_that_...),
# or by the app's own tests (privacy: tests/test_subject_requests.py
# and tests/test_retention.py; bulk writes: import, activity export).
CHAIN = [
    "imo_meeting_advice",
    "imo_decision",
    "imo_handover",
    "imo_move_in",
]
ELSEWHERE = {
    "privacy_search",
    "privacy_person",
    "privacy_erase",
    "privacy_export_download",
    "privacy_export_json",
    "privacy_export_pdf",
    "import_data",
    "activity_export",
    "hours_export",
    "imo_agenda_download",
    "imo_offer_declined",
    # Governance downloads (tests/test_governance_views.py, tests/test_governance_documents.py).
    "governance_pdf_download",
    "governance_agreement_document",
}

# Pages that show or change no single person's record: the community's aggregates, units,
# staff's own work (hours), places, the safety plan, configuration, the IMO's planning.
NO_PERSON_RECORD = {
    "home",
    "healthz",
    "readyz",
    "community_list",
    "community_detail",
    "unit_list",
    "unit_create",
    "unit_update",
    "import_template",
    "activity_kinds",
    "activity_create",
    "activity_update",
    "activity_repeat",
    "participation",
    "other_contribution_create",
    "asset_list",
    "asset_create",
    "asset_update",
    "asset_delete",
    "safety_overview",
    "safety_plan_edit",
    "safety_contact_card",
    "safety_contact_create",
    "safety_contact_update",
    "safety_contact_delete",
    "safety_drill_create",
    "safety_drill_update",
    "safety_drill_delete",
    "signal_ladder",
    "signal_acute",
    "ladder_step_create",
    "ladder_step_update",
    "ladder_step_delete",
    "hours_overview",  # professionals' own hours against the norms, no resident
    "hours_log",
    "hours_norms_edit",
    "hours_entries",
    "imo_metrics",
    "imo_schedule",
    "imo_plan_ahead",
    "imo_vacancies",
    "imo_agenda_status",
    "imo_agenda_regenerate",
    "imo_meeting_update",
    "imo_meeting_attendance",
    "imo_meeting_minutes_approve",
    "imo_meeting_note",
    "imo_meeting_agenda_add",
    "imo_participation_attended",
    # Governance: bodies, meetings' agendas, decisions, action items and a community's documents
    # are no person's record; minutes are (see AUDITED), the welcome list is a list page.
    *(
        name
        for name in MATRIX
        if (name.startswith("governance_") or name.startswith("calendar_feed"))
        and name
        not in {
            "governance_meeting",
            "governance_welcome",
            "governance_pdf_download",
            "governance_agreement_document",
        }
    ),
    # Funding: organisations' money and hours, aggregates of signals; no person's record.
    "funding_overview",
    "funding_agreement_new",
    "funding_agreement_detail",
    "funding_agreement_edit",
    "funding_contribution_add",
    "funding_contribution_delete",
    "funding_one_off_add",
    "funding_norms",
    "funding_realised",
    "funding_spending",
    "funding_value",
    "funding_export",
    "funding_calculator",
    "funding_municipality",
    "funding_municipality_export",
    "funding_municipality_value",
    # The monitor: aggregates and anonymous survey answers, no person's record (its exports
    # write an export event, tests/test_monitor_views.py).
    "monitor_dashboard",
    "monitor_dashboard_export",
    "monitor_community",
    "monitor_community_export",
    "monitor_norms",
    "monitor_survey",
    "monitor_survey_links",
    "survey_answer",
    "survey_thanks",
    # The annual report's pages hold aggregates only; asking for a version, saving the draft
    # and the area report's download write their events (tests/test_reports.py).
    "reports_community",
    "reports_community_status",
    "reports_community_request",
    "reports_community_text",
    "reports_area",
    "reports_area_status",
    "reports_area_request",
    "reports_area_text",
    "reports_area_download",
}


def test_every_url_is_placed():
    placed = set(AUDITED) | LIST_PAGES | NO_PERSON_RECORD | set(CHAIN) | ELSEWHERE
    missing = set(MATRIX) - placed
    assert not missing, f"decide whether these URLs show a person's record: {sorted(missing)}"
    assert not (set(AUDITED) & LIST_PAGES), "a URL is either audited here or a list page"
    assert not (placed - set(MATRIX)), sorted(placed - set(MATRIX))


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_the_url_writes_exactly_the_expected_events(client, world, name):
    who, method, kwargs_for, data_for, expected = AUDITED[name]
    url = reverse(name, kwargs=kwargs_for(world))
    data = data_for(world) if data_for else None
    client.force_login(world.users[who])
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 302), (name, response.status_code)
    if method == "post":
        assert response.status_code == 302, response.content.decode()[:2000]
    events = AuditEvent.objects.exclude(pk__in=before).order_by("pk")
    assert [(e.action, e.object_type, e.detail) for e in events] == expected
    for event in events:
        assert event.user == world.users[who]
        assert event.path == url  # the request's path, written by the service
        assert event.community == world.community


@pytest.mark.parametrize("name", sorted(n for n, row in AUDITED.items() if row[1] == "post"))
def test_a_refused_change_writes_only_the_denial(client, world, name):
    _who, _method, kwargs_for, data_for, _expected = AUDITED[name]
    url = reverse(name, kwargs=kwargs_for(world))
    client.force_login(world.users["gemeente"])
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.post(url, data_for(world))
    assert response.status_code in (403, 404)
    events = AuditEvent.objects.exclude(pk__in=before)
    assert [(e.action, e.username, e.path) for e in events] == [("deny", "gemeente", url)]


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_a_list_page_writes_one_event_with_the_number_shown(client, world, name):
    """Issue 9, item 7: bulk reads are in the trail, one event per request."""
    from tests.test_csrf import _allowed_user

    kwargs_for, _outcomes = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world))
    if name == "talent_search":
        url += "?q=koken"
    user = _allowed_user(world, name)
    client.force_login(user)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    assert client.get(url).status_code == 200
    events = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(events) == 1, events
    event = events[0]
    assert (event.action, event.user, event.path) == ("view", user, url.split("?")[0])
    assert event.community == world.community and event.count >= 0


@pytest.mark.django_db
def test_selectors_and_services_require_an_actor(world):
    resident = world.residents["anna"]
    with pytest.raises(ValueError):
        record_read(actor=None, obj=resident, community=world.community)
    with pytest.raises(ValueError):
        record_list_read(actor=None, object_type="resident", count=3, community=world.community)


@pytest.mark.django_db
def test_a_system_actor_is_named_in_the_trail_and_a_list_read_counts_people(world):
    job = system_actor("imo.agendas_due")
    event = record_read(actor=job, obj=world.residents["anna"], community=world.community)
    assert event.user is None and event.username == "systeem:imo.agendas_due"
    assert event.path == "" and event.ip is None  # no request in a task
    listed = record_list_read(
        actor=world.users["coach"], object_type="resident", count=3, community=world.community
    )
    assert listed.count == 3 and listed.action == "view" and listed.object_id == ""
    with pytest.raises(ValueError):
        system_actor("  ")
