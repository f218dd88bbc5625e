import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.constants import MoveOutReason
from communities.models import Community, Resident, Unit


class DateInput(forms.DateInput):
    """The browser's own date picker; it submits ISO dates, shown as dd-mm-jjjj in the page."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def today():
    return timezone.localdate()


# Lists and their exports show the last year unless the user picks another start: a page (and
# an export) then costs the same at ten years of history as at one.
LIST_PERIOD_DAYS = 365


def with_default_start(data, *, on: datetime.date | None = None) -> QueryDict:
    """A filter's data with `start` set to a year back when the request does not give one. A
    `start` the user cleared on purpose stays empty: the whole history, asked for."""
    data = data.copy() if data else QueryDict(mutable=True)
    if "start" not in data:
        start = (on or today()) - datetime.timedelta(days=LIST_PERIOD_DAYS - 1)
        data["start"] = start.isoformat()
    return data


def not_in_future(value: datetime.date | None) -> None:
    if value and value > today():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["section", "number", "rooms", "size_m2", "price_class"]

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.instance.community = community
        self.fields["section"].queryset = community.sections.all()
        self.fields["section"].empty_label = None

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number:
            raise forms.ValidationError(_("Vul een nummer in."))
        taken = self.community.units.filter(number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Deze locatie heeft al een eenheid met dit nummer."))
        return number

    def clean_size_m2(self):
        size = self.cleaned_data["size_m2"]
        if size is not None and not 10 <= size <= 500:
            raise forms.ValidationError(_("Vul een oppervlakte tussen 10 en 500 m² in."))
        return size


class ResidentForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["first_name", "last_name", "date_of_birth", "email", "phone"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = community

    def clean_first_name(self):
        return self._required_text("first_name")

    def clean_last_name(self):
        return self._required_text("last_name")

    def _required_text(self, name):
        value = " ".join(self.cleaned_data[name].split())
        if not value:
            raise forms.ValidationError(_("Dit veld is verplicht."))
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        not_in_future(value)
        if value and value.year < 1900:
            raise forms.ValidationError(_("Vul een geldige geboortedatum in."))
        return value


class MoveInForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Wooneenheid"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("Datum van intrek"), initial=today, widget=DateInput())

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = community.units.select_related("section").order_by("number")
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.number} ({unit.section})"


class MoveOutForm(forms.Form):
    on = forms.DateField(
        label=_("Datum van vertrek"),
        initial=today,
        widget=DateInput(),
        help_text=_("De eerste dag dat de bewoner er niet meer woont."),
    )
    reason = forms.ChoiceField(label=_("Reden van vertrek"), choices=MoveOutReason.choices)


class SupportStartForm(forms.Form):
    on = forms.DateField(label=_("Begeleid vanaf"), initial=today, widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Geïndiceerde uren per week"),
        min_value=0,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )


class SupportRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("bevestigen", _("Bevestigen")), ("afwijzen", _("Afwijzen"))],
        widget=forms.HiddenInput,
    )


class SupportEndForm(forms.Form):
    on = forms.DateField(
        label=_("Begeleiding eindigt op"),
        initial=today,
        widget=DateInput(),
        help_text=_("De bewoner kan blijven wonen; alleen de begeleiding stopt."),
    )
