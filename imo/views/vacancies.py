"""Vacancies coming free, with what the numeric agreement asks for at each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Capability as C
from gemengdwonen.forms import run_service
from imo import selectors, services
from imo.constants import (
    VacancyStatus,
)
from imo.forms import (
    VacancyForm,
)

# --- vacancies --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_list(request, slug):
    community = access.community_for(request.user, slug, C.RUN_IMO)
    form = VacancyForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.vacancy_announce(
                unit=data["unit"],
                available_from=data["available_from"],
                note=data["note"],
                by=request.user,
            ),
        ):
            messages.success(
                request,
                _("Eenheid %(unit)s staat als vrijkomende woning op de lijst.")
                % {"unit": data["unit"].number},
            )
            return redirect("imo_vacancies", slug=community.slug)
    today = timezone.localdate()
    return render(
        request,
        "imo/vacancies.html",
        {
            "community": community,
            "form": form,
            "open_rows": selectors.open_vacancy_rows(
                community=community,
                today=today,
                statuses=[VacancyStatus.OPEN, VacancyStatus.ALLOCATED],
            ),
            "closed": community.vacancies.exclude(
                status__in=[VacancyStatus.OPEN, VacancyStatus.ALLOCATED]
            )
            .select_related("unit__section")
            .order_by("-available_from")[:20],
        },
    )
