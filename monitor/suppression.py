"""Small-count suppression for the monitor's tables.

The project's one complementary-suppression function (`gemengdwonen.suppression.suppress`) is
used when it is there; until then a simple local rule stands in. Either way: a count of 1–4 is
shown as "< 5"; and because the cells of a row add up to a figure the viewer can work out
elsewhere (the new signals of each month, shown in the chart's table), one hidden cell must not
be recoverable by subtraction, so a second cell is hidden ("x")."""

from __future__ import annotations

import importlib

from communities.privacy import is_small, masked_count

HIDDEN = "x"


def _project_suppress():
    try:
        module = importlib.import_module("gemengdwonen.suppression")
    except ImportError:
        return None
    return getattr(module, "suppress", None)


def suppress_row(values: list[int]) -> list[str]:
    """Labels for the parts of a row whose total the viewer knows."""
    suppress = _project_suppress()
    if suppress is not None:
        counts = {index: value for index, value in enumerate(values)}
        counts["total"] = sum(values)
        result = suppress(
            counts, sums=[("total", list(range(len(values))))], shown_elsewhere=["total"]
        )
        return [result.label(index) for index in range(len(values))]
    shown = [masked_count(v) for v in values]
    small = [i for i, v in enumerate(values) if is_small(v)]
    if len(small) == 1:
        others = [(v, i) for i, v in enumerate(values) if v > 0 and i not in small]
        if others:
            _value, index = min(others)
            shown[index] = HIDDEN
    return shown
