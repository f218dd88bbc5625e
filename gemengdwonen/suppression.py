"""Small-count suppression for aggregate-only viewers (gemeente, stuurgroep), in one place.

Every page, chart, export and PDF that shows counts to an aggregate-only role passes the counts
through `suppress` and shows the labels it returns (DESIGN.md §6, issue 9 item 6):

- **Primary suppression.** A count of 1–4 could point at a person: it is shown as "< 5".
  Zero is shown: "nobody" points at nobody.
- **Complementary suppression.** A hidden count must not be recoverable from what is shown
  beside it. The caller says which shown counts add up to which (`sums`: a total and its
  parts, e.g. residents = supported + not supported, or supported = the clients of each care
  organisation). Where a sum holds a hidden count that the other figures would pin down, a
  second count is hidden ("x"): the smallest shown part first, the total when no part is
  left. The check is repeated over all sums together until no hidden small count can be
  narrowed to a single value, also through a chain of sums (a hidden total that is a part of
  another sum).
- **Withheld.** When even hiding everything around it leaves a small count pinned (four ones
  under a total of "< 5"), every count of the table is shown as "–": nothing, not even a zero.
- **Derived values.** A share, average or norm computed from a hidden count is not shown
  either: callers ask `Suppressed.any_hidden(...)` before showing one.

*(decision)* What an attacker is assumed to know: the sums, every shown count, that "< 5" means
1–4, and that "x" stands for a count of 5 or more (only such counts are hidden as a second cell,
never a zero or a small one). A hidden small count counts as protected when these leave at
least two possible values for it, checked exactly: a small search for whole tables that fit
everything shown (the tables on our pages have a handful of cells; the search has a fixed step
budget, past which more is hidden). tests/test_suppression.py attacks the result with its own
solver.
Hiding the total is preferred to rounding it: a rounded total still narrows the hidden part.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL_LABEL = f"< {THRESHOLD}"
HIDDEN_LABEL = "x"
WITHHELD_LABEL = "–"
# Narrowing the ranges converges fast for the small tables on our pages; the cap only guards
# against a mistake in a caller's sums.
_MAX_ROUNDS = 100


def is_small(count: int, *, threshold: int = THRESHOLD) -> bool:
    return 0 < count < threshold


@dataclass(frozen=True)
class Cell:
    """One count as an aggregate viewer sees it."""

    value: int
    small: bool  # hidden because it is 1–4
    hidden: bool  # small, or hidden so that a small one cannot be worked out
    withheld: bool = False  # the whole table is withheld: nothing can be said

    @property
    def label(self) -> str:
        if self.withheld:
            return WITHHELD_LABEL
        if self.small:
            return SMALL_LABEL
        return HIDDEN_LABEL if self.hidden else str(self.value)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Suppressed:
    cells: dict
    withheld: bool = False

    def __getitem__(self, key) -> Cell:
        return self.cells[key]

    def label(self, key) -> str:
        return self.cells[key].label

    def any_hidden(self, *keys) -> bool:
        return any(self.cells[key].hidden for key in keys)

    @property
    def hidden_keys(self) -> set:
        return {key for key, cell in self.cells.items() if cell.hidden}


Sum = tuple[Hashable, Sequence[Hashable]]


def _check_sums(counts: Mapping, sums: Sequence[Sum]) -> None:
    for total, parts in sums:
        if total not in counts or any(part not in counts for part in parts):
            raise KeyError(f"a sum names a count that is not given: {total!r} = {parts!r}")
        if counts[total] != sum(counts[part] for part in parts):
            raise ValueError(f"counts do not add up: {total!r} != sum of {list(parts)!r}")


class _Budget:
    """Search steps left: past it a count is treated as exposed (and more is hidden), so a
    caller's odd table costs time only up to a fixed bound."""

    def __init__(self, steps: int):
        self.steps = steps

    def spend(self) -> bool:
        self.steps -= 1
        return self.steps >= 0


_SEARCH_STEPS = 20_000


def _domains(counts: Mapping, hidden: set, threshold: int) -> dict:
    """What "< 5", "x" and a shown count say about each count. "x" is `threshold` or more;
    the search needs an upper end, set well above every real count."""
    bound = max(counts.values(), default=0) + 3 * threshold
    domains = {}
    for key, value in counts.items():
        if key not in hidden:
            domains[key] = (value, value)
        elif is_small(value, threshold=threshold):
            domains[key] = (1, threshold - 1)
        else:
            domains[key] = (threshold, bound)
    return domains


def _propagate(domains: dict, sums: Sequence[Sum]) -> dict | None:
    """Narrow every range sum by sum until nothing changes; None when they contradict."""
    low = {key: bounds[0] for key, bounds in domains.items()}
    high = {key: bounds[1] for key, bounds in domains.items()}
    for _ in range(_MAX_ROUNDS):
        changed = False
        for total, parts in sums:
            parts_low = sum(low[p] for p in parts)
            parts_high = sum(high[p] for p in parts)
            changed |= _narrow(low, high, total, parts_low, parts_high)
            for part in parts:
                new_low = low[total] - (parts_high - high[part])
                new_high = high[total] - (parts_low - low[part])
                changed |= _narrow(low, high, part, new_low, new_high)
                parts_low = sum(low[p] for p in parts)
                parts_high = sum(high[p] for p in parts)
            if any(low[k] > high[k] for k in (total, *parts)):
                return None
        if not changed:
            break
    return {key: (low[key], high[key]) for key in domains}


def _narrow(low: dict, high: dict, key, new_low, new_high) -> bool:
    changed = False
    if new_low > low[key]:
        low[key] = new_low
        changed = True
    if new_high < high[key]:
        high[key] = new_high
        changed = True
    return changed


def _feasible(domains: dict, sums: Sequence[Sum], budget: _Budget) -> bool | None:
    """Whether some whole table fits the ranges (None: out of search steps)."""
    if not budget.spend():
        return None
    domains = _propagate(domains, sums)
    if domains is None:
        return False
    open_keys = [key for key, (low, high) in domains.items() if low < high]
    if not open_keys:
        return all(domains[t][0] == sum(domains[p][0] for p in parts) for t, parts in sums)
    key = min(open_keys, key=lambda k: domains[k][1] - domains[k][0])
    low, high = domains[key]
    for value in range(low, high + 1):
        found = _feasible({**domains, key: (value, value)}, sums, budget)
        if found is None or found:
            return found
    return False


def _exposed(counts, sums, hidden, threshold, order) -> set:
    """The hidden small counts that an attacker can pin to one value: exact, by searching for
    whole tables that fit what is shown with each candidate value."""
    domains = _domains(counts, hidden, threshold)
    budget = _Budget(_SEARCH_STEPS)
    exposed = set()
    for key in sorted(hidden, key=order.__getitem__):
        if not is_small(counts[key], threshold=threshold):
            continue
        possible = 0
        for value in range(1, threshold):
            found = _feasible({**domains, key: (value, value)}, sums, budget)
            if found is None:
                return exposed | {key}
            possible += found
            if possible >= 2:
                break
        if possible < 2:
            exposed.add(key)
    return exposed


def suppress(
    counts: Mapping,
    *,
    sums: Iterable[Sum] = (),
    shown_elsewhere: Iterable = (),
    threshold: int = THRESHOLD,
) -> Suppressed:
    """The counts as an aggregate viewer may see them. `sums` lists (total, parts) of the
    counts shown together (on the same page, or on pages the same viewer sees: pass the same
    sums there). `shown_elsewhere` names counts the viewer reads on another page anyway (the
    residents of the mix beside the participation grid): never chosen as the second hidden
    cell, since hiding them here would protect nothing. Deterministic: the same counts give
    the same cells everywhere."""
    sums = [(total, tuple(parts)) for total, parts in sums]
    _check_sums(counts, sums)
    order = {key: index for index, key in enumerate(counts)}
    hidden = {key for key, value in counts.items() if is_small(value, threshold=threshold)}
    withheld = False
    while True:
        exposed = _exposed(counts, sums, hidden, threshold, order)
        if not exposed:
            break
        extra = _next_to_hide(counts, sums, hidden | set(shown_elsewhere), exposed, order)
        if extra is None:
            # Everything around it is hidden and "< 5" itself still gives it away (four ones
            # under a total of "< 5"): the table says nothing at all, not even which are zero.
            withheld = True
            hidden = set(counts)
            break
        hidden.add(extra)
    small = {key for key, value in counts.items() if is_small(value, threshold=threshold)}
    return Suppressed(
        cells={
            key: Cell(value=value, small=key in small, hidden=key in hidden, withheld=withheld)
            for key, value in counts.items()
        },
        withheld=withheld,
    )


def _next_to_hide(counts, sums, hidden, exposed, order):
    """In the first sum that holds an exposed count and still shows something: its smallest
    shown part (never a zero: a hidden zero would be known to be zero), else its total."""
    for total, parts in sums:
        terms = (total, *parts)
        if not any(term in exposed for term in terms):
            continue
        candidates = sorted(
            (p for p in parts if p not in hidden and counts[p] > 0),
            key=lambda p: (counts[p], order[p]),
        )
        if candidates:
            return candidates[0]
        if total not in hidden and counts[total] > 0:
            return total
    # Pinned through a chain of sums that are all hidden: hide the smallest shown count of any
    # sum that holds a hidden one.
    around = {
        term
        for total, parts in sums
        if any(term in hidden for term in (total, *parts))
        for term in (total, *parts)
        if term not in hidden and counts[term] > 0
    }
    return min(around, key=lambda term: (counts[term], order[term]), default=None)
