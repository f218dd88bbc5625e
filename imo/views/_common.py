"""Helpers the IMO pages share: fetching through the community, POST-only small actions,
showing a refused form as messages, the simple form page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

# --- helpers ----------------------------------------------------------------------------------


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _meeting(community, pk):
    return get_object_or_404(community.intake_meetings.select_related("chair", "community"), pk=pk)


def _candidate(community, pk):
    return get_object_or_404(
        community.candidates.select_related(
            "community", "vacancy__unit__section", "care_organisation", "proposed_by"
        ),
        pk=pk,
    )


def _invalid(request, form):
    for error in form.non_field_errors():
        messages.error(request, error)
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        for error in errors:
            messages.error(request, f"{label}: {error}")


def _form_page(request, community, form, title, *, back_url, candidate=None, intro=""):
    return render(
        request,
        "imo/form_page.html",
        {
            "community": community,
            "form": form,
            "title": title,
            "back_url": back_url,
            "candidate": candidate,
            "intro": intro,
        },
    )
