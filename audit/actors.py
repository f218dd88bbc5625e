"""Who did it: every read or change of personal data names an actor. A person is a `User`; work
that no person started (a Celery task, a management command, the demo seeder) names a
`SystemActor`, so the trail says which job it was instead of nobody.

    from audit.actors import system_actor
    AGENDA_TASK = system_actor("imo.agendas_due")
    services.agenda_mail(meeting=meeting, by=AGENDA_TASK)
"""

from __future__ import annotations

from dataclasses import dataclass

SYSTEM_PREFIX = "systeem:"


@dataclass(frozen=True)
class SystemActor:
    """A named job acting without a person. Looks enough like an anonymous user that code asking
    `is_authenticated` or `pk` treats it as no person."""

    name: str
    is_authenticated = False
    pk = None
    organisation_id = None

    def get_username(self) -> str:
        return f"{SYSTEM_PREFIX}{self.name}"

    def get_full_name(self) -> str:
        return ""

    def __str__(self) -> str:
        return self.get_username()


def system_actor(name: str) -> SystemActor:
    """The actor of a task or command, e.g. `system_actor("imo.agendas_due")`."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("A system actor needs a short name (the task or command).")
    return SystemActor(name)


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)
