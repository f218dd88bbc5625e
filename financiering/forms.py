"""Forms of funding: they parse what people type (Dutch numbers and dates) and hand it to the
services, which hold the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.constants import Phase
from communities.models import Community, Organisation
from financiering.constants import (
    BUDGET_PURPOSES,
    AgreementKind,
    AgreementStatus,
    ContributionUnit,
    OneOffPurpose,
    Purpose,
)
from financiering.models import FundingAgreement
from financiering.numbers import parse_amount, parse_dutch_decimal, parse_hours

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DutchAmountField(forms.CharField):
    """Euros as typed in Dutch: 1.234,56 (or 1234,56, 1234.56)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        return parse_amount(value)


class DutchHoursField(DutchAmountField):
    def clean(self, value):
        value = forms.CharField.clean(self, value)
        if value in (None, ""):
            return None
        return parse_hours(value)


class AgreementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    communities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Locaties"),
        queryset=Community.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Eén locatie, of meer locaties van dezelfde gemeente."),
    )
    parties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partijen"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=gettext_lazy("Waarvoor"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort geld"), choices=AgreementKind.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=AgreementStatus.choices)
    start_date = forms.DateField(label=gettext_lazy("Ingangsdatum"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=gettext_lazy("Einddatum"), widget=DATE_WIDGET)
    predecessor = forms.ModelChoiceField(
        label=gettext_lazy("Vervolg op"),
        queryset=FundingAgreement.objects.none(),
        required=False,
        help_text=gettext_lazy("De afspraak die deze voortzet, als die er is."),
    )
    document = forms.FileField(
        label=gettext_lazy("Getekend document (pdf, hoogstens 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, community: Community, editable_communities, agreement=None, **kw):
        super().__init__(*args, **kw)
        same_municipality = [
            c.pk for c in editable_communities if c.municipality_id == community.municipality_id
        ]
        self.fields["communities"].queryset = Community.objects.filter(pk__in=same_municipality)
        self.fields["parties"].queryset = Organisation.objects.order_by("name")
        predecessors = community.funding_agreements.all()
        if agreement is not None:
            predecessors = predecessors.exclude(pk=agreement.pk)
        self.fields["predecessor"].queryset = predecessors.order_by("-start_date")
        if agreement is None and not self.is_bound:
            self.initial.setdefault("communities", [community.pk])
            self.initial.setdefault("status", AgreementStatus.DRAFT)


class ContributionForm(forms.Form):
    community = forms.ModelChoiceField(
        label=gettext_lazy("Locatie"), queryset=Community.objects.none()
    )
    party = forms.ModelChoiceField(
        label=gettext_lazy("Partij"), queryset=Organisation.objects.none()
    )
    purpose = forms.ChoiceField(label=gettext_lazy("Doel"))
    year = forms.TypedChoiceField(label=gettext_lazy("Jaar"), coerce=int)
    unit = forms.ChoiceField(
        label=gettext_lazy("Bijdrage in"),
        choices=ContributionUnit.choices,
        widget=forms.RadioSelect,
        initial=ContributionUnit.MONEY,
    )
    value = forms.CharField(
        label=gettext_lazy("Bedrag per jaar (€) of uren per week"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("Bijvoorbeeld 12.500,00 euro per jaar, of 12,5 uur per week."),
    )
    note = forms.CharField(label=gettext_lazy("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, agreement: FundingAgreement, **kw):
        super().__init__(*args, **kw)
        self.fields["community"].queryset = agreement.communities.all()
        self.fields["party"].queryset = agreement.parties.order_by("name")
        self.fields["purpose"].choices = [
            (p, Purpose(p).label) for p in agreement.purposes if p in Purpose.values
        ]
        years = range(agreement.start_date.year, agreement.end_date.year + 1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        if agreement.communities.count() == 1 and not self.is_bound:
            self.initial["community"] = agreement.communities.first()


class OneOffForm(forms.Form):
    community = forms.ModelChoiceField(
        label=gettext_lazy("Locatie"), queryset=Community.objects.none()
    )
    party = forms.ModelChoiceField(
        label=gettext_lazy("Partij"), queryset=Organisation.objects.none()
    )
    purpose = forms.ChoiceField(label=gettext_lazy("Waarvoor"), choices=OneOffPurpose.choices)
    amount = forms.CharField(
        label=gettext_lazy("Bedrag (€)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    paid_on = forms.DateField(label=gettext_lazy("Datum"), widget=DATE_WIDGET)
    description = forms.CharField(
        label=gettext_lazy("Omschrijving"), max_length=300, required=False
    )

    def __init__(self, *args, agreement: FundingAgreement, **kw):
        super().__init__(*args, **kw)
        self.fields["community"].queryset = agreement.communities.all()
        self.fields["party"].queryset = agreement.parties.order_by("name")
        if agreement.communities.count() == 1 and not self.is_bound:
            self.initial["community"] = agreement.communities.first()


class SpendingForm(forms.Form):
    budget = forms.ChoiceField(
        label=gettext_lazy("Budget"), choices=[(p.value, p.label) for p in BUDGET_PURPOSES]
    )
    spent_on = forms.DateField(label=gettext_lazy("Datum"), widget=DATE_WIDGET)
    amount = forms.CharField(
        label=gettext_lazy("Bedrag (€)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(label=gettext_lazy("Omschrijving"), max_length=300)


class RateForm(forms.Form):
    """The calculator's assumptions: an hourly rate and weeks a year."""

    rate = DutchAmountField(label=gettext_lazy("Uurtarief (€)"), required=False)
    weeks = forms.IntegerField(
        label=gettext_lazy("Weken per jaar"), min_value=1, max_value=53, required=False
    )

    def clean_rate(self):
        rate = self.cleaned_data.get("rate")
        if rate is not None and rate > Decimal(1000):
            raise ValidationError(_("Een uurtarief boven € 1.000,00: kijk het bedrag na."))
        return rate


PLANNED_PHASES = [(p.value, p.label) for p in Phase if p != Phase.PILOT_LIGHT]


class PlannedLocationForm(RateForm):
    """A planned location for the standalone calculator."""

    units = forms.IntegerField(
        label=gettext_lazy("Aantal wooneenheden"), min_value=1, max_value=2000
    )
    phase = forms.ChoiceField(label=gettext_lazy("Fase"), choices=PLANNED_PHASES)
    pilot_light = forms.BooleanField(
        label=gettext_lazy("De kerngroep heeft de waakvlam besloten"),
        required=False,
        help_text=gettext_lazy(
            "Alleen na jaar 3 en onder de 100 eenheden; de waakvlam is altijd een besluit."
        ),
    )
    supported = forms.IntegerField(
        label=gettext_lazy("Verwachte begeleide bewoners"), min_value=0, max_value=2000
    )
    average_hours = forms.CharField(
        label=gettext_lazy("Gemiddeld geïndiceerde uren per week"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def clean_average_hours(self):
        value = parse_dutch_decimal(
            self.cleaned_data["average_hours"],
            places=2,
            message=_("Vul een aantal uren in, bijvoorbeeld 6 of 5,5."),
        )
        if value > 168:
            raise ValidationError(_("Een week heeft 168 uur: kijk het aantal na."))
        return value


class WelzijnForm(forms.Form):
    complexes = forms.IntegerField(
        label=gettext_lazy("Aantal complexen"), min_value=0, max_value=100000
    )
    hours = forms.CharField(label=gettext_lazy("Uren welzijn per week per complex"), max_length=10)
    rate = forms.CharField(label=gettext_lazy("Uurtarief (€)"), max_length=20)
    weeks = forms.IntegerField(label=gettext_lazy("Weken per jaar"), min_value=1, max_value=53)

    def clean_hours(self):
        return parse_dutch_decimal(
            self.cleaned_data["hours"], places=2, message=_("Vul een aantal uren in.")
        )

    def clean_rate(self):
        return parse_amount(self.cleaned_data["rate"])


class AvoidedCostForm(forms.Form):
    avoided_cost = DutchAmountField(
        label=gettext_lazy("Vermeden kosten per voorkomen huisuitzetting (€)"), required=False
    )
