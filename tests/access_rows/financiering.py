"""Access rows of funding (financiering.access): the sociaal beheerder edits (until governance
records the kerngroep's partner representatives), gemeente and stuurgroep read, every other
member gets 403, a non-member 404. The standalone calculator holds no data: anyone who sees
funding in some community may use it (the outsider is sociaal beheerder elsewhere)."""

import datetime

from financiering import services
from financiering.constants import AgreementKind, AgreementStatus, Purpose
from tests.access_rows.base import outcome

VIEWERS = {"beheerder", "gemeente", "stuurgroep"}
EDITORS = {"beheerder"}


def _agreement(w, *, document=False):
    agreement = services.agreement_save(
        by=w.users["beheerder"],
        communities=[w.community],
        title="Meerjarenafspraak",
        kind=AgreementKind.REGULAR,
        status=AgreementStatus.SIGNED,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2029, 12, 31),
        purposes=[Purpose.COACH],
        parties=[w.community.municipality],
    )
    if document:
        services.agreement_document_attach(
            agreement=agreement, by=w.users["beheerder"], content=b"%PDF-1.7\n", name="a.pdf"
        )
    return agreement


def _slug(w):
    return {"slug": "de-kade"}


def _agreement_kwargs(w):
    return {"slug": "de-kade", "pk": _agreement(w).pk}


def document_kwargs(w):
    return {"slug": "de-kade", "pk": _agreement(w, document=True).pk}


def _contribution_kwargs(w):
    agreement = _agreement(w)
    contribution = services.contribution_add(
        by=w.users["beheerder"],
        agreement=agreement,
        community=w.community,
        party=w.community.municipality,
        purpose=Purpose.COACH,
        year=2026,
        unit="geld",
        value="1000",
    )
    return {"slug": "de-kade", "pk": agreement.pk, "contribution_pk": contribution.pk}


def _municipality(w):
    return {"pk": w.community.municipality_id}


ROWS = {
    "funding_overview": (_slug, outcome(VIEWERS)),
    "funding_agreement_new": (_slug, outcome(EDITORS)),
    "funding_agreement_detail": (_agreement_kwargs, outcome(VIEWERS)),
    "funding_agreement_edit": (_agreement_kwargs, outcome(EDITORS)),
    "funding_agreement_document": (document_kwargs, outcome(VIEWERS)),
    "funding_contribution_add": (_agreement_kwargs, outcome(EDITORS)),
    "funding_contribution_delete": (_contribution_kwargs, outcome(EDITORS)),
    "funding_one_off_add": (_agreement_kwargs, outcome(EDITORS)),
    "funding_norms": (_slug, outcome(VIEWERS)),
    "funding_realised": (_slug, outcome(VIEWERS)),
    "funding_spending": (_slug, outcome(VIEWERS)),
    "funding_value": (_slug, outcome(VIEWERS)),
    "funding_export": (_slug, outcome(VIEWERS)),
    "funding_calculator": (lambda w: {}, outcome(VIEWERS | {"buitenstaander"})),
    "funding_municipality": (_municipality, outcome(VIEWERS)),
    "funding_municipality_export": (_municipality, outcome(VIEWERS)),
    "funding_municipality_value": (_municipality, outcome(VIEWERS)),
}
