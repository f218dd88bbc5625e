"""Forms of the activities area. They check input; the rules live in communities.activities."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.activities import services as activities
from communities.constants import ActivityPlace, OrganisedBy
from communities.forms import DateInput, today
from communities.models import Activity, ActivityKind, Community, Resident
from gemengdwonen.dates import months_before


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _now_rounded() -> datetime.time:
    """Now, rounded down to five minutes: a sensible default that nobody needs to correct."""
    now = timezone.localtime()
    return now.time().replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)


class DutchDecimalField(forms.DecimalField):
    """Accepts "1,5" as well as "1.5": typed on a Dutch keyboard or sent by a number input."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class ResidentCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Soort activiteit"),
        queryset=ActivityKind.objects.none(),
        empty_label=None,
        error_messages={"required": _("Kies een soort activiteit.")},
    )
    date = forms.DateField(
        label=_("Datum"),
        initial=today,
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    time = forms.TimeField(
        label=_("Tijd"),
        initial=_now_rounded,
        widget=TimeInput(),
        error_messages={
            "required": _("Vul de tijd in."),
            "invalid": _("Vul een tijd in als 14:30."),
        },
    )
    organised_by = forms.ChoiceField(
        label=_("Georganiseerd door"),
        choices=OrganisedBy.choices,
        # No default: a pre-selected answer would skew the share organised by residents.
        widget=forms.RadioSelect,
    )
    participants = ResidentCheckboxes(
        label=_("Deelnemende bewoners"),
        queryset=Resident.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies bewoners van deze locatie.")},
    )
    organisers = ResidentCheckboxes(
        label=_("Bewoners die organiseerden"),
        queryset=Resident.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies bewoners van deze locatie.")},
    )
    place = forms.ChoiceField(
        label=_("Waar"), choices=ActivityPlace.choices, initial=ActivityPlace.MEETING_ROOM
    )
    neighbours_count = forms.IntegerField(
        label=_("Buurtbewoners"),
        initial=0,
        min_value=0,
        max_value=activities.MAX_HEADCOUNT,
        error_messages={
            "min_value": _("Een aantal kan niet negatief zijn."),
            "max_value": _("Vul hooguit %(limit_value)s in."),
            "invalid": _("Vul een heel getal in."),
            "required": _("Vul een aantal in (0 als er niemand was)."),
        },
    )
    guests_count = forms.IntegerField(
        label=_("Gasten"),
        initial=0,
        min_value=0,
        max_value=activities.MAX_HEADCOUNT,
        error_messages={
            "min_value": _("Een aantal kan niet negatief zijn."),
            "max_value": _("Vul hooguit %(limit_value)s in."),
            "invalid": _("Vul een heel getal in."),
            "required": _("Vul een aantal in (0 als er niemand was)."),
        },
    )
    coach_hours = DutchDecimalField(
        label=_("Uren van de coach"),
        initial=0,
        min_value=0,
        max_value=24,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "min_value": _("Het aantal uren kan niet negatief zijn."),
            "max_value": _("Hooguit 24 uur op één dag."),
            "invalid": _("Vul een getal in, bijvoorbeeld 1,5."),
            "max_decimal_places": _("Vul de uren in op een half of tiende uur, bijvoorbeeld 1,5."),
            "required": _("Vul de uren in (0 als de coach er niet was)."),
        },
    )
    title = forms.CharField(
        label=_("Titel (optioneel)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Houd de titel korter dan 200 tekens.")},
    )
    note = forms.CharField(
        label=_("Korte notitie (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Houd de notitie korter dan 2000 tekens.")},
    )

    def __init__(
        self,
        *args,
        community: Community,
        resident_choices: list[activities.ResidentChoice],
        extra_residents=(),
        kinds=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["kind"].queryset = kinds if kinds is not None else ActivityKind.objects.none()
        # The list shows the residents living there today; an edited activity keeps the people
        # it already had, even if they have moved out since. The service checks the dates.
        self.resident_choices = list(resident_choices)
        known = {choice.resident.pk for choice in self.resident_choices}
        self.resident_choices += [
            activities.ResidentChoice(r, "") for r in extra_residents if r.pk not in known
        ]
        ids = [choice.resident.pk for choice in self.resident_choices]
        for name in ("participants", "organisers"):
            self.fields[name].queryset = community.residents.filter(pk__in=ids)

    def resident_rows(self):
        """One row per resident with both checkboxes' state, for the combined list."""
        picked = {
            name: {str(v) for v in (self[name].value() or [])}
            for name in ("participants", "organisers")
        }
        return [
            {
                "pk": choice.resident.pk,
                "name": str(choice.resident),
                "unit": choice.unit_number,
                "participant": str(choice.resident.pk) in picked["participants"],
                "organiser": str(choice.resident.pk) in picked["organisers"],
            }
            for choice in self.resident_choices
        ]

    def starts_at(self) -> datetime.datetime:
        combined = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(combined)

    def activity_data(self) -> activities.ActivityData:
        data = self.cleaned_data
        return activities.ActivityData(
            kind=data["kind"],
            starts_at=self.starts_at(),
            organised_by=data["organised_by"],
            organisers=tuple(data["organisers"]),
            place=data["place"],
            participants=tuple(data["participants"]),
            neighbours_count=data["neighbours_count"],
            guests_count=data["guests_count"],
            coach_hours=data["coach_hours"],
            title=data["title"],
            note=data["note"],
        )

    @staticmethod
    def initial_from(activity: Activity) -> dict:
        local = timezone.localtime(activity.starts_at)
        return {
            "kind": activity.kind,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "organised_by": activity.organised_by,
            "organisers": [r.pk for r in activity.organisers.all()],
            "participants": [r.pk for r in activity.participants.all()],
            "place": activity.place,
            "neighbours_count": activity.neighbours_count,
            "guests_count": activity.guests_count,
            "coach_hours": activity.coach_hours,
            "title": activity.title,
            "note": activity.note,
        }


class KindRowForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Houd de naam korter dan 100 tekens.")},
    )
    active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)
    order = forms.IntegerField(
        label=_("Volgorde"),
        min_value=0,
        max_value=999,
        required=False,
        error_messages={
            "min_value": _("Vul een volgnummer van 0 tot 999 in."),
            "max_value": _("Vul een volgnummer van 0 tot 999 in."),
            "invalid": _("Vul een heel getal in."),
        },
    )


KindFormSet = forms.formset_factory(KindRowForm, extra=2, max_num=100, absolute_max=100)


def kind_rows(formset) -> list[activities.KindRow]:
    return [
        activities.KindRow(
            pk=form.cleaned_data.get("pk"),
            name=form.cleaned_data.get("name") or "",
            active=bool(form.cleaned_data.get("active")),
            order=form.cleaned_data.get("order")
            if form.cleaned_data.get("order") is not None
            else 500,
        )
        for form in formset.forms
        if form.cleaned_data
    ]


class OtherContributionForm(forms.Form):
    resident = forms.ModelChoiceField(
        label=_("Bewoner"),
        queryset=Resident.objects.none(),
        error_messages={
            "required": _("Kies een bewoner."),
            "invalid_choice": _("Kies een bewoner van deze locatie."),
        },
    )
    noted_on = forms.DateField(
        label=_("Datum"),
        initial=today,
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    description = forms.CharField(
        label=_("Wat doet de bewoner?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: helpt buren met boodschappen, past op de planten."),
        error_messages={
            "required": _("Beschrijf kort wat de bewoner doet."),
            "max_length": _("Houd de omschrijving korter dan 300 tekens."),
        },
    )

    def __init__(self, *args, community: Community, resident_choices, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [choice.resident.pk for choice in resident_choices]
        labels = {c.resident.pk: f"{c.resident} ({c.unit_number})" for c in resident_choices}
        self.fields["resident"].queryset = community.residents.filter(pk__in=ids).order_by(
            "first_name", "last_name"
        )
        self.fields["resident"].label_from_instance = lambda r: labels.get(r.pk, str(r))


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Van"),
        widget=DateInput(attrs={"class": "form-control"}),
        required=False,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    end = forms.DateField(
        label=_("Tot en met"),
        widget=DateInput(attrs={"class": "form-control"}),
        required=False,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if end and end > today():
            self.add_error("end", _("De einddatum ligt in de toekomst."))
        if start and end and start > end:
            self.add_error("start", _("De begindatum ligt na de einddatum."))
        if start and start.year < 2000:
            self.add_error("start", _("Vul een datum na 2000 in."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        default_start, default_end = activities.default_period(today=today())
        if not self.is_valid():
            return default_start, default_end
        end = self.cleaned_data.get("end") or default_end
        start = self.cleaned_data.get("start") or (
            months_before(end, activities.DEFAULT_PERIOD_MONTHS) + datetime.timedelta(days=1)
        )
        return start, end


class ActivityFilter(django_filters.FilterSet):
    # Ranges on starts_at rather than `starts_at__date`: an index can serve them.
    start = django_filters.DateFilter(label=_("Van"), widget=DateInput(), method="filter_start")
    end = django_filters.DateFilter(label=_("Tot en met"), widget=DateInput(), method="filter_end")
    kind = django_filters.ModelChoiceFilter(
        label=_("Soort"), queryset=ActivityKind.objects.none(), empty_label=_("Alle soorten")
    )
    organised_by = django_filters.ChoiceFilter(
        label=_("Georganiseerd door"), choices=OrganisedBy.choices, empty_label=_("Iedereen")
    )
    place = django_filters.ChoiceFilter(
        label=_("Waar"), choices=ActivityPlace.choices, empty_label=_("Overal")
    )

    class Meta:
        model = Activity
        fields = ["start", "end", "kind", "organised_by", "place"]

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].queryset = community.activity_kinds.all()

    def filter_start(self, queryset, name, value):
        return queryset.filter(starts_at__gte=activities.start_of_day(value))

    def filter_end(self, queryset, name, value):
        return queryset.filter(
            starts_at__lt=activities.start_of_day(value + datetime.timedelta(days=1))
        )
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
