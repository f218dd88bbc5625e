from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.constants import ErasureReason, SubjectRequestReason


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Naam of e-mailadres"),
        max_length=100,
        min_length=2,
        error_messages={"min_length": _("Vul minstens twee tekens in.")},
    )

    def clean_q(self):
        value = " ".join(self.cleaned_data["q"].split())
        if any(ord(char) < 32 for char in value):
            raise forms.ValidationError(_("Gebruik alleen gewone tekens."))
        if len(value) < 2:
            raise forms.ValidationError(_("Vul minstens twee tekens in."))
        return value


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=[("", _("Kies een reden")), *ErasureReason.choices],
        error_messages={"required": _("Kies de reden van het wissen.")},
        help_text=_("Alleen deze categorie komt in de audittrail, geen gegevens van de persoon."),
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        error_messages={"required": _("Bevestig dat u de gegevens wilt wissen.")},
    )


class SubjectExportForm(forms.Form):
    """The reason of a data-subject export: required, and in the audit trail with the export."""

    reason = forms.ChoiceField(
        label=_("Reden van het verzoek"),
        choices=[("", _("Kies een reden")), *SubjectRequestReason.choices],
        error_messages={"required": _("Kies de reden van het verzoek voordat u exporteert.")},
        help_text=_("Alleen deze categorie komt in de audittrail, geen gegevens van de persoon."),
    )
