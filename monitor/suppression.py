"""Small-count suppression for the monitor's tables, until the project's one complementary
suppression function lands in `gemengdwonen/` (then this module calls it).

A count of 1–4 is shown as "< 5" (communities.privacy). When the cells of a row add up to a
figure shown elsewhere (the signals of a month, the series of a chart), one hidden cell could be
worked out by subtraction; so whenever exactly one cell of a row is hidden, the smallest other
non-zero cell is hidden too (shown as "•", "verborgen")."""

from __future__ import annotations

from communities.privacy import is_small, masked_count

HIDDEN = "•"


def suppress_row(values: list[int]) -> list[str]:
    shown = [masked_count(v) for v in values]
    small = [i for i, v in enumerate(values) if is_small(v)]
    if len(small) == 1:
        others = [(v, i) for i, v in enumerate(values) if v > 0 and i not in small]
        if others:
            _value, index = min(others)
            shown[index] = HIDDEN
    return shown
