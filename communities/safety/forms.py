"""Forms of the safety pages. The rules live in `communities.safety.services`; these forms only
shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.constants import ContactCardTopic
from communities.forms import DateInput, not_in_future, today


class FireDrillForm(forms.Form):
    held_on = forms.DateField(label=_("Gehouden op"), initial=today, widget=DateInput())
    note = forms.CharField(
        label=_("Verslag"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hoe ging het, wat viel op, wat moet beter? Noem geen bewoners bij naam."),
    )

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        not_in_future(value)
        return value


class EvacuationPlanForm(forms.Form):
    evacuation_plan = forms.CharField(
        label=_("Vluchtplan"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Vluchtwegen, verzamelplaats, wie helpt wie (bijvoorbeeld bewoners die slecht ter "
            "been zijn), waar de brandblussers hangen."
        ),
    )
    fire_drill_interval_months = forms.IntegerField(
        label=_("Ontruimingsoefening elke (maanden)"),
        min_value=1,
        max_value=60,
        error_messages={
            "min_value": _("Kies een termijn van 1 tot 60 maanden."),
            "max_value": _("Kies een termijn van 1 tot 60 maanden."),
        },
    )


class ContactCardEntryForm(forms.Form):
    topic = forms.ChoiceField(label=_("Waarvoor"), choices=ContactCardTopic.choices)
    name = forms.CharField(label=_("Wie"), max_length=200)
    phone = forms.CharField(
        label=_("Telefoon"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    hours = forms.CharField(
        label=_("Bereikbaar"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: ma–vr 9–17 uur."),
    )
    outside_office_hours = forms.BooleanField(
        label=_("Ook buiten kantoortijd bereikbaar"), required=False
    )
    order = forms.IntegerField(
        label=_("Volgorde"),
        required=False,
        min_value=0,
        max_value=999,
        initial=10,
        help_text=_("Lager staat hoger op de kaart."),
    )
