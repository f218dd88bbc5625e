"""Forms and the list filter of the signal pages. They check the shape of the input; the rules
live in `communities.signals.services`."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.constants import SignalKind, SignalOutcome, SignalSeverity
from communities.forms import DateInput, today
from communities.models import Community, Resident, Signal, SignalLadderStep, Unit
from communities.signals import services as signals_rules

# Residents who lived there in the last year can be picked: a signal is sometimes recorded
# after the resident left. The service checks the exact date.
PICKABLE_DAYS_BACK = 366


class SignalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort signaal"), choices=SignalKind.choices)
    severity = forms.ChoiceField(
        label=_("Ernst"), choices=SignalSeverity.choices, initial=SignalSeverity.MEDIUM
    )
    reported_on = forms.DateField(label=_("Gemeld op"), initial=today, widget=DateInput())
    reported_by = forms.CharField(
        label=_("Gemeld door (optioneel)"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: buurvrouw, begeleider, eigen waarneming."),
        error_messages={"max_length": _("Hoogstens 200 tekens.")},
    )
    residents = forms.ModelMultipleChoiceField(
        label=_("Betrokken bewoners"),
        queryset=Resident.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Eén of meer; of kies alleen een eenheid."),
        error_messages={"invalid_choice": _("Kies bewoners van deze locatie.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Eenheid (optioneel)"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een eenheid van deze locatie.")},
    )
    description = forms.CharField(
        label=_("Wat is er aan de hand?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Hoogstens 4000 tekens.")},
    )

    def __init__(self, *args, community: Community, signal: Signal | None = None, **kwargs):
        if signal is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": signal.kind,
                "severity": signal.severity,
                "reported_on": signal.reported_on,
                "reported_by": signal.reported_by,
                "residents": list(signal.residents.all()),
                "unit": signal.unit,
                "description": signal.description,
            }
        super().__init__(*args, **kwargs)
        since = today() - datetime.timedelta(days=PICKABLE_DAYS_BACK)
        recent = Q(stays__end_date__isnull=True) | Q(stays__end_date__gte=since)
        if signal is not None:
            recent |= Q(signals=signal)
        self.fields["residents"].queryset = (
            community.residents.filter(recent).distinct().order_by("last_name", "first_name")
        )
        self.fields["residents"].label_from_instance = lambda r: f"{r.last_name}, {r.first_name}"
        self.fields["unit"].queryset = community.units.select_related("section").order_by("number")
        self.fields["unit"].label_from_instance = lambda u: f"{u.number} ({u.section})"

    def data_for_service(self) -> signals_rules.SignalData:
        c = self.cleaned_data
        return signals_rules.SignalData(
            kind=c["kind"],
            severity=c["severity"],
            reported_on=c["reported_on"],
            reported_by=c["reported_by"],
            residents=list(c["residents"]),
            unit=c["unit"],
            description=c["description"],
        )


class SignalStepForm(forms.Form):
    taken_on = forms.DateField(label=_("Datum"), initial=today, widget=DateInput())
    ladder_step = forms.ModelChoiceField(
        label=_("Trede van de ladder"),
        queryset=SignalLadderStep.objects.none(),
        required=False,
        empty_label=_("Geen trede (tussenstap)"),
        error_messages={"invalid_choice": _("Kies een trede van deze locatie.")},
    )
    description = forms.CharField(
        label=_("Wat is er gedaan?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf kort wat er is gedaan.")},
    )

    def __init__(self, *args, community: Community, current: SignalLadderStep | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ladder_step"].queryset = signals_rules.ladder_steps(community=community)
        if current is not None and not self.is_bound:
            self.fields["ladder_step"].initial = current.pk


class SignalCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Afgesloten op"), initial=today, widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[("", _("Kies een uitkomst")), *SignalOutcome.choices],
        error_messages={"required": _("Kies een uitkomst.")},
    )


class LadderStepForm(forms.Form):
    title = forms.CharField(
        label=_("Stap"),
        max_length=200,
        error_messages={"required": _("Geef de stap een naam.")},
    )
    description = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


STATUS_CHOICES = [
    ("open", _("Open")),
    ("te_lang_open", _("Te lang open")),
    ("afgesloten", _("Afgesloten")),
]


class SignalFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label=_("Gemeld vanaf"), widget=DateInput()
    )
    end = django_filters.DateFilter(
        field_name="reported_on",
        lookup_expr="lte",
        label=_("Gemeld tot en met"),
        widget=DateInput(),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=SignalKind.choices, empty_label=_("Alle soorten")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        empty_label=_("Open en afgesloten"),
        method="filter_status",
    )
    severity = django_filters.ChoiceFilter(
        label=_("Ernst"), choices=SignalSeverity.choices, empty_label=_("Elke ernst")
    )

    class Meta:
        model = Signal
        fields = ["start", "end", "kind", "status", "severity"]

    def __init__(self, *args, community: Community, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.today = today
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        if value == "te_lang_open":
            return signals_rules.open_overdue(
                signals=queryset, community=self.community, today=self.today
            )
        if value == "afgesloten":
            return queryset.filter(closed_on__isnull=False)
        return queryset
