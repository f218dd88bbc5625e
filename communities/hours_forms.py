"""Forms and filters of the hours pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.constants import TimeKind
from communities.forms import DateInput, today
from communities.hours import week_start
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
