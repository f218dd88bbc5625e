"""Hostile input through the real views (issue 5, "Hostile input").

Every page of the access matrix that shows its own form is opened as a user allowed there; the
form's fields are collected from the page (so a new field is covered without a new test). A valid
submission is built from the form itself; then every free-text field gets HTML/JS payloads, a
10,000-character string and control characters, and every date and number field gets wrong
values. Each answer is either a Dutch form error with nothing changed, or a save whose value is
rendered escaped on the page the view redirects to. A 500 (an exception here) fails the test.
"""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.access_rows import MATRIX
from tests.test_csrf import _allowed_user

APP_LABELS = {"communities", "imo", "privacy", "governance", "financiering"}
TEXT_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x" * 10_000,
    "nul\x00byte",
    "\x1b[31mrood",
    "\u202eomgekeerd",
]
RAW_MARKERS = ["<script>alert(1)</script>", "<img src=x onerror"]
DATE_PAYLOADS = ["31-02-2026", "morgen"]
NUMBER_PAYLOADS = ["abc", "1e309", "-5"]
ENGLISH = ["This field", "Enter a valid", "Ensure this value", "Select a valid", "Null characters"]
# Pages whose form is not posted back to the page itself, or holds a file (imports have their own
# tests in tests/test_import.py), or is a formset (activity kinds: tests/test_activities_views.py),
# or takes one answer per link (the residents' survey: tests/test_monitor_survey.py).
SKIP = {"import_data", "activity_kinds", "survey_answer"}
COUNTS = {
    "forms": set(),
    "base_invalid": set(),
    "views": set(),
    "text_fields": set(),
    "typed_fields": set(),
    "payloads": 0,
}


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APP_LABELS
    }


def _page_form(response):
    form = response.context.get("form") if response.context else None
    if isinstance(form, forms.BaseForm) and form.fields:
        return form
    return None


def _value(form, name, field):
    """A valid-looking value for one field, from its initial value or its choices."""
    initial = form[name].value()
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(first.pk)] if first is not None and field.required else []
    if isinstance(field, forms.ModelChoiceField):
        if initial:
            return str(initial)
        first = field.queryset.first()
        return str(first.pk) if first is not None else ""
    if isinstance(field, forms.ChoiceField):
        if initial not in (None, ""):
            return str(initial)
        values = [str(v) for v, _ in field.choices if v not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return "on" if initial or field.required else ""
    if isinstance(field, forms.DateTimeField):
        if isinstance(initial, datetime.datetime):
            return initial.strftime("%Y-%m-%d %H:%M")
        return initial or "2025-03-03 10:00"
    if isinstance(field, forms.DateField):
        if isinstance(initial, datetime.date):
            return initial.isoformat()
        return initial or "2025-03-03"
    if isinstance(field, forms.TimeField):
        if isinstance(initial, datetime.time):
            return initial.strftime("%H:%M")
        return initial or "10:00"
    if isinstance(field, forms.EmailField):
        return initial or "iemand@example.nl"
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        if initial not in (None, ""):
            return str(initial)
        if name == "size_m2":
            return "50"
        return str(field.min_value if field.min_value is not None and field.min_value > 1 else 1)
    if isinstance(field, forms.CharField):
        return initial or ("020 123 4567" if name == "phone" else "Gewone tekst")
    return initial if initial is not None else ""


def _base_data(form):
    data = {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput) and form[name].value() in (None, ""):
            continue  # e.g. expected_version: empty means "no earlier version"
        value = _value(form, name, field)
        if value in ("", []) and not isinstance(field, forms.BooleanField | forms.ChoiceField):
            continue
        if value != "":
            data[form.add_prefix(name)] = value
    return data


def _is_free_text(field):
    return (
        type(field) is forms.CharField
        or (isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField))
        and not isinstance(field.widget, forms.HiddenInput)
    )


def _assert_dutch_error(form, form_name, field):
    assert form.errors, f"{form_name}.{field}: 200 without a form error"
    text = " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert not any(word in text for word in ENGLISH), f"{form_name}.{field}: {text}"


def _error_messages(page):
    """The error messages (django.contrib.messages) shown on a page, as one text."""
    return " ".join(
        str(message) for message in page.context["messages"] if message.level_tag == "error"
    )


def _assert_escaped(response, where):
    body = response.content.decode(errors="replace")
    for marker in RAW_MARKERS:
        assert marker not in body, f"raw {marker!r} in {where}"


# Fields the form clears when their switch is off (an unsupported candidate has no care details).
IGNORED_WHEN_OFF = {("CandidateForm", "support_hours_per_week")}
FORM_PAGES = sorted(set(MATRIX) - SKIP)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_hostile_input_in_every_form(world, name, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    kwargs_for, _ = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world))
    client = Client()
    client.force_login(_allowed_user(world, name))
    page = client.get(url)
    if page.status_code != 200:
        return
    form = _page_form(page)
    if form is None or page.context.get("filter") is not None:
        return  # no form of its own on this page (lists, details, exports)
    empty = client.post(url, {"x-leeg": "1"})  # not empty: `Form(request.POST or None)`
    if empty.status_code == 405 or (
        empty.status_code == 200 and not getattr(_page_form(empty), "is_bound", False)
    ):
        return  # a search form (GET) or a form that posts to another URL (covered there)
    COUNTS["views"].add(name)
    _attack(client, url, form, label=f"{name}:{type(form).__name__}", bound=_page_form)


def _attack(client, url, form, *, label, bound, fresh=dict):
    """Post every payload into every free-text, date and number field of `form` at `url`.
    `bound(response)` finds the re-rendered bound form in a 200 answer."""
    base = _base_data(form)
    for field_name, field in form.fields.items():
        key = form.add_prefix(field_name)
        if _is_free_text(field):
            COUNTS["text_fields"].add(f"{type(form).__name__}.{field_name}")
            COUNTS["forms"].add(type(form))
            payloads = TEXT_PAYLOADS
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            COUNTS["typed_fields"].add(f"{type(form).__name__}.{field_name}")
            payloads = DATE_PAYLOADS
        elif isinstance(field, forms.IntegerField | forms.DecimalField) and not isinstance(
            field.widget, forms.HiddenInput
        ):
            COUNTS["typed_fields"].add(f"{type(form).__name__}.{field_name}")
            payloads = NUMBER_PAYLOADS
        else:
            continue
        for payload in payloads:
            COUNTS["payloads"] += 1
            before = _row_counts()
            response = client.post(url, {**base, **fresh(), key: payload})
            where = f"{label}.{field_name} ← {payload[:30]!r}"
            assert response.status_code in (200, 302), f"{where}: {response.status_code}"
            _assert_escaped(response, where)
            if payloads is not TEXT_PAYLOADS or "\x00" in payload:
                # Wrong dates and numbers, and NUL bytes: a Dutch error, nothing changed.
                if (type(form).__name__, field_name) in IGNORED_WHEN_OFF:
                    continue  # cleared by the form when its switch is off: tested below
                if response.status_code == 302:
                    # Action URLs answer with a redirect and the errors as messages.
                    errors = _error_messages(client.get(response.url))
                    assert errors, f"{where}: accepted"
                    assert not any(word in errors for word in ENGLISH), f"{where}: {errors}"
                else:
                    assert bound(response).errors.get(field_name), f"{where}: no error"
                    _assert_dutch_error(bound(response), label, field_name)
                assert _row_counts() == before, f"{where}: rows changed"
            elif response.status_code == 200:
                _assert_dutch_error(bound(response), label, field_name)
                assert _row_counts() == before, f"{where}: rows changed on a form error"
            else:
                shown = client.get(response.url)
                assert shown.status_code == 200, where
                _assert_escaped(shown, f"{where} (shown on {response.url})")
    # Last (it may close or finish the object): was the base submission itself valid?
    if client.post(url, {**base, **fresh()}).status_code != 302:
        COUNTS["base_invalid"].add(label)


def _bound_of(form_class):
    """Finds the bound form of `form_class` in a page's context, also inside the lists of
    dicts the meeting page passes (one form per agenda point or candidate)."""

    def walk(value, depth=0):
        if isinstance(value, form_class) and value.is_bound:
            yield value
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                yield from walk(item, depth + 1)
        elif depth < 3 and isinstance(value, list | tuple):
            for item in value:
                yield from walk(item, depth + 1)

    def find(response):
        for context in response.context:
            for value in context.flatten().values():
                for form in walk(value):
                    return form
        raise AssertionError(f"no bound {form_class.__name__} in the page")

    return find


def _posted_elsewhere(world):
    """Forms shown on one page and posted to an action URL (the meeting's note and advice,
    follow-up done; the decision and handover forms need a candidate further in the process and
    are not covered here yet): (url name, kwargs, form as the view builds it, fresh data).
    `fresh()` gives the current edit version, as the page would after each save."""
    from imo.constants import CandidateStatus
    from imo.forms import AdviceForm, FollowUpDoneForm, NoteForm
    from imo.models import Advice, AgendaNote, Candidate
    from tests.access_rows import imo

    def version(queryset, key):
        def fresh():
            current = queryset.values_list("version", flat=True).first()
            return {key: str(current)} if current is not None else {}

        return fresh

    point = imo._meeting_point(world)
    note = NoteForm(prefix=f"note-{point['point']}")
    notes = AgendaNote.objects.filter(meeting_id=point["pk"], point=point["point"])
    pair = imo._meeting_candidate(world)
    # On the agenda (as candidate_put_on_agenda leaves it): the advice form is shown and used.
    Candidate.objects.filter(pk=pair["candidate_pk"]).update(status=CandidateStatus.ON_AGENDA)
    advice = AdviceForm(prefix=f"advice-{pair['candidate_pk']}")
    advices = Advice.objects.filter(meeting_id=pair["pk"], candidate_id=pair["candidate_pk"])
    return [
        ("imo_meeting_note", point, note, version(notes, note.add_prefix("expected_version"))),
        (
            "imo_meeting_advice",
            pair,
            advice,
            version(advices, advice.add_prefix("expected_version")),
        ),
        ("imo_follow_up_done", imo._follow_up(world), FollowUpDoneForm(), dict),
    ]


def test_hostile_input_in_forms_posted_to_an_action_url(world):
    client = Client()
    client.force_login(world.users["beheerder"])
    for name, kwargs, form, fresh in _posted_elsewhere(world):
        url = reverse(name, kwargs=kwargs)
        COUNTS["views"].add(name)
        _attack(
            client,
            url,
            form,
            label=f"{name}:{type(form).__name__}",
            bound=_bound_of(type(form)),
            fresh=fresh,
        )


FORM_MODULES = [
    "communities.forms",
    "communities.activities.forms",
    "communities.outreach.forms",
    "communities.signals.forms",
    "communities.hours.forms",
    "communities.safety.forms",
    "imo.forms",
    "privacy.forms",
]


def _forms_with_free_text():
    import importlib
    import inspect

    found = set()
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module_name
                and any(_is_free_text(f) for f in cls.base_fields.values())
            ):
                found.add(cls)
    return found


def test_report_counts():
    if not COUNTS["views"]:
        pytest.skip("run the whole file to get the counts")
    elsewhere = sorted(cls.__name__ for cls in _forms_with_free_text() - COUNTS["forms"])
    print(f"\nForms with free text not reached through their own page: {elsewhere}")
    print(
        f"\nHostile input: {len(COUNTS['views'])} form pages, "
        f"{len(COUNTS['text_fields'])} free-text fields × {len(TEXT_PAYLOADS)} payloads, "
        f"{len(COUNTS['typed_fields'])} date/number fields, {COUNTS['payloads']} POSTs; "
        f"valid base submission not built for: {sorted(COUNTS['base_invalid'])}"
    )


@pytest.mark.parametrize("hours", ["-5", "abc", "1e309", "61000"])
def test_negative_or_wrong_hours_of_a_supported_candidate_are_refused(world, hours):
    """The care details only count for a supported candidate: with the switch on, wrong hours
    get a Dutch error and no candidate is stored."""
    client = Client()
    client.force_login(world.users["beheerder"])
    url = reverse("imo_candidate_create", kwargs={"slug": "de-kade"})
    form = client.get(url).context["form"]
    data = {
        **_base_data(form),
        "supported": "on",
        "care_organisation": str(world.care.pk),
        "support_hours_per_week": hours,
    }
    before = _row_counts()
    response = client.post(url, data)
    assert response.status_code == 200
    # On the field (the form's own checks) or above the form (the service refuses negatives).
    _assert_dutch_error(response.context["form"], "CandidateForm", "support_hours_per_week")
    assert _row_counts() == before


# --- Files: imports and the import template (issue 9, items 12 and 15) -------------------------


def _xlsx_with_a_far_row(row_number: int) -> bytes:
    """A valid units sheet (header and one unit) whose XML also holds one empty formatted cell
    in row `row_number`: the reader fills every row in between, as Excel's "a million
    formatted rows" do."""
    import io
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["nummer", "deel", "kamers", "oppervlakte", "prijsklasse"])
    workbook.active.append(["A-1", "Vleugel A", 2, 45, "sociale huur"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = f'<row r="{row_number}"><c r="A{row_number}" s="0"/></row></sheetData>'
                data = data.replace(b"</sheetData>", far.encode())
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_with_a_million_empty_rows_is_refused_quickly(world):
    import time

    from communities import imports

    client = Client()
    client.force_login(world.users["beheerder"])
    before = _row_counts()
    started = time.monotonic()
    file = SimpleUploadedFile("eenheden.xlsx", _xlsx_with_a_far_row(1_000_000))
    response = client.post(
        reverse("import_data", args=["de-kade"]), {"kind": "eenheden", "file": file}
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "lege regels tellen mee" in response.content.decode()
    assert _row_counts() == before
    assert elapsed < 3, f"reading took {elapsed:.1f} s"
    # Just inside the limit the same file imports.
    near = SimpleUploadedFile("eenheden.xlsx", _xlsx_with_a_far_row(imports.MAX_ROWS + 1))
    outcome = imports.import_file(
        community=world.community, kind=imports.UNITS, uploaded_file=near, dry_run=True
    )
    assert outcome.ok, outcome


def test_the_import_template_neutralises_a_formula_section_name(world):
    """A section named like a formula must reach the spreadsheet as text; the template still
    imports as it is."""
    import csv
    import io

    from communities import imports

    world.units[0].section.name = '=HYPERLINK("http://example.org","klik")'
    world.units[0].section.save()
    for section in world.community.sections.exclude(pk=world.units[0].section.pk):
        section.name = "Z " + section.name  # the formula section comes first in the example
        section.save()
    client = Client()
    client.force_login(world.users["beheerder"])
    response = client.get(reverse("import_template", args=["de-kade"]), {"soort": "eenheden"})
    text = response.content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert example[header.index("deel")] == "'" + world.units[0].section.name
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header + example)
    file = SimpleUploadedFile("sjabloon.csv", text.encode("utf-8"))
    outcome = imports.import_file(
        community=world.community, kind=imports.UNITS, uploaded_file=file, dry_run=True
    )
    assert outcome.ok, outcome


# --- e-mail header injection (issue 9, item 11) --------------------------------------------------
# transaction=True: the request's transaction really commits, so the mail is sent inside the
# request as in production (ATOMIC_REQUESTS) and a failure there would be a 500.


def _invite(world, title):
    from tests.factories import CandidateFactory

    candidate = CandidateFactory(community=world.community, email="kandidaat@example.org")
    client = Client()
    client.force_login(world.users["beheerder"])
    url = reverse("imo_participation_invite", kwargs={"slug": "de-kade", "pk": candidate.pk})
    return candidate, client.post(url, {"title": title, "held_on": "2025-03-03"})


@pytest.mark.django_db(transaction=True)
def test_a_header_injection_title_is_refused_before_anything_is_saved(world, mailoutbox):
    candidate, response = _invite(world, "Informatieavond\r\nBcc: iedereen@example.org")
    assert response.status_code == 200
    _assert_dutch_error(response.context["form"], "ParticipationInviteForm", "title")
    assert not candidate.participations.exists()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_after_commit_keeps_the_invite_and_is_no_error_page(world, settings):
    from outbox.constants import MailStatus
    from outbox.models import Mail

    # The mail server hangs up: the mail goes through the outbox after the commit and fails
    # there (listed, retried), never in the request.
    settings.EMAIL_BACKEND = "tests.fault_mail.DownBackend"
    candidate, response = _invite(world, "Informatieavond")
    assert response.status_code == 302
    assert candidate.participations.get().title == "Informatieavond"
    assert Mail.objects.get(to="kandidaat@example.org").status != MailStatus.SENT
