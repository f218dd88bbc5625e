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


def run_service(form: forms.BaseForm, call: Callable[[], object]) -> bool:
    """Run a service; a rule it refuses becomes an error on the form. True when it succeeded."""
    try:
        call()
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True
