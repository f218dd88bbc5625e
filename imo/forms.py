"""Forms of the IMO pages. They validate input only; every write goes through imo.services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.constants import OrganisationKind, Role
from communities.forms import DateInput
from communities.models import Community, Organisation, User
from imo.constants import (
    AdviceKind,
    Attendance,
    CandidateSource,
    DecisionKind,
)
from imo.models import Candidate, IntakeMeeting, MeetingSchedule, Vacancy


def today():
    return timezone.localdate()


# Care details (special-category data): only in the form of someone who may see them.
CARE_FIELDS = tuple(Candidate.CARE_FIELDS)
BASE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "registered_on",
    "vacancy",
    "source",
    "proposed_by",
    "existing_resident",
    "supported",
    "motivation",
    "willingness",
)


def _clean_text(value: str) -> str:
    return " ".join(value.split())


class VacancyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Eenheid"), queryset=Vacancy.objects.none())
    available_from = forms.DateField(label=_("Vrij vanaf"), widget=DateInput())
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units of this community can be chosen: a forged id is "not a valid choice".
        self.fields["unit"].queryset = community.units.select_related("section").order_by("number")
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.number} ({unit.section})"


class CandidateForm(forms.ModelForm):
    """Register or change a candidate. The care fields are in the form only for a user who may
    see them (`with_care`); they are required for a supported candidate and dropped for an
    unsupported one (no stray care data about someone who is not supported)."""

    class Meta:
        model = Candidate
        fields = [*BASE_FIELDS, *CARE_FIELDS]
        widgets = {
            "registered_on": DateInput(),
            "motivation": forms.Textarea(attrs={"rows": 4}),
            "fallback_place": forms.Textarea(attrs={"rows": 2}),
            "special_tenancy_conditions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "proposed_by": _("Alleen bij herkomst ‘voorgedragen door zorgaanbieder’."),
            "existing_resident": _("Alleen bij doorstroom binnen de locatie."),
            "supported": _("Begeleid: de kandidaat krijgt begeleiding van een zorgaanbieder."),
        }

    def __init__(self, *args, community: Community, with_care: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.with_care = with_care
        if not with_care:
            for name in CARE_FIELDS:
                del self.fields[name]
        self.fields["registered_on"].initial = today
        self.fields["registered_on"].required = False
        vacancies = community.vacancies.filter(status="open").select_related("unit")
        if self.instance.vacancy_id:
            vacancies = vacancies | community.vacancies.filter(pk=self.instance.vacancy_id)
        self.fields["vacancy"].queryset = vacancies.order_by("available_from")
        self.fields["vacancy"].label_from_instance = lambda v: (
            _("%(unit)s, vrij vanaf %(date)s")
            % {"unit": v.unit.number, "date": v.available_from.strftime("%d-%m-%Y")}
        )
        care_orgs = Organisation.objects.filter(kind=OrganisationKind.ZORGAANBIEDER).order_by(
            "name"
        )
        self.fields["proposed_by"].queryset = care_orgs
        if "care_organisation" in self.fields:
            self.fields["care_organisation"].queryset = care_orgs
            self.fields["support_hours_per_week"].min_value = 0
        self.fields["existing_resident"].queryset = (
            community.residents.filter(stays__end_date__isnull=True)
            .distinct()
            .order_by("last_name", "first_name")
        )

    def clean_first_name(self):
        value = _clean_text(self.cleaned_data["first_name"])
        if not value:
            raise forms.ValidationError(_("Dit veld is verplicht."))
        return value

    def clean_last_name(self):
        value = _clean_text(self.cleaned_data["last_name"])
        if not value:
            raise forms.ValidationError(_("Dit veld is verplicht."))
        return value

    def clean_registered_on(self):
        value = self.cleaned_data.get("registered_on") or today()
        if value > today():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source != CandidateSource.CARE_ORGANISATION:
            data["proposed_by"] = None
        if source != CandidateSource.INTERNAL:
            data["existing_resident"] = None
        if not self.with_care:
            return data
        if data.get("supported"):
            if not data.get("care_organisation") and data.get("proposed_by"):
                data["care_organisation"] = data["proposed_by"]
            if not data.get("care_organisation"):
                self.add_error(
                    "care_organisation", _("Kies de zorgaanbieder van een begeleide kandidaat.")
                )
            if data.get("support_hours_per_week") is None and not self.has_error(
                "support_hours_per_week"
            ):
                self.add_error(
                    "support_hours_per_week",
                    _("Vul de geïndiceerde uren per week van een begeleide kandidaat in."),
                )
        # An unsupported candidate's care details are cleared by the service.
        return data

    def _post_clean(self):
        # The service validates the whole candidate (source rules, model validation) against
        # a fresh copy; the form must not write into the instance the page still shows.
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ConsentForm(forms.Form):
    given_on = forms.DateField(label=_("Toestemming gegeven op"), initial=today, widget=DateInput())
    scope = forms.CharField(
        label=_("Waarvoor geldt de toestemming?"),
        max_length=200,
        initial=_("Delen van zorginformatie met de professionals van het IMO."),
    )


class ConsentWithdrawForm(forms.Form):
    on = forms.DateField(label=_("Ingetrokken op"), initial=today, widget=DateInput())


class ParticipationInviteForm(forms.Form):
    title = forms.CharField(
        label=_("Bijeenkomst"), max_length=200, initial=_("Informatieavond voor nieuwe bewoners")
    )
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())


class ParticipationAttendedForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Aanwezig"),
        choices=[("ja", _("Aanwezig")), ("nee", _("Niet gekomen"))],
        coerce=lambda value: value == "ja",
    )


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = MeetingSchedule
        fields = [
            "nth_weekday",
            "weekday",
            "starts_at",
            "place",
            "agenda_days_before",
            "cooptation_agreed",
        ]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_place(self):
        value = _clean_text(self.cleaned_data["place"])
        if not value:
            raise forms.ValidationError(_("Vul een plaats in."))
        return value

    def clean_agenda_days_before(self):
        value = self.cleaned_data["agenda_days_before"]
        if not 1 <= value <= 28:
            raise forms.ValidationError(_("Kies tussen 1 en 28 dagen."))
        return value


class MeetingForm(forms.ModelForm):
    class Meta:
        model = IntakeMeeting
        fields = ["starts_at", "place", "chair"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = community
        self.fields["chair"].queryset = users_of(community)
        self.fields["chair"].label_from_instance = _user_label
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.community = community

    def clean_place(self):
        value = _clean_text(self.cleaned_data["place"])
        if not value:
            raise forms.ValidationError(_("Vul een plaats in."))
        return value

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        taken = IntakeMeeting.objects.filter(community=self.community, starts_at=value).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("Op dit moment staat al een IMO gepland."))
        return value


def users_of(community: Community):
    return (
        User.objects.filter(memberships__community=community, is_active=True)
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name")
    )


def _user_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.organisation})" if user.organisation_id else name


class AttendanceForm(forms.Form):
    """One radio group per attendee, saved in one POST."""

    CHOICES = [
        (Attendance.PRESENT, Attendance.PRESENT.label),
        (Attendance.EXCUSED, Attendance.EXCUSED.label),
        (Attendance.ABSENT, Attendance.ABSENT.label),
    ]

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = list(attendees)
        for attendee in self.attendees:
            self.fields[f"attendee_{attendee.pk}"] = forms.ChoiceField(
                label=str(attendee.user),
                choices=self.CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=attendee.attendance,
            )

    def changes(self):
        """(attendee, attendance) for every attendee whose radio was set."""
        for attendee in self.attendees:
            value = self.cleaned_data.get(f"attendee_{attendee.pk}")
            if value:
                yield attendee, value


class MinutesApprovedForm(forms.Form):
    approved = forms.BooleanField(
        label=_("Verslag vorig IMO vastgesteld"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class VersionedForm(forms.Form):
    """Carries the version the user opened (empty: there was nothing yet), for StaleEdit."""

    expected_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class NoteForm(VersionedForm):
    text = forms.CharField(
        label=_("Verslag"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class AdviceForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Advies"), choices=AdviceKind.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Voorwaarden voor een zachte landing"),
        required=False,
        max_length=5_000,
        help_text=_("Eén voorwaarde per regel; elke regel wordt na intrek een vervolgactie."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rationale = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaAddForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Kandidaat"), queryset=Candidate.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Besluit"), choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=2_000,
        help_text=_("Verplicht bij niet toewijzen of als het besluit afwijkt van het advies."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_on = forms.DateField(label=_("Besloten op"), initial=today, widget=DateInput())


class OfferDeclinedForm(forms.Form):
    on = forms.DateField(label=_("Aanbod afgewezen op"), initial=today, widget=DateInput())


class HandoverForm(forms.Form):
    on = forms.DateField(label=_("Overgedragen op"), initial=today, widget=DateInput())
    welcome_contact = forms.ModelChoiceField(
        label=_("Contactpersoon welkomstcommissie"), queryset=User.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Afspraken"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        # The welcome committee is the woonvereniging's: its delegation and its own people, not
        # the gemeente's or the care organisation's staff.
        self.fields["welcome_contact"].queryset = users_of(community).filter(
            Q(memberships__community=community, memberships__role=Role.BEWONERSAFVAARDIGING)
            | Q(organisation__kind=OrganisationKind.WOONVERENIGING)
        )
        self.fields["welcome_contact"].label_from_instance = _user_label


class MoveInForm(forms.Form):
    on = forms.DateField(label=_("Datum van intrek"), initial=today, widget=DateInput())


class FollowUpDoneForm(forms.Form):
    on = forms.DateField(label=_("Gedaan op"), initial=today, widget=DateInput())
    note = forms.CharField(
        label=_("Wat is er gedaan of afgesproken?"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > today():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return value
