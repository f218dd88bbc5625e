"""Forms of the outreach and ABCD pages. They check the shape of the input; the rules live in
`communities.outreach.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.constants import AssetKind, ContactKind, TalentKind
from communities.forms import DateInput, today
from communities.models import Asset, Community, Resident
from communities.outreach import services as outreach


class ContactForm(forms.Form):
    resident = forms.ModelChoiceField(
        label=_("Bewoner"),
        queryset=Resident.objects.none(),
        error_messages={"invalid_choice": _("Kies een bewoner van deze locatie.")},
    )
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=ContactKind.choices,
        initial=ContactKind.AT_THE_DOOR,
        widget=forms.RadioSelect,
    )
    contacted_on = forms.DateField(label=_("Datum"), initial=today, widget=DateInput())
    note = forms.CharField(
        label=_("Korte notitie (optioneel)"),
        required=False,
        max_length=outreach.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Geen gevoelige details: alleen wat het team nodig heeft."),
        error_messages={"max_length": _("Houd de notitie korter dan 500 tekens.")},
    )

    def __init__(self, *args, community: Community, on, **kwargs):
        super().__init__(*args, **kwargs)
        stays = outreach.current_stays(community=community, on=on)
        units = {stay.resident_id: stay.tenancy.unit.number for stay in stays}
        queryset = community.residents.filter(pk__in=units.keys()).order_by(
            "last_name", "first_name"
        )
        field = self.fields["resident"]
        field.queryset = queryset
        field.label_from_instance = lambda r: (
            f"{r.last_name}, {r.first_name} ({units[r.pk]})"
            if r.pk in units
            else f"{r.last_name}, {r.first_name}"
        )


class WeeksForm(forms.Form):
    weken = forms.IntegerField(
        label=_("Niet bereikt sinds (weken)"),
        min_value=outreach.WEEKS_RANGE[0],
        max_value=outreach.WEEKS_RANGE[1],
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "min_value": _("Kies minstens 1 week."),
            "max_value": _("Kies hoogstens 52 weken."),
            "invalid": _("Vul een heel aantal weken in."),
        },
    )


class ApproachPreferenceForm(forms.Form):
    approach_preference = forms.CharField(
        label=_("Hoe wil deze bewoner benaderd worden?"),
        required=False,
        max_length=outreach.PREFERENCE_MAX_LENGTH,
        help_text=_(
            "Bijvoorbeeld: liever niet aan de deur, liever een berichtje vooraf. "
            "Leeg laten als er geen voorkeur is."
        ),
        error_messages={"max_length": _("Hoogstens 200 tekens.")},
    )


class TalentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vraag of aanbod"),
        choices=TalentKind.choices,
        initial=TalentKind.OFFER,
        widget=forms.RadioSelect,
    )
    tag = forms.CharField(
        label=_("Talent of vraag"),
        max_length=outreach.TAG_MAX_LENGTH,
        help_text=_("Kies uit de lijst of typ een eigen omschrijving, bijvoorbeeld “koken”."),
        widget=forms.TextInput(attrs={"list": "talent-suggesties", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul een talent of vraag in."),
            "max_length": _("Hoogstens 80 tekens."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Hoogstens 300 tekens.")},
    )


class TalentSearchForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Ik zoek"),
        choices=[
            (TalentKind.OFFER, _("wie kan helpen met …")),
            (TalentKind.REQUEST, _("wie vraagt om …")),
        ],
        initial=TalentKind.OFFER,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Onderwerp"),
        required=False,
        max_length=outreach.TAG_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"class": "form-control", "list": "talent-suggesties", "type": "search"}
        ),
    )


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = ["name", "kind", "address", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    kind = forms.ChoiceField(label=_("Soort"), choices=AssetKind.choices)
