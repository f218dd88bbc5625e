from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from communities.imports import RESIDENTS, UNITS

# The kind as it appears in the page and in URLs (?soort=...), and the import it runs.
KIND_CHOICES = [("eenheden", _("Eenheden")), ("bewoners", _("Bewoners"))]
KIND_FOR_CHOICE = {"eenheden": UNITS, "bewoners": RESIDENTS}


def _file_help() -> str:
    return _(
        "Een CSV-bestand (UTF-8, gescheiden door komma's of puntkomma's) of een Excel-bestand "
        "(.xlsx) van hoogstens %(size)s."
    ) % {"size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wilt u importeren?"),
        choices=KIND_CHOICES,
        initial="eenheden",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u wilt importeren.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=lazy(_file_help, str)(),
        # An empty file gets the import's own clear message.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Kies een bestand om te importeren.")},
    )

    def import_kind(self) -> str:
        return KIND_FOR_CHOICE[self.cleaned_data["kind"]]
