import datetime

import pytest
from django.core.exceptions import ValidationError

from communities import selectors, services
from communities.constants import Phase
from tests.factories import CommunityFactory, SectionFactory, UnitFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def community_with_units(count, moved_in=None):
    community = CommunityFactory(residents_moved_in_on=moved_in or D(2020, 1, 1))
    section = SectionFactory(community=community)
    UnitFactory.create_batch(count, section=section)
    return community


def test_pilot_light_is_recorded_and_reversible():
    community = community_with_units(60)
    services.pilot_light_record(
        community=community, active=True, decided_on=D(2024, 1, 1), reason="Goed op koers", by=None
    )
    assert selectors.community_phase(community=community, on=D(2024, 6, 1)) == Phase.PILOT_LIGHT
    assert selectors.community_phase(community=community, on=D(2023, 12, 31)) == Phase.LATER
    services.pilot_light_record(
        community=community, active=False, decided_on=D(2025, 1, 1), reason="Opschalen", by=None
    )
    assert selectors.community_phase(community=community, on=D(2025, 6, 1)) == Phase.LATER


def test_pilot_light_never_before_year_four():
    community = community_with_units(60, moved_in=D(2022, 6, 1))
    with pytest.raises(ValidationError, match="na het derde jaar"):
        services.pilot_light_record(
            community=community, active=True, decided_on=D(2025, 5, 31), reason="x", by=None
        )


def test_pilot_light_never_from_100_units():
    community = community_with_units(100)
    with pytest.raises(ValidationError, match="100 eenheden"):
        services.pilot_light_record(
            community=community, active=True, decided_on=D(2024, 1, 1), reason="x", by=None
        )


def test_pilot_light_needs_a_reason_and_a_change():
    community = community_with_units(50)
    with pytest.raises(ValidationError, match="waarom"):
        services.pilot_light_record(
            community=community, active=True, decided_on=D(2024, 1, 1), reason=" ", by=None
        )
    with pytest.raises(ValidationError, match="staat niet aan"):
        services.pilot_light_record(
            community=community, active=False, decided_on=D(2024, 1, 1), reason="x", by=None
        )
