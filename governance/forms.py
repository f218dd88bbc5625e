"""Forms of governance: they validate input; the rules themselves are in services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.forms import DateInput
from governance.constants import ActionStatus, Attendance
from governance.models import ActionLine, BodyMember, Decision, GovernanceBody


def _member_label(member: BodyMember) -> str:
    return f"{member.display_name} ({member.get_role_display().lower()})"


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    start = forms.TimeField(
        label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("Eindtijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Plaats"), max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("end") and data.get("start") and data["end"] <= data["start"]:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        return data

    def datetimes(self) -> tuple[datetime.datetime, datetime.datetime | None]:
        tz = timezone.get_current_timezone()
        data = self.cleaned_data
        starts = datetime.datetime.combine(data["day"], data["start"], tzinfo=tz)
        ends = (
            datetime.datetime.combine(data["day"], data["end"], tzinfo=tz)
            if data.get("end")
            else None
        )
        return starts, ends


class _MemberChoiceMixin:
    def _members(self, body: GovernanceBody, name: str, required: bool):
        field = self.fields[name]
        field.queryset = body.members.select_related("user").order_by("role", "pk")
        field.label_from_instance = _member_label
        field.required = required


class AgendaItemForm(_MemberChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Agendapunt"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Inbreng door"), queryset=BodyMember.objects.none())
    minutes_planned = forms.IntegerField(
        label=_("Minuten"), required=False, min_value=1, max_value=480
    )

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        self._members(body, "owner", required=False)


class AttendanceForm(forms.Form):
    """One radio group per member of the body."""

    def __init__(self, *args, members: list[BodyMember], initial_values: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.display_name,
                choices=Attendance.choices,
                initial=initial_values.get(member.pk) or Attendance.PRESENT,
                widget=forms.RadioSelect,
            )

    def values(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}

    def rows(self):
        return [(member, self[f"member_{member.pk}"]) for member in self.members]


class MinutesForm(forms.Form):
    general = forms.CharField(
        label=_("Algemeen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agenda_items, texts: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_items = list(agenda_items)
        for item in self.agenda_items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{item.position}. {item.title}",
                required=False,
                initial=texts.get(item.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.agenda_items}


class CorrectionForm(forms.Form):
    correction_reason = forms.CharField(label=_("Reden van de correctie"), max_length=300)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Besluit"), max_length=300)
    text = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_line = forms.ModelChoiceField(
        label=_("Actielijn"), queryset=ActionLine.objects.none(), required=False
    )

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_line"].queryset = ActionLine.objects.filter(
            agreement__community__in=body.communities.all()
        )


class ActionItemForm(_MemberChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Actiepunt"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=BodyMember.objects.none())
    due_on = forms.DateField(label=_("Uiterlijk"), widget=DateInput())
    decision = forms.ModelChoiceField(
        label=_("Bij besluit"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        self._members(body, "owner", required=True)
        self.fields["decision"].queryset = body.decisions.select_related("body").order_by(
            "-year", "-number"
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class CadenceForm(forms.ModelForm):
    class Meta:
        model = GovernanceBody
        fields = ["meetings_min_override", "meetings_max_override", "cadence_reason"]


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Jaar"), required=False, min_value=2000, max_value=2100)
