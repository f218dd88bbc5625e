"""Forms of a community's governance documents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms import DateInput
from communities.models import Organisation
from governance.constants import (
    AGREEMENT_MAX_BYTES,
    AssociationKind,
    BoardRole,
    BodyLevel,
    GoalStatus,
)
from governance.models import ActionLine

LEVELS = [(v, label) for v, label in BodyLevel.choices if v != BodyLevel.ALV]


class EscalationStepForm(forms.Form):
    from_level = forms.ChoiceField(label=_("Van"), choices=LEVELS)
    to_level = forms.ChoiceField(label=_("Naar"), choices=LEVELS)
    when = forms.CharField(label=_("Wanneer"), max_length=300)
    who_calls = forms.CharField(label=_("Wie belt wie"), max_length=300)


class CodeForm(forms.Form):
    text = forms.CharField(label=_("Code goed bestuur"), widget=forms.Textarea(attrs={"rows": 10}))


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Ondertekend op"), required=False, widget=DateInput())
    parties = forms.ModelMultipleChoiceField(
        label=_("Partijen"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    document = forms.FileField(
        label=_("Getekend akkoord (PDF)"),
        required=False,
        help_text=_("Alleen PDF, maximaal %(mb)s MB.")
        % {"mb": AGREEMENT_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ActionLineForm(forms.Form):
    title = forms.CharField(label=_("Actielijn"), max_length=300)


class GoalForm(forms.Form):
    action_line = forms.ModelChoiceField(label=_("Actielijn"), queryset=ActionLine.objects.none())
    goal = forms.CharField(label=_("Doel"), max_length=300)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_line"].queryset = lines


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Rapportage"), widget=forms.Textarea(attrs={"rows": 22}))


class ReadinessItemForm(forms.Form):
    owner = forms.CharField(label=_("Eigenaar"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    evidence = forms.CharField(
        label=_("Onderbouwing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    done = forms.BooleanField(label=_("Gereed"), required=False)


class FirstLettingForm(forms.Form):
    units_available_on = forms.DateField(
        label=_("Woningen komen vrij op"), required=False, widget=DateInput()
    )
    supported_units = forms.IntegerField(
        label=_("Aantal woningen begeleid"), min_value=0, max_value=500
    )
    unsupported_units = forms.IntegerField(
        label=_("Aantal woningen niet-begeleid"), min_value=0, max_value=500
    )
    candidate_activities = forms.CharField(
        label=_("Welke kandidaten worden in de zes maanden vooraf uitgenodigd voor activiteiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssociationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vorm"), choices=AssociationKind.choices)
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    money_held_by = forms.CharField(label=_("Geld beheerd door"), max_length=200, required=False)


class BoardMemberForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    role = forms.ChoiceField(label=_("Functie"), choices=BoardRole.choices)
