"""Forms and filters of the hours pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.constants import TimeKind
from communities.forms import DateInput, today
from communities.hours.services import week_start
from communities.models import Community, TimeEntry, User


class TimeEntryForm(forms.Form):
    week_of = forms.DateField(
        label=_("Week"),
        initial=today,
        widget=DateInput(),
        help_text=_("Kies een dag in de week; de uren worden opgeslagen voor die hele week."),
    )
    hours = forms.DecimalField(
        label=_("Uren in die week"),
        min_value=0,
        max_value=80,
        max_digits=3,
        decimal_places=1,
        # Dutch users type 7,5: a localized text field accepts the comma as well as the point.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "min_value": _("Het aantal uren kan niet negatief zijn."),
            "max_value": _("Vul een aantal uren tussen 0 en 80 in."),
            "max_decimal_places": _("Vul de uren in met hoogstens één decimaal."),
            "max_digits": _("Vul een aantal uren tussen 0 en 80 in."),
            "max_whole_digits": _("Vul een aantal uren tussen 0 en 80 in."),
            "invalid": _("Vul een getal in, bijvoorbeeld 6 of 7,5."),
            "required": _("Vul het aantal uren in."),
        },
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=300,
        help_text=_("Optioneel, bijvoorbeeld waar de uren vooral in zaten."),
    )


class TimeEntryFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        label=_("Van (week van)"), method="filter_start", widget=DateInput()
    )
    end = django_filters.DateFilter(label=_("Tot en met"), method="filter_end", widget=DateInput())
    kind = django_filters.ChoiceFilter(
        label=_("Soort uren"), choices=TimeKind.choices, empty_label=_("Alle soorten")
    )
    user = django_filters.ModelChoiceFilter(
        label=_("Wie"), queryset=User.objects.none(), empty_label=_("Iedereen")
    )

    class Meta:
        model = TimeEntry
        fields = ["start", "end", "kind", "user"]

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people who logged hours here: never the users of other communities.
        self.filters["user"].queryset = (
            User.objects.filter(time_entries__community=community)
            .distinct()
            .order_by("last_name", "first_name")
        )

    def filter_start(self, queryset, name, value):
        return queryset.filter(week_start__gte=week_start(value))

    def filter_end(self, queryset, name, value):
        return queryset.filter(week_start__lte=value)


def _decimal_field(label, *, min_value, max_value, required, message, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        max_digits=4,
        decimal_places=1,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_whole_digits": message,
            "max_decimal_places": _("Vul hoogstens één decimaal in."),
            "invalid": _("Vul een getal in, bijvoorbeeld 6 of 7,5."),
            "required": message,
        },
    )


class NormsOverrideForm(forms.Form):
    """A location's own norms; the rules (a reason for any override) are the service's."""

    coach_hours_override_low = _decimal_field(
        _("Communitycoach: minimaal uur per week"),
        min_value=0,
        max_value=80,
        required=False,
        message=_("Vul een aantal uren tussen 0 en 80 in."),
        help_text=_("Leeg: de norm van het model. Eén getal: vul alleen dit veld in."),
    )
    coach_hours_override_high = _decimal_field(
        _("Communitycoach: maximaal uur per week"),
        min_value=0,
        max_value=80,
        required=False,
        message=_("Vul een aantal uren tussen 0 en 80 in."),
    )
    care_share_percent = _decimal_field(
        _("Begeleiders: percentage van de geïndiceerde uren"),
        min_value=0,
        max_value=100,
        required=True,
        message=_("Vul een percentage tussen 0 en 100 in."),
        help_text=_("Het model rekent 10%."),
    )
    management_hours_per_fte = _decimal_field(
        _("Beheer: uren per week in 1 fte"),
        min_value=1,
        max_value=60,
        required=True,
        message=_("Vul een aantal uren tussen 1 en 60 in."),
        help_text=_("Het model rekent 36 uur."),
    )
    norms_override_reason = forms.CharField(
        label=_("Reden voor de afwijkende afspraak"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht zodra een norm afwijkt van het model; iedereen ziet de reden."),
    )

    def clean(self):
        cleaned = super().clean()
        low = cleaned.get("coach_hours_override_low")
        high = cleaned.get("coach_hours_override_high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "coach_hours_override_high", _("Het maximum mag niet lager zijn dan het minimum.")
            )
        return cleaned
