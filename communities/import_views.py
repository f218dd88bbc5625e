"""Import of units and residents from a CSV or XLSX file (only the sociaal beheerder)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from audit import services as audit
from audit.constants import Action
from communities import access, imports
from communities.access import Capability as C
from communities.import_forms import KIND_FOR_CHOICE, ImportForm
from communities.imports import UNITS
from gemengdwonen.exports import export_response


def _success_message(kind: str, outcome: imports.ImportOutcome) -> str:
    if kind == UNITS:
        return _("Het importeren is gelukt: %(created)s en %(updated)s.") % {
            "created": ngettext(
                "%(n)d eenheid toegevoegd", "%(n)d eenheden toegevoegd", outcome.created
            )
            % {"n": outcome.created},
            "updated": ngettext(
                "%(n)d eenheid bijgewerkt", "%(n)d eenheden bijgewerkt", outcome.updated
            )
            % {"n": outcome.updated},
        }
    return _("Het importeren is gelukt: %(created)s.") % {
        "created": ngettext(
            "%(n)d bewoner toegevoegd", "%(n)d bewoners toegevoegd", outcome.created
        )
        % {"n": outcome.created}
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_data(request, slug):
    community = access.community_for(request.user, slug, C.MANAGE_RESIDENTS)
    initial_kind = request.GET.get("soort")
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": initial_kind} if initial_kind in KIND_FOR_CHOICE else None,
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        kind = form.import_kind()
        uploaded = form.cleaned_data["file"]
        # First a dry run: it shows every problem and changes nothing. Only a clean file is
        # imported for real (again all-or-nothing, in case the data changed in between).
        outcome = imports.import_file(
            community=community, kind=kind, uploaded_file=uploaded, dry_run=True
        )
        if outcome.ok:
            outcome = imports.import_file(
                community=community, kind=kind, uploaded_file=uploaded, dry_run=False
            )
        if outcome.ok:
            audit.record_bulk(
                request,
                action=Action.IMPORT,
                object_type="unit" if kind == UNITS else "resident",
                count=outcome.created + outcome.updated,
                community=community,
            )
            messages.success(request, _success_message(kind, outcome))
            return redirect("unit_list" if kind == UNITS else "resident_list", slug=community.slug)
    return render(
        request,
        "communities/import.html",
        {
            "community": community,
            "form": form,
            "outcome": outcome,
        },
    )


@login_required
@require_GET
def import_template(request, slug):
    community = access.community_for(request.user, slug, C.MANAGE_RESIDENTS)
    choice = request.GET.get("soort", "eenheden")
    if choice not in KIND_FOR_CHOICE:
        raise Http404
    headers, rows = imports.template_rows(community=community, kind=KIND_FOR_CHOICE[choice])
    return export_response(rows=rows, headers=headers, filename=f"sjabloon-{choice}", fmt="csv")
