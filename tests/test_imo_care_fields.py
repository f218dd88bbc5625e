"""The candidate's care fields are named once (Candidate.CARE_FIELDS): a care-like field missing
from the list would leak into the residents' copy or survive anonymisation, so these tests fail
when one is added without it."""

import dataclasses
import datetime
import re

import pytest

from imo import services
from imo.forms import CARE_FIELDS as FORM_CARE_FIELDS
from imo.forms import CandidateForm
from imo.models import Candidate
from imo.selectors import CareDetails
from privacy.selectors import candidate_has_personal_data
from tests.factories import TEST_ACTOR, CandidateFactory, SupportedCandidateFactory

# Words that make a field a care detail (special-category data) rather than a plain attribute.
CARE_LIKE = re.compile(
    r"care|severity|support|safeguard|fallback|indicat|diagnos|tenancy_condition|problem"
)
# Fields that match the words but are not care details, each with the reason.
NOT_CARE = {
    "supported": "supported yes/no is what the residents' delegation does see (DESIGN.md §6)",
    "consent_scope": "the consent itself, anonymised separately",
}


def test_every_care_like_field_of_the_candidate_is_in_the_list():
    names = {f.name for f in Candidate._meta.get_fields() if f.concrete}
    care_like = {n for n in names if CARE_LIKE.search(n)} - set(NOT_CARE)
    assert care_like <= set(Candidate.CARE_FIELDS), care_like - set(Candidate.CARE_FIELDS)
    assert set(Candidate.CARE_FIELDS) <= names


def test_each_cleared_value_is_a_valid_empty_value_of_its_field():
    for name, cleared in Candidate.CARE_FIELDS.items():
        field = Candidate._meta.get_field(name)
        if cleared is None:
            assert field.null, name
        else:
            assert cleared == field.get_default() or cleared in ("", False), name


def test_the_form_the_agenda_and_the_services_derive_from_the_list():
    assert set(FORM_CARE_FIELDS) == set(Candidate.CARE_FIELDS)
    assert {f.name for f in dataclasses.fields(CareDetails)} == set(Candidate.CARE_FIELDS)
    assert set(Candidate.CARE_FIELDS) <= services.CANDIDATE_FIELDS


@pytest.mark.django_db
def test_clearing_and_the_anonymisation_query_follow_the_list():
    candidate = SupportedCandidateFactory()
    assert Candidate.objects.filter(Candidate.has_care_details(), pk=candidate.pk).exists()
    candidate.clear_care()
    candidate.save()
    assert not Candidate.objects.filter(Candidate.has_care_details(), pk=candidate.pk).exists()
    for name, cleared in Candidate.CARE_FIELDS.items():
        assert getattr(candidate, name) == cleared, name
    assert Candidate.objects.filter(candidate_has_personal_data(), pk=candidate.pk).exists()


@pytest.mark.django_db
def test_the_service_clears_care_details_of_a_candidate_without_support():
    """The rule lives in the service: whatever form (or command) calls it, an unsupported
    candidate keeps no care details, also those the caller's form did not show."""
    candidate = SupportedCandidateFactory(source="wachtlijst", proposed_by=None)
    updated = services.candidate_update(
        candidate=candidate, data={"supported": False}, by=TEST_ACTOR
    )
    for name, cleared in Candidate.CARE_FIELDS.items():
        assert getattr(updated, name) == cleared, name
    registered = services.candidate_register(
        community=candidate.community,
        data={
            "first_name": "Nina",
            "last_name": "Bos",
            "source": "wachtlijst",
            "supported": False,
            "fallback_place": "Mag niet blijven staan",
            "support_hours_per_week": 4,
            "registered_on": datetime.date(2025, 1, 2),
        },
        by=TEST_ACTOR,
    )
    assert registered.fallback_place == "" and registered.support_hours_per_week is None


@pytest.mark.django_db
def test_a_form_without_care_fields_shows_none_of_them():
    candidate = CandidateFactory()
    form = CandidateForm(instance=candidate, community=candidate.community, with_care=False)
    assert not set(form.fields) & set(Candidate.CARE_FIELDS)
