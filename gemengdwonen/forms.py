"""Form helpers every app uses."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(
    form: forms.BaseForm, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """A rule a service refused, as an error on the form: on the field it names when the form
    has that field (`field_names` maps a model field to the form field showing it), otherwise
    on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (field_names or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceOutcome:
    """What `run_service` returns: true when the service succeeded, with its return value in
    `result` (None when it failed)."""

    __slots__ = ("ok", "result")

    def __init__(self, ok: bool, result: object = None):
        self.ok = ok
        self.result = result

    def __bool__(self) -> bool:
        return self.ok


def run_service(form: forms.BaseForm, call: Callable[[], object]) -> ServiceOutcome:
    """Run a service for a form. A rule it refuses (ValidationError) becomes an error on the
    form and the outcome is false; a refusal of the user (PermissionDenied) is not caught, so
    Django answers 403 with the service's reason on the page. On success the outcome is true and
    carries the service's return value:

        if created := run_service(form, lambda: services.thing_create(...)):
            return redirect(created.result)
    """
    try:
        result = call()
    except ValidationError as error:
        add_service_error(form, error)
        return ServiceOutcome(False)
    return ServiceOutcome(True, result)
