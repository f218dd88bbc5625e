from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import TEXT_MAX_LENGTH


class DraftForm(forms.Form):
    foreword = forms.CharField(
        label=_("Voorwoord"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Komt vooraan in het verslag. Geen namen van bewoners of kandidaten."),
    )
    conclusions = forms.CharField(
        label=_("Conclusies"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Komt achteraan in het verslag."),
    )
