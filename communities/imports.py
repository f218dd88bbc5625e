"""Import of units and residents from CSV or XLSX for one community.

The file is read into a tablib Dataset here (so that encoding, delimiter, headers and row numbers
are under our control and every problem gets a Dutch message), and imported through
django-import-export's Resource machinery. An import is all-or-nothing: it runs in one transaction
that is rolled back when any row fails, also when it is not a dry run (DESIGN.md §6).
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import RowResult

from communities import services
from communities.constants import PriceClass
from communities.models import Community, Resident, Unit
from gemengdwonen.exports import unneutralise

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
# An XLSX sheet is read at most this many columns wide and for at most this long.
XLSX_MAX_COLUMNS = 50
XLSX_READ_SECONDS = 5
UNITS = "units"
RESIDENTS = "residents"
KINDS = (UNITS, RESIDENTS)
XLSX_MAGIC = b"PK\x03\x04"


# --- cell values -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as trimmed text. Whole numbers from a spreadsheet lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y") if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _single_line(value: Any) -> str:
    return " ".join(_text(value).split())


DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")


def _date(value: Any) -> datetime.date | None:
    """A date from a spreadsheet date cell, dd-mm-jjjj or jjjj-mm-dd. Empty gives None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    if isinstance(value, str):
        for date_format in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
            if parsed.year >= 1900:
                return parsed
    raise ValueError(
        _("'%(value)s' is geen geldige datum. Gebruik dd-mm-jjjj, bijvoorbeeld 01-03-2024.")
        % {"value": text}
    )


def _not_in_future(day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValueError(_("%(date)s ligt in de toekomst.") % {"date": day.strftime("%d-%m-%Y")})


def _whole_number(value: Any, *, minimum: int, maximum: int, message: str) -> int:
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _text(value)
        if not re.fullmatch(r"[0-9]+", text):
            raise ValueError(message)
        number = int(text)
    if not minimum <= number <= maximum:
        raise ValueError(message)
    return number


# --- widgets: one per column, each raising ValueError with a Dutch message --------------------


class RequiredTextWidget(widgets.Widget):
    def __init__(self, empty_message: str):
        super().__init__()
        self.empty_message = empty_message

    def clean(self, value, row=None, **kwargs):
        text = _single_line(value)
        if not text:
            raise ValueError(str(self.empty_message))
        return text


class SectionWidget(widgets.Widget):
    """A section of this community, by name (case-insensitive)."""

    def __init__(self, community: Community):
        super().__init__()
        self.sections = {s.name.casefold(): s for s in community.sections.all()}
        self.names = sorted(s.name for s in self.sections.values())

    def clean(self, value, row=None, **kwargs):
        name = _single_line(value)
        if not name:
            raise ValueError(_("Vul de naam van het deel in."))
        # The template neutralises a formula-like section name with a leading quote: read the
        # name back without it.
        section = self.sections.get(name.casefold()) or self.sections.get(
            unneutralise(name).casefold()
        )
        if section is None:
            message = _("Deel '%(name)s' bestaat niet op deze locatie.") % {"name": name}
            if self.names:
                message += " " + _("Bestaande delen: %(names)s.") % {"names": ", ".join(self.names)}
            raise ValueError(message)
        return section

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class RoomsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not _text(value):
            raise ValueError(_("Vul het aantal kamers in."))
        return _whole_number(
            value,
            minimum=1,
            maximum=100,
            message=_(
                "'%(value)s' is geen geldig aantal kamers: vul een geheel getal van 1 tot en met "
                "100 in."
            )
            % {"value": _text(value)},
        )


class SizeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not _text(value):
            return None
        return _whole_number(
            value,
            minimum=10,
            maximum=500,
            message=_("'%(value)s' is geen geldige oppervlakte: vul hele m² tussen 10 en 500 in.")
            % {"value": _text(value)},
        )


class PriceClassWidget(widgets.Widget):
    """'sociale huur', 'middenhuur', 'koop' in any case, or the stored values."""

    def clean(self, value, row=None, **kwargs):
        text = _single_line(value)
        if not text:
            raise ValueError(_("Vul de prijsklasse in: sociale huur, middenhuur of koop."))
        key = text.casefold().replace("_", " ").replace("-", " ")
        for choice in PriceClass:
            if key in {choice.value.replace("_", " "), str(choice.label).casefold()}:
                return choice.value
        raise ValueError(
            _("Onbekende prijsklasse '%(value)s'. Kies sociale huur, middenhuur of koop.")
            % {"value": text}
        )


class BirthDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        day = _date(value)
        _not_in_future(day)
        return day


class EmailWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        email = _text(value)
        if not email:
            return ""
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(
                _("'%(value)s' is geen geldig e-mailadres.") % {"value": email}
            ) from None
        return email


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        phone = _single_line(value)
        if not phone:
            return ""
        digits = sum(c.isdigit() for c in phone)
        if not re.fullmatch(r"\+?[0-9 ()\-.]+", phone) or not 6 <= digits <= 15:
            raise ValueError(
                _(
                    "'%(value)s' is geen geldig telefoonnummer. Gebruik cijfers, spaties, +, - "
                    "en haakjes."
                )
                % {"value": phone}
            )
        return phone


# --- resources ---------------------------------------------------------------------------------


class CommunityResource(resources.ModelResource):
    """A ModelResource scoped to one community; knows its Dutch columns."""

    # Column headers in file order; the required ones must be present in the file.
    COLUMNS: tuple[str, ...] = ()
    REQUIRED_COLUMNS: tuple[str, ...] = ()
    EXAMPLE_ROW: tuple[str, ...] = ()
    # Error keys that are not model fields, with their column.
    EXTRA_ERROR_COLUMNS: dict[str, str] = {}

    def __init__(self, *, community: Community, **kwargs):
        super().__init__(**kwargs)
        self.community = community

    def example_row(self) -> tuple[str, ...]:
        return self.EXAMPLE_ROW

    def get_queryset(self):
        return self._meta.model.objects.filter(community=self.community)

    def init_instance(self, row=None):
        return self._meta.model(community=self.community)

    def do_instance_save(self, instance, is_create):
        # A savepoint per save: a database error fails this row only, not the next rows.
        with transaction.atomic():
            super().do_instance_save(instance, is_create)

    def after_import(self, dataset, result, **kwargs):
        # Skip ModelResource's reset of the id sequence: ids never come from the file, and
        # resetting a sequence can clash with other transactions inserting at the same time.
        pass

    def column_for(self, key: str) -> str | None:
        for resource_field in self.fields.values():
            if resource_field.attribute == key:
                return resource_field.column_name
        return self.EXTRA_ERROR_COLUMNS.get(key)


class UnitResource(CommunityResource):
    COLUMNS = ("nummer", "deel", "kamers", "oppervlakte", "prijsklasse")
    REQUIRED_COLUMNS = ("nummer", "deel", "kamers", "prijsklasse")

    number = Field(
        attribute="number",
        column_name="nummer",
        widget=RequiredTextWidget(gettext_lazy("Vul het nummer van de eenheid in.")),
    )
    section = Field(attribute="section", column_name="deel")
    rooms = Field(attribute="rooms", column_name="kamers", widget=RoomsWidget())
    size_m2 = Field(attribute="size_m2", column_name="oppervlakte", widget=SizeWidget())
    price_class = Field(
        attribute="price_class", column_name="prijsklasse", widget=PriceClassWidget()
    )

    class Meta:
        model = Unit
        fields = ("number", "section", "rooms", "size_m2", "price_class")
        import_id_fields = ("number",)
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, community: Community, **kwargs):
        super().__init__(community=community, **kwargs)
        self.fields["section"].widget = SectionWidget(community)
        self.seen_numbers: set[str] = set()

    def example_row(self) -> tuple[str, ...]:
        section = self.community.sections.order_by("name").first()
        return ("101", section.name if section else "Vleugel A", "2", "45", "sociale huur")

    def before_import_row(self, row, **kwargs):
        number = _single_line(row.get("nummer"))
        if number:
            if number.casefold() in self.seen_numbers:
                raise ValidationError(
                    {
                        "number": _("Eenheid %(number)s staat meer dan eens in het bestand.")
                        % {"number": number}
                    }
                )
            self.seen_numbers.add(number.casefold())

    def get_instance(self, instance_loader, row):
        """An existing unit of this community with the same number is updated."""
        number = _single_line(row.get("nummer"))
        if not number:
            return None
        return self.get_queryset().filter(number=number).first()


class ResidentResource(CommunityResource):
    COLUMNS = (
        "voornaam",
        "achternaam",
        "geboortedatum",
        "email",
        "telefoon",
        "eenheid",
        "ingetrokken_op",
    )
    REQUIRED_COLUMNS = ("voornaam", "achternaam")
    EXAMPLE_ROW = (
        "Sanne",
        "de Vries",
        "15-04-1990",
        "sanne@example.org",
        "06-12345678",
        "101",
        "01-03-2024",
    )
    EXTRA_ERROR_COLUMNS = {"unit": "eenheid", "moved_in_on": "ingetrokken_op"}

    first_name = Field(
        attribute="first_name",
        column_name="voornaam",
        widget=RequiredTextWidget(gettext_lazy("Vul een voornaam in.")),
    )
    last_name = Field(
        attribute="last_name",
        column_name="achternaam",
        widget=RequiredTextWidget(gettext_lazy("Vul een achternaam in.")),
    )
    date_of_birth = Field(
        attribute="date_of_birth", column_name="geboortedatum", widget=BirthDateWidget()
    )
    email = Field(attribute="email", column_name="email", widget=EmailWidget())
    phone = Field(attribute="phone", column_name="telefoon", widget=PhoneWidget())

    class Meta:
        model = Resident
        fields = ("first_name", "last_name", "date_of_birth", "email", "phone")
        # Every row is a new resident: there is no reliable key to match an existing one.
        force_init_instance = True
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, community: Community, **kwargs):
        super().__init__(community=community, **kwargs)
        self.units = {unit.number.casefold(): unit for unit in community.units.all()}

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._read_move_in(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _read_move_in(self, instance, row, errors: dict) -> None:
        """The optional unit and move-in date: both or neither."""
        instance._import_move_in = None
        number = _single_line(row.get("eenheid"))
        unit = None
        if number:
            unit = self.units.get(number.casefold())
            if unit is None:
                errors["unit"] = [
                    _("Eenheid '%(number)s' bestaat niet op deze locatie.") % {"number": number}
                ]
        try:
            on = _date(row.get("ingetrokken_op"))
            _not_in_future(on)
        except ValueError as error:
            errors["moved_in_on"] = [str(error)]
            return
        if number and on is None:
            errors["moved_in_on"] = [
                _("Vul de datum van intrek in: die is verplicht als er een eenheid is ingevuld.")
            ]
        elif on is not None and not number:
            errors["moved_in_on"] = [_("Vul ook de eenheid in, of laat de datum van intrek leeg.")]
        elif on is not None and instance.date_of_birth and on < instance.date_of_birth:
            errors["moved_in_on"] = [_("De datum van intrek ligt vóór de geboortedatum.")]
        elif unit is not None:
            instance._import_move_in = (unit, on)

    def after_save_instance(self, instance, row, **kwargs):
        """Moves in through the service, so that every tenancy rule holds."""
        move_in = getattr(instance, "_import_move_in", None)
        if move_in is None or instance.pk is None:
            return
        unit, on = move_in
        services.resident_move_in(resident=instance, unit=unit, on=on)


RESOURCES: dict[str, type[CommunityResource]] = {UNITS: UnitResource, RESIDENTS: ResidentResource}


def resource_for(*, community: Community, kind: str) -> CommunityResource:
    return RESOURCES[kind](community=community)


def template_rows(*, community: Community, kind: str) -> tuple[list[str], list[dict]]:
    """The downloadable template: the headers and one example row (with a real section name of
    the community). Written by gemengdwonen.exports, which neutralises formula-like text: a
    section name typed as "=HYPERLINK(…)" must not run in the spreadsheet."""
    resource = resource_for(community=community, kind=kind)
    headers = list(resource.COLUMNS)
    return headers, [dict(zip(headers, resource.example_row(), strict=True))]


# --- reading the file --------------------------------------------------------------------------


class FileProblem(Exception):
    """A problem with the file as a whole; the message is Dutch and shown to the user."""


@dataclass
class ImportOutcome:
    """Created/updated are the numbers imported (or that would be, on a dry run); they are zero
    when anything failed, because then nothing is imported."""

    created: int = 0
    updated: int = 0
    row_errors: list[tuple[int, list[str]]] = field(default_factory=list)
    general_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.row_errors and not self.general_errors


@dataclass
class ParsedFile:
    dataset: tablib.Dataset
    # File row number (1 = the first line of the file) of every dataset row, in order.
    file_rows: list[int]
    row_errors: dict[int, list[str]]


def _header_key(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).casefold()).strip("_")


def _csv_records(raw: bytes) -> list[tuple[int, list[Any]]]:
    if raw.startswith(XLSX_MAGIC):
        raise FileProblem(_("Dit lijkt een Excel-bestand en geen CSV. Geef het de extensie .xlsx."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "Het bestand is geen geldige UTF-8 CSV. Sla het in Excel op als "
                "'CSV UTF-8 (door komma's gescheiden)' en probeer het opnieuw."
            )
        ) from None
    text = text.replace("\x00", "")
    lines = text.splitlines()
    first_line = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    skip_first = 0
    match = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    if match:  # Excel's own hint on the first line: "sep=;"
        delimiter = match.group(1)
        skip_first = 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        # The file is small (IMPORT_MAX_UPLOAD_BYTES), so reading it whole is fine.
        return [
            (number, record) for number, record in enumerate(reader, start=1) if number > skip_first
        ]
    except csv.Error:
        raise FileProblem(
            _("Het CSV-bestand kan niet worden gelezen. Controleer de aanhalingstekens.")
        ) from None


def _xlsx_records(raw: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    corrupt = _(
        "Het Excel-bestand kan niet worden gelezen. Is het een geldig .xlsx-bestand? Sla het "
        "in Excel opnieuw op als 'Excel-werkmap (.xlsx)', of als CSV UTF-8."
    )
    if not raw.startswith(XLSX_MAGIC):
        raise FileProblem(corrupt)
    try:
        # Formulas are never evaluated: a formula cell is read as its text.
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        logger.info("Unreadable xlsx upload", exc_info=True)
        raise FileProblem(corrupt) from None
    try:
        if not workbook.worksheets:
            raise FileProblem(corrupt)
        sheet = workbook.worksheets[0]
        # Trust the rows in the file, not the size the sheet claims (often a million rows).
        sheet.reset_dimensions()
        # Empty rows count towards the limit too: a sheet with a header, one row and a million
        # empty (formatted) rows would otherwise keep the import reading for half a minute. And
        # whatever the rows hold, reading stops after XLSX_READ_SECONDS.
        deadline = time.monotonic() + XLSX_READ_SECONDS
        too_long = FileProblem(
            _(
                "Het bestand bevat meer dan %(max)d regels (lege regels tellen mee). Verwijder "
                "de lege regels onder de gegevens, of splits het bestand."
            )
            % {"max": MAX_ROWS}
        )
        records = []
        rows = sheet.iter_rows(values_only=True, max_col=XLSX_MAX_COLUMNS)
        for number, values in enumerate(rows, start=1):
            if number > MAX_ROWS + 1:
                raise too_long
            if time.monotonic() > deadline:
                raise FileProblem(
                    _("Het bestand is te groot om in te lezen. Splits het in kleinere bestanden.")
                )
            record = list(values)
            if any(_text(v) for v in record):
                records.append((number, record))
        return records
    except FileProblem:
        raise
    except Exception:
        logger.info("Unreadable xlsx upload", exc_info=True)
        raise FileProblem(corrupt) from None
    finally:
        workbook.close()


def _parse(raw: bytes, extension: str, resource: CommunityResource) -> ParsedFile:
    records = _xlsx_records(raw) if extension == ".xlsx" else _csv_records(raw)
    records = [(n, r) for n, r in records if any(_text(v) for v in r)]
    if not records:
        raise FileProblem(_("Het bestand is leeg."))
    header_cells = records[0][1]
    headers = [_header_key(cell) for cell in header_cells]
    known = set(resource.COLUMNS)
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        if header not in known:
            raise FileProblem(
                _("Onbekende kolom '%(column)s'. Toegestane kolommen zijn: %(columns)s.")
                % {"column": _text(header_cells[position]), "columns": ", ".join(resource.COLUMNS)}
            )
        if header in positions:
            raise FileProblem(
                _("De kolom '%(column)s' staat meer dan eens in het bestand.") % {"column": header}
            )
        positions[header] = position
    missing = [column for column in resource.REQUIRED_COLUMNS if column not in positions]
    if "eenheid" in positions and "ingetrokken_op" not in positions:
        missing.append("ingetrokken_op")
    if missing:
        names = ", ".join(f"'{column}'" for column in missing)
        raise FileProblem(
            ngettext(
                "De kolom %(columns)s ontbreekt in de eerste regel van het bestand.",
                "De kolommen %(columns)s ontbreken in de eerste regel van het bestand.",
                len(missing),
            )
            % {"columns": names}
        )
    rows = records[1:]
    if not rows:
        raise FileProblem(_("Het bestand bevat alleen een kopregel en geen gegevens."))
    if len(rows) > MAX_ROWS:
        raise FileProblem(
            _("Het bestand bevat meer dan %(max)d regels. Splits het in kleinere bestanden.")
            % {"max": MAX_ROWS}
        )
    columns = list(positions)
    unnamed = [p for p, header in enumerate(headers) if not header]
    dataset = tablib.Dataset(headers=columns)
    file_rows, row_errors = [], {}
    for number, record in rows:
        extra = record[len(headers) :]
        if any(_text(v) for v in extra) or any(
            p < len(record) and _text(record[p]) for p in unnamed
        ):
            row_errors[number] = [
                _(
                    "Deze regel heeft een waarde in een kolom zonder kopje. Staat er een "
                    "scheidingsteken (komma of puntkomma) in een waarde? Zet die waarde dan "
                    "tussen aanhalingstekens."
                )
            ]
        dataset.append([record[p] if p < len(record) else None for p in positions.values()])
        file_rows.append(number)
    return ParsedFile(dataset=dataset, file_rows=file_rows, row_errors=row_errors)


def _read_upload(uploaded_file, limit: int) -> bytes:
    size = getattr(uploaded_file, "size", None)
    too_big = FileProblem(
        _("Het bestand is te groot: het mag hoogstens %(size)s zijn.")
        % {"size": filesizeformat(limit)}
    )
    if size is not None and size > limit:
        raise too_big
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    raw = uploaded_file.read(limit + 1)
    if len(raw) > limit:
        raise too_big
    return raw


# --- the import --------------------------------------------------------------------------------


def _messages(resource: CommunityResource, error_dict: dict) -> list[str]:
    messages = []
    for key, errors in error_dict.items():
        column = None if key == NON_FIELD_ERRORS else resource.column_for(key)
        for message in errors:
            messages.append(f"{column}: {message}" if column else str(message))
    return messages


def import_file(*, community: Community, kind: str, uploaded_file, dry_run: bool) -> ImportOutcome:
    """Import units or residents for the community from an uploaded CSV or XLSX file. All or
    nothing: when any row fails, nothing is changed and the outcome lists the errors per row
    (numbered as in the file, where the header is row 1)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind: {kind!r}")
    outcome = ImportOutcome()
    name = (getattr(uploaded_file, "name", "") or "").lower()
    extension = next((ext for ext in (".csv", ".xlsx") if name.endswith(ext)), None)
    resource = resource_for(community=community, kind=kind)
    try:
        if extension is None:
            raise FileProblem(
                _(
                    "Alleen CSV-bestanden (.csv) en Excel-bestanden (.xlsx) kunnen worden "
                    "geïmporteerd."
                )
            )
        raw = _read_upload(uploaded_file, settings.IMPORT_MAX_UPLOAD_BYTES)
        if not raw.strip():
            raise FileProblem(_("Het bestand is leeg."))
        parsed = _parse(raw, extension, resource)
    except FileProblem as problem:
        outcome.general_errors.append(str(problem))
        return outcome

    errors_by_row: dict[int, list[str]] = {n: list(m) for n, m in parsed.row_errors.items()}
    with transaction.atomic():
        try:
            result = resource.import_data(
                parsed.dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
        except Exception:
            logger.exception("Import of %s for %s failed", kind, community.slug)
            result = None
        if result is None or result.base_errors:
            for error in result.base_errors if result else []:
                logger.error("Import of %s failed: %s", kind, error.error, exc_info=error.error)
            outcome.general_errors.append(
                _("Het importeren is mislukt door een onverwachte fout. Er is niets gewijzigd.")
            )
        else:
            for number, row_errors in result.row_errors():
                for error in row_errors:
                    logger.error("Import row %s failed", number, exc_info=error.error)
                errors_by_row.setdefault(parsed.file_rows[number - 1], []).append(
                    _("Deze regel kon niet worden verwerkt door een onverwachte fout.")
                )
            for invalid in result.invalid_rows:
                errors_by_row.setdefault(parsed.file_rows[invalid.number - 1], []).extend(
                    _messages(resource, invalid.error_dict)
                )
            outcome.created = result.totals[RowResult.IMPORT_TYPE_NEW]
            outcome.updated = result.totals[RowResult.IMPORT_TYPE_UPDATE]
        outcome.row_errors = sorted(errors_by_row.items())
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
    if not outcome.ok:
        outcome.created = outcome.updated = 0
    return outcome
