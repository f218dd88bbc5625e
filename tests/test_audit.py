"""The audit trail (NEN 7513): reads and changes of residents are written at view level, a refused
request writes nothing, the trail is append-only (in the model and, on PostgreSQL, in the
database), the retention purge removes only expired events, and the functioneel beheerder can
search it in the admin but change nothing."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit import services, tasks
from audit.constants import Action
from audit.models import AppendOnlyError, AuditEvent
from communities.models import Resident
from tests.factories import UserFactory
from tests.test_import import RESIDENT_HEADER, UNIT_HEADER, csv_file, post

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


def resident_url(world, resident, name="resident_detail"):
    return reverse(name, kwargs={"slug": resident.community.slug, "pk": resident.pk})


def events_about(resident, action=None):
    events = AuditEvent.objects.filter(object_type="resident", object_id=str(resident.pk))
    return events.filter(action=action) if action else events


def an_event(**kwargs):
    return services.record(
        user=None, action=Action.VIEW, object_type="resident", object_id=1, **kwargs
    )


# --- what the views write ----------------------------------------------------------------------


def test_viewing_a_resident_writes_one_view_event(client, world):
    anna = world.residents["anna"]
    coach = world.users["coach"]
    client.force_login(coach)
    response = client.get(
        resident_url(world, anna), REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert response.status_code == 200
    event = events_about(anna).get()
    assert event.action == Action.VIEW
    assert (event.user, event.username) == (coach, "coach")
    assert event.community == world.community
    assert event.count == 1
    # REMOTE_ADDR only: a forwarded-for header is written by the client and can be forged.
    assert event.ip == "10.1.2.3"
    assert event.path == resident_url(world, anna)
    assert event.object_label == f"Bewoner #{anna.pk}"


@pytest.mark.parametrize(
    ("who", "status"),
    [("bewoner", 403), ("gemeente", 403), ("buitenstaander", 404)],
)
def test_a_refused_view_writes_a_denial_not_a_view(client, world, who, status):
    """Issue 9: denied attempts on personal data are in the trail (who, which page, which id),
    as a denial, never as a view of the resident."""
    anna = world.residents["anna"]
    client.force_login(world.users[who])
    assert client.get(resident_url(world, anna)).status_code == status
    assert not events_about(anna).exists()
    denial = AuditEvent.objects.get(action=Action.DENY)
    assert (denial.username, denial.object_type, denial.object_id) == (who, "page", str(anna.pk))
    assert denial.detail == f"{status} resident_detail"
    assert denial.community == world.community
    assert denial.path == resident_url(world, anna)


def test_an_id_from_another_community_writes_a_denial(client, world):
    foreign = world.foreign_resident
    client.force_login(world.users["coach"])
    url = reverse("resident_detail", kwargs={"slug": "de-kade", "pk": foreign.pk})
    assert client.get(url).status_code == 404
    denial = AuditEvent.objects.get()
    assert (denial.action, denial.object_id, denial.detail) == (
        Action.DENY,
        str(foreign.pk),
        "404 resident_detail",
    )


def test_anonymous_and_allowed_requests_write_no_denial(client, world):
    assert client.get(resident_url(world, world.residents["anna"])).status_code == 302
    client.force_login(world.users["coach"])
    client.get(reverse("community_detail", kwargs={"slug": "de-kade"}))
    assert not AuditEvent.objects.filter(action=Action.DENY).exists()


# --- bulk reads (issue 9, item 7; creations: tests/test_audit_matrix.py) --------------------------


def _list_urls(world):
    from tests.factories import FollowUpActionFactory

    FollowUpActionFactory(candidate__community=world.community)
    slug = {"slug": "de-kade"}
    return [
        (reverse("signal_list", kwargs=slug), "signal", Action.VIEW),
        (reverse("signal_list", kwargs=slug) + "?export=csv", "signal", Action.EXPORT),
        (reverse("resident_list", kwargs=slug), "resident", Action.VIEW),
        (reverse("attention_list", kwargs=slug), "resident", Action.VIEW),
        (reverse("outreach_not_reached", kwargs=slug), "resident", Action.VIEW),
        (reverse("imo_overview", kwargs=slug), "candidate", Action.VIEW),
        (reverse("imo_follow_ups", kwargs=slug), "candidate", Action.VIEW),
        (reverse("hours_export", kwargs=slug), "time_entry", Action.EXPORT),
        (reverse("talent_search", kwargs=slug) + "?q=koken", "talent", Action.VIEW),
        (reverse("activity_list", kwargs=slug), "activity", Action.VIEW),
        (reverse("activity_export", kwargs=slug), "activity", Action.EXPORT),
    ]


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_every_list_page_and_export_writes_one_row_with_its_count(client, world):
    """Attack: ten list pages and exports as the coach wrote zero audit rows."""
    client.force_login(world.users["coach"])
    for url, object_type, action in _list_urls(world):
        last = _last_event_id()
        response = client.get(url)
        assert response.status_code == 200, url
        events = list(AuditEvent.objects.filter(id__gt=last))
        assert len(events) == 1, (url, events)
        assert (events[0].object_type, events[0].action) == (object_type, action), url
        assert events[0].username == "coach" and events[0].community == world.community
    # The count is the number of rows shown: the resident list shows all three residents.
    last = _last_event_id()
    client.get(reverse("resident_list", kwargs={"slug": "de-kade"}))
    assert AuditEvent.objects.get(id__gt=last).count == 3


def test_move_in_writes_a_change_event(client, world):
    newcomer = Resident.objects.create(
        community=world.community, first_name="Dirk", last_name="Smit"
    )
    client.force_login(world.users["beheerder"])
    response = client.post(
        resident_url(world, newcomer, "resident_move_in"),
        {"unit": world.units[4].pk, "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    event = events_about(newcomer).get()
    assert (event.action, event.detail, event.username) == (Action.CHANGE, "intrek", "beheerder")
    assert event.community == world.community


def test_a_refused_move_in_writes_no_event(client, world):
    cor = world.residents["cor"]  # already lives in a unit since 2024
    client.force_login(world.users["beheerder"])
    response = client.post(
        resident_url(world, cor, "resident_move_in"),
        {"unit": world.units[4].pk, "on": "2024-02-01"},
    )
    assert response.status_code == 200
    assert not events_about(cor).exists()


def test_creating_and_editing_a_resident_are_audited(client, world):
    client.force_login(world.users["beheerder"])
    response = client.post(
        reverse("resident_create", kwargs={"slug": "de-kade"}),
        {"first_name": "Eva", "last_name": "Mulder"},
    )
    assert response.status_code == 302
    eva = Resident.objects.get(last_name="Mulder")
    response = client.post(
        resident_url(world, eva, "resident_update"), {"first_name": "Eva", "last_name": "Mulder"}
    )
    assert response.status_code == 302
    assert sorted(events_about(eva).values_list("action", flat=True)) == ["change", "create"]


def test_support_changes_are_audited_without_care_data(client, world):
    """Who started support for whom is in the trail (issue 9): the user, the resident and the
    kind of change; never the care organisation or the hours."""
    anna = world.residents["anna"]  # a client of Horizon since 2024
    client.force_login(world.users["begeleider"])
    response = client.post(
        reverse(
            "support_end",
            kwargs={"slug": "de-kade", "pk": anna.pk, "period_pk": world.own_period.pk},
        ),
        {"on": "2024-09-01"},
    )
    assert response.status_code == 302
    response = client.post(
        resident_url(world, anna, "support_start"), {"on": "2025-01-01", "hours_per_week": "6"}
    )
    assert response.status_code == 302
    events = list(events_about(anna, Action.CHANGE).order_by("id"))
    assert [(e.username, e.detail) for e in events] == [
        ("begeleider", ""),
        ("begeleider", "begeleiding gestart"),
    ]
    for event in events:
        assert world.care.name not in str(event.__dict__)
        assert anna.last_name not in str(event.__dict__)


def test_an_import_writes_one_event_with_the_number_of_rows(client, world):
    vacant = world.units[4]
    file = csv_file(
        RESIDENT_HEADER,
        f"Dirk,Smit,01-02-1980,,,{vacant.number},01-05-2024",
        "Eva,van Dam,1975-12-31,,,,",
        "Fien,de Wit,,,,,",
    )
    assert post(client, world, "bewoners", file).status_code == 302
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert (event.object_type, event.count, event.username) == ("resident", 3, "beheerder")
    assert event.community == world.community
    assert event.object_id == ""


def test_a_failed_import_writes_no_event(client, world):
    file = csv_file(UNIT_HEADER, "A-201,Vleugel A,3,60,sociale huur", "A-202,Onbekend,1,,koop")
    response = post(client, world, "eenheden", file)
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_downloading_the_import_template_is_not_audited(client, world):
    client.force_login(world.users["beheerder"])
    url = reverse("import_template", args=["de-kade"]) + "?soort=bewoners"
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.exists()


# --- the record service ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "privacyfunctionaris"])
def test_a_subject_export_is_in_the_trail_with_its_reason(client, world, who):
    """Issue 9, item 9: only the privacy officer exports, and the trail says why; the staff
    flag alone is refused and writes nothing."""
    anna = world.residents["anna"]
    client.force_login(world.users[who])
    url = reverse("privacy_export_json", kwargs={"kind": "bewoner", "pk": anna.pk})
    response = client.post(url, {"reason": "rectificatie"})
    if who == "staf":
        assert response.status_code == 403
        assert not events_about(anna).exists()
        return
    assert response.status_code == 200
    event = events_about(anna, Action.EXPORT).get()
    assert event.username == "privacyfunctionaris"
    assert event.detail == "inzageverzoek: JSON; reden: rectificatie"


def test_record_refuses_free_text_and_unknown_actions(db):
    with pytest.raises(ValueError):
        an_event(detail="Anna Jansen\nbegeleid door Zorggroep Horizon, 7 uur per week")
    with pytest.raises(ValueError):
        an_event(detail="x" * 201)
    with pytest.raises(ValueError):
        services.record(user=None, action="peek", object_type="resident", object_id=1)
    assert not AuditEvent.objects.exists()


def test_the_trail_survives_the_deletion_of_the_user(db):
    user = UserFactory(username="tijdelijk")
    services.record(user=user, action=Action.EXPORT, object_type="report", count=12)
    user.delete()  # on PostgreSQL the trigger lets this one UPDATE (user_id -> NULL) through
    event = AuditEvent.objects.get()
    assert (event.user, event.username, event.count) == (None, "tijdelijk", 12)


# --- append-only -------------------------------------------------------------------------------


def test_an_event_cannot_be_changed_or_deleted(db):
    event = an_event()
    event.detail = "iets anders"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(object_id="2")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["detail"])
    # An unsaved copy with the pk of the existing row inserts (and fails), never updates it.
    copy = AuditEvent(pk=event.pk, action=Action.DELETE, object_type="resident", object_id="9")
    with pytest.raises(DatabaseError), transaction.atomic():
        copy.save()
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.detail) == (Action.VIEW, "1", "")


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET object_id = '2'",
        "UPDATE audit_auditevent SET username = 'iemand', user_id = NULL",
        "DELETE FROM audit_auditevent",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_event_on_postgresql(db, sql):
    an_event()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get().object_id == "1"


@postgres_only
def test_the_purge_permission_ends_with_the_purge_on_postgresql(db):
    services.purge_expired()
    an_event()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1


# --- retention ---------------------------------------------------------------------------------


def events_at(when, n=1):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return [an_event() for _ in range(n)]


def test_purge_deletes_only_expired_events_and_runs_twice_safely(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    events_at(now - datetime.timedelta(days=31), n=2)
    kept = events_at(now - datetime.timedelta(days=29)) + events_at(now)
    assert services.purge_expired(now=now) == 2
    assert services.purge_expired(now=now) == 0
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {e.pk for e in kept}


def test_the_purge_task_uses_the_configured_period(db, settings):
    settings.AUDIT_RETENTION_DAYS = 365 * 7
    events_at(timezone.now() - datetime.timedelta(days=365 * 7 + 1))
    events_at(timezone.now() - datetime.timedelta(days=365 * 7 - 1))
    assert tasks.purge_expired.delay().get() == 1
    assert AuditEvent.objects.count() == 1


def test_a_retention_below_one_day_is_refused(db, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.AUDIT_RETENTION_DAYS = 0
    an_event()
    with pytest.raises(ImproperlyConfigured):
        services.purge_expired()
    assert AuditEvent.objects.count() == 1


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def beheerder(db):
    return UserFactory(username="functioneelbeheer", is_staff=True, is_superuser=True)


def test_the_functioneel_beheerder_searches_the_trail(client, world, beheerder):
    anna, bram = world.residents["anna"], world.residents["bram"]
    client.force_login(world.users["coach"])
    client.get(resident_url(world, anna))
    client.force_login(world.users["locatie"])
    client.get(resident_url(world, bram))
    client.force_login(beheerder)
    url = reverse("admin:audit_auditevent_changelist")

    response = client.get(url, {"q": str(anna.pk)})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(events_about(anna))
    response = client.get(url, {"q": "locatie"})
    assert [e.username for e in response.context["cl"].result_list] == ["locatie"]
    response = client.get(url, {"action": "view", "object_type": "resident"})
    assert response.context["cl"].result_count == 2
    assert f"Bewoner #{anna.pk}" in response.content.decode()
    response = client.get(url, {"community__id__exact": world.other_community.pk})
    assert response.context["cl"].result_count == 0


def test_the_admin_cannot_add_change_or_delete_events(client, world, beheerder):
    event = an_event(community=world.community)
    client.force_login(beheerder)
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = client.get(change_url)
    assert response.status_code == 200  # view only
    assert not response.context["has_change_permission"]
    response = client.post(change_url, {"object_id": "2"})
    assert response.status_code == 403
    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(
        changelist.wsgi_request
    )
    assert AuditEvent.objects.get().object_id == "1"


@pytest.mark.parametrize("who", ["coach", "anonymous"])
def test_others_cannot_reach_the_trail(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    url = reverse("admin:audit_auditevent_changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
