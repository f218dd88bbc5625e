"""Small-count suppression for the monitor's tables, through the project's one rule
(`gemengdwonen.suppression.suppress`): a count of 1–4 is shown as "< 5"; and because the cells of
a row add up to a figure the viewer can work out elsewhere (the new signals of each month, shown
in the chart's table), one hidden cell must not be recoverable by subtraction, so a second cell
is hidden ("x")."""

from __future__ import annotations

from gemengdwonen.suppression import suppress


def suppress_row(values: list[int]) -> list[str]:
    """Labels for the parts of a row whose total the viewer knows."""
    counts = {index: value for index, value in enumerate(values)}
    counts["total"] = sum(values)
    result = suppress(counts, sums=[("total", list(range(len(values))))], shown_elsewhere=["total"])
    return [result.label(index) for index in range(len(values))]
