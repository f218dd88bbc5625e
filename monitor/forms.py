"""Forms of the monitor: they validate input; the services decide."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from monitor.constants import (
    DEFAULT_OPEN_QUESTION,
    DEFAULT_STATEMENTS,
    MAX_STATEMENTS,
    MAX_TOKENS_PER_BATCH,
    SCALE,
    SCALE_LABELS,
    SurveyFactor,
)
from monitor.norms import NORMS


class NormForm(forms.Form):
    """One per norm on the page, with the norm's key as prefix (unique field ids) and in the
    hidden `norm` field (which form was sent)."""

    norm = forms.ChoiceField(choices=[(key, key) for key in NORMS], widget=forms.HiddenInput)
    # Text, not DecimalField: the service reads "7,5" the Dutch way and gives the Dutch error.
    low = forms.CharField(label=_("Ondergrens"), max_length=12)
    high = forms.CharField(label=_("Bovengrens"), max_length=12)
    reason = forms.CharField(
        label=_("Reden (verplicht bij een andere waarde dan het model)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SurveyCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    open_question = forms.CharField(
        label=_("Open vraag"), max_length=300, initial=DEFAULT_OPEN_QUESTION
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year
        for index in range(1, MAX_STATEMENTS + 1):
            default = DEFAULT_STATEMENTS[index - 1] if index <= len(DEFAULT_STATEMENTS) else None
            self.fields[f"factor_{index}"] = forms.ChoiceField(
                label=_("Factor %(n)s") % {"n": index},
                choices=SurveyFactor.choices,
                initial=default[0] if default else SurveyFactor.OTHER,
            )
            self.fields[f"statement_{index}"] = forms.CharField(
                label=_("Stelling %(n)s") % {"n": index},
                required=False,
                max_length=300,
                initial=default[1] if default else "",
            )

    def statements(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"factor_{i}"], self.cleaned_data[f"statement_{i}"])
            for i in range(1, MAX_STATEMENTS + 1)
        ]


class TokensForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal links"), min_value=1, max_value=MAX_TOKENS_PER_BATCH, initial=20
    )


class SurveyAnswerForm(forms.Form):
    """One radio group per statement (1–5) and the open question; no name, no unit."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(survey.statements.all())
        choices = [(str(s), f"{s} – {SCALE_LABELS[s]}") for s in SCALE]
        for statement in self.statements:
            self.fields[f"s{statement.pk}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een antwoord.")},
            )
        self.fields["open_answer"] = forms.CharField(
            label=survey.open_question,
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Niet verplicht. Noem geen namen."),
        )

    def scores(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data[f"s{s.pk}"] for s in self.statements}

    def statement_fields(self):
        return [self[f"s{s.pk}"] for s in self.statements]
