"""The models of this area. They are defined in `communities/models/community_work.py` with
the rest of the one `communities` Django app (no model moved between apps, no migration), and
named here so the area's code is found in one folder."""

from communities.models import (
    TimeEntry,
)

__all__ = ["TimeEntry"]
