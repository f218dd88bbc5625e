"""Small-count suppression for aggregate viewers (gemeente, stuurgroep): a count of 1–4 could
point at a person and is shown as "< 5"; a share derived from such a count is not shown."""

from communities.constants import SMALL_COUNT_THRESHOLD


def is_small(*counts: int) -> bool:
    return any(0 < count < SMALL_COUNT_THRESHOLD for count in counts)


def masked_count(count: int) -> str:
    return f"< {SMALL_COUNT_THRESHOLD}" if is_small(count) else str(count)
