"""Writing the audit trail, and its retention.

Selectors and services that read or change personal data record the event themselves, with a
required actor (a user, or a named system actor for tasks and commands: `audit.actors`):

- `record_read(actor=..., obj=..., community=...)`: one record shown (a resident's page);
- `record_list_read(actor=..., object_type=..., count=..., community=...)`: a list of people
  shown, one event per request with the number of people in it;
- `record_write(actor=..., obj=..., community=..., action=..., detail=...)`: one record
  created, changed or deleted;
- `record_bulk(...)`: an action on many rows at once (an import, an anonymisation run).

Views do not record (the older `record_view`/`record_change` remain for the few views that touch
a record no service does, such as a file download). The client address and path come from the
request being handled (`audit.context`). Events are written in the caller's transaction: when it
rolls back, nothing happened and the event goes with it. A selector records after the object was
fetched through the user's scope, so a refused request writes nothing.
"""

from __future__ import annotations

import datetime
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from audit.actors import SystemActor
from audit.constants import Action
from audit.context import current_request
from audit.models import AuditEvent

DETAIL_MAX_LENGTH = AuditEvent._meta.get_field("detail").max_length
PATH_MAX_LENGTH = AuditEvent._meta.get_field("path").max_length
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def object_type_of(obj: models.Model) -> str:
    """The trail's name for a kind of record: the model name in snake case (Resident ->
    "resident", SupportPeriod -> "support_period")."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", obj._meta.object_name).lower()


def _client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR only. X-Forwarded-For and friends are written by the client and can be
    forged, and a forged address must never stand in the trail. Behind a reverse proxy the
    server in front has to hand over the client's address as REMOTE_ADDR (e.g. PROXY protocol);
    otherwise the trail records the proxy's address, which is true if less useful."""
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _checked_detail(detail: str) -> str:
    """`detail` is a fixed description chosen by the developer ("intrek", "import bewoners"), not
    user input or field values: those could carry names or care data into a trail kept for
    years. A long or multi-line detail is a sign of that mistake, so it is refused."""
    detail = detail.strip()
    if len(detail) > DETAIL_MAX_LENGTH or _CONTROL_CHARACTERS.search(detail):
        raise ValueError(
            "An audit detail is a short fixed description, not free text or field values."
        )
    return detail


def record(
    *,
    user,
    action: Action | str,
    object_type: str,
    object_id: object = None,
    community=None,
    count: int = 1,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one event. `user` may be None (a task, or `request.user` when a request is given)
    or a SystemActor (written by its name); an anonymous user is written as no user. `count` is
    the number of rows for bulk actions and list reads. Without `request`, the request being
    handled (if any) gives the address and path."""
    event = _event(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        community=community,
        count=count,
        detail=detail,
        request=request,
    )
    event.save()
    return event


def _event(
    *,
    user,
    action: Action | str,
    object_type: str,
    object_id: object = None,
    community=None,
    count: int = 1,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """The unsaved event that `record` writes (its rules, in one place)."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action: {action!r}")
    if count < 0:
        raise ValueError("An audit count cannot be negative.")
    if request is None:
        request = current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    username = ""
    if isinstance(user, SystemActor):
        username, user = user.get_username(), None
    elif user is not None and not user.is_authenticated:
        user = None
    return AuditEvent(
        user=user,
        username=user.get_username() if user is not None else username,
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        community=community,
        count=count,
        detail=_checked_detail(detail),
        ip=_client_ip(request) if request is not None else None,
        path=request.path[:PATH_MAX_LENGTH] if request is not None else "",
    )


def _required(actor):
    """A service or selector must say who acts: a signed-in user or a SystemActor."""
    if isinstance(actor, SystemActor):
        return actor
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise ValueError(
            "An audit event needs an actor: a signed-in user, or a system actor "
            "(audit.actors.system_actor) for tasks and commands."
        )
    return actor


def record_read(*, actor, obj: models.Model, community, detail: str = "") -> AuditEvent:
    """`actor` was shown `obj` (a resident's page, a candidate's care details)."""
    return record(
        user=_required(actor),
        action=Action.VIEW,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        community=community,
        detail=detail,
    )


def record_list_read(
    *, actor, object_type: str, count: int, community, detail: str = ""
) -> AuditEvent:
    """`actor` was shown a list of `count` people's records of `object_type` (a list page, a
    search result): one event per request, with the number of people shown."""
    return record(
        user=_required(actor),
        action=Action.VIEW,
        object_type=object_type,
        community=community,
        count=count,
        detail=detail,
    )


def record_write(
    *,
    actor,
    obj: models.Model,
    community,
    action: Action | str = Action.CHANGE,
    detail: str = "",
) -> AuditEvent:
    """`actor` created, changed or deleted `obj`; `detail` says what kind of change in a few
    fixed words ("intrek"), never with values."""
    return record(
        user=_required(actor),
        action=action,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        community=community,
        detail=detail,
    )


def record_view(request: HttpRequest, obj: models.Model, *, community) -> AuditEvent:
    """The user of `request` viewed `obj` (a resident's page, a candidate's care details...)."""
    return record(
        user=request.user,
        action=Action.VIEW,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        community=community,
        request=request,
    )


def record_change(
    request: HttpRequest,
    obj: models.Model,
    *,
    community,
    action: Action | str = Action.CHANGE,
    detail: str = "",
) -> AuditEvent:
    """The user of `request` created, changed or deleted `obj`; `detail` says what kind of
    change in a few fixed words ("intrek"), never with values."""
    return record(
        user=request.user,
        action=action,
        object_type=object_type_of(obj),
        object_id=obj.pk,
        community=community,
        detail=detail,
        request=request,
    )


def record_bulk(
    request: HttpRequest | None,
    *,
    action: Action | str,
    object_type: str,
    count: int,
    community=None,
    detail: str = "",
    user=None,
) -> AuditEvent:
    """One event for an action on many rows at once (an import, an export, an anonymisation
    run), with the number of rows. Without a request (a Celery task) `user` may be None."""
    return record(
        user=user,
        action=action,
        object_type=object_type,
        community=community,
        count=count,
        detail=detail,
        request=request,
    )


def record_bulk_many(
    request: HttpRequest | None,
    *,
    action: Action | str,
    object_type: str,
    count: int,
    communities: list,
    detail: str = "",
    user=None,
) -> list[AuditEvent]:
    """`record_bulk` for each of `communities` (an export over many locations: each location's
    trail shows it), written in one INSERT."""
    return AuditEvent.objects.bulk_create(
        [
            _event(
                user=user,
                action=action,
                object_type=object_type,
                community=community,
                count=count,
                detail=detail,
                request=request,
            )
            for community in communities
        ]
    )


def record_denied(request: HttpRequest, *, status: int, community=None) -> AuditEvent | None:
    """A signed-in user was refused (403) or did not find (404) a page of a location: tried ids
    and pages of other locations show in the trail. The page's name and the id asked for are
    recorded, nothing of the answer."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return None
    name = ":".join(filter(None, [match.namespace, match.url_name])) or "?"
    object_id = match.kwargs.get("pk", "")
    return record(
        user=user,
        action=Action.DENY,
        object_type="page",
        object_id=object_id,
        community=community,
        detail=f"{status} {name}",
        request=request,
    )


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the events older than AUDIT_RETENTION_DAYS; the number deleted. Safe to run twice:
    a second run finds nothing left to delete."""
    days = settings.AUDIT_RETENTION_DAYS
    if days < 1:
        # A zero or negative period would wipe the whole trail in one run.
        raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 1.")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return AuditEvent.objects._purge_before(cutoff)
