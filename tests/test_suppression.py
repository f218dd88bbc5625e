"""Small-count suppression (gemengdwonen.suppression; issue 9, item 6): an attacker who knows the
sums, every shown count and what "< 5" and "x" mean tries to work out a hidden small count.

The attacker here is exact: a small constraint solver that tries every value 1–4 for each hidden
small count and searches for a complete, consistent table (hidden "x" counts from 5 up to well above
the largest count in the table). Protection holds when at
least two values stay possible for every hidden small count."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemengdwonen.suppression import (
    HIDDEN_LABEL,
    SMALL_LABEL,
    THRESHOLD,
    WITHHELD_LABEL,
    suppress,
)


def _domains(counts, shown):
    # "x" is 5 or more; the search needs an upper end: well above every real count.
    bound = max(counts.values()) + 3 * THRESHOLD
    domains = {}
    for key, cell in shown.cells.items():
        if cell.label == WITHHELD_LABEL:
            domains[key] = (0, bound)
        elif not cell.hidden:
            domains[key] = (cell.value, cell.value)
        elif cell.label == SMALL_LABEL:
            domains[key] = (1, THRESHOLD - 1)
        else:
            assert cell.label == HIDDEN_LABEL
            domains[key] = (THRESHOLD, bound)
    return domains


def _propagate(domains, sums):
    low = {k: d[0] for k, d in domains.items()}
    high = {k: d[1] for k, d in domains.items()}
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            terms = [(total, 1), *((p, -1) for p in parts)]
            # total - sum(parts) == 0: bound each term by the others.
            for key, sign in terms:
                rest_low = sum(low[k] if s == 1 else -high[k] for k, s in terms if k != key)
                rest_high = sum(high[k] if s == 1 else -low[k] for k, s in terms if k != key)
                if sign == 1:  # key == -rest
                    new_low, new_high = -rest_high, -rest_low
                else:  # key == rest
                    new_low, new_high = rest_low, rest_high
                if new_low > low[key]:
                    low[key], changed = new_low, True
                if new_high < high[key]:
                    high[key], changed = new_high, True
                if low[key] > high[key]:
                    return None
    return {k: (low[k], high[k]) for k in domains}


def _feasible(domains, sums) -> bool:
    domains = _propagate(domains, sums)
    if domains is None:
        return False
    open_keys = [k for k, (lo, hi) in domains.items() if lo < hi]
    if not open_keys:
        return all(domains[t][0] == sum(domains[p][0] for p in parts) for t, parts in sums)
    key = min(open_keys, key=lambda k: domains[k][1] - domains[k][0])
    lo, hi = domains[key]
    return any(_feasible({**domains, key: (v, v)}, sums) for v in range(lo, hi + 1))


def attacker_values(counts, sums, shown, key) -> set[int]:
    """Every value of the hidden small count `key` that fits everything shown."""
    domains = _domains(counts, shown)
    return {v for v in range(1, THRESHOLD) if _feasible({**domains, key: (v, v)}, sums)}


def assert_protected(counts, sums, shown):
    for key, cell in shown.cells.items():
        if shown.withheld:
            assert cell.label == WITHHELD_LABEL, key
        elif 0 < counts[key] < THRESHOLD:
            assert cell.label == SMALL_LABEL, key
        elif cell.hidden:
            assert cell.label == HIDDEN_LABEL and counts[key] >= THRESHOLD, key
        else:
            assert cell.label == str(counts[key]), key
    for key, cell in shown.cells.items():
        if cell.small:
            possible = attacker_values(counts, sums, shown, key)
            assert counts[key] in possible
            assert len(possible) >= 2, f"{key} = {counts[key]} recovered from {shown.cells}"


# --- the attacks of the issue ----------------------------------------------------------------


def test_hours_per_care_organisation_no_longer_give_away_the_third():
    """De Kade: begeleid 20, clients per care organisation 9 + 9 + "< 5": the third was 2."""
    counts = {"begeleid": 20, "horizon": 9, "anker": 9, "derde": 2}
    sums = [("begeleid", ["horizon", "anker", "derde"])]
    primary_only = suppress(counts, sums=[])  # what the pages did before
    assert attacker_values(counts, sums, primary_only, "derde") == {2}
    shown = suppress(counts, sums=sums)
    assert shown.label("derde") == "< 5"
    assert sum(shown[k].hidden for k in ("horizon", "anker")) == 1
    assert_protected(counts, sums, shown)


@pytest.mark.parametrize("open_total", [5, 6])
def test_open_signals_over_five_kinds_each_below_five(open_total):
    """5 open over 5 kinds each "< 5": one each. 6: at most 2 each."""
    counts = {"open": open_total, "overlast": 1, "eenzaamheid": 1, "conflict": 1, "ov": 1}
    counts["schulden"] = open_total - 4
    sums = [("open", ["overlast", "schulden", "eenzaamheid", "conflict", "ov"])]
    before = attacker_values(counts, sums, suppress(counts, sums=[]), "overlast")
    assert before == ({1} if open_total == 5 else {1, 2})
    shown = suppress(counts, sums=sums)
    # Five ones: no part left to hide, so the total goes. Six: "at most 2 each" stays.
    assert shown["open"].hidden is (open_total == 5)
    assert_protected(counts, sums, shown)


def test_participation_grid_hides_the_non_contributing_by_subtraction():
    """Residents 32 not supported, 28 of them contribute: 4 do not, a hidden count."""
    counts = {
        "res": 50, "res_sup": 18, "res_uns": 32,
        "con": 41, "con_sup": 13, "con_uns": 28,
        "non": 9, "non_sup": 5, "non_uns": 4,
    }  # fmt: skip
    sums = [
        ("res", ["res_sup", "res_uns"]),
        ("con", ["con_sup", "con_uns"]),
        ("non", ["non_sup", "non_uns"]),
        ("res_sup", ["con_sup", "non_sup"]),
        ("res_uns", ["con_uns", "non_uns"]),
        ("res", ["con", "non"]),
    ]
    shown = suppress(counts, sums=sums)
    assert shown.label("non_uns") == "< 5"
    assert_protected(counts, sums, shown)


def test_nothing_small_nothing_hidden():
    counts = {"res": 50, "sup": 18, "uns": 32}
    shown = suppress(counts, sums=[("res", ["sup", "uns"])])
    assert shown.hidden_keys == set()
    assert [c.label for c in shown.cells.values()] == ["50", "18", "32"]


def test_zero_is_shown_and_never_hidden_as_a_second_cell():
    counts = {"tot": 9, "a": 0, "b": 3, "c": 6}
    shown = suppress(counts, sums=[("tot", ["a", "b", "c"])])
    assert shown.label("a") == "0" and shown["c"].hidden


def test_a_table_of_ones_is_withheld_as_a_whole():
    counts = {"tot": 4, "a": 1, "b": 1, "c": 1, "d": 1, "e": 0}
    sums = [("tot", ["a", "b", "c", "d", "e"])]
    shown = suppress(counts, sums=sums)
    assert shown.withheld and {c.label for c in shown.cells.values()} == {"–"}
    assert_protected(counts, sums, shown)


def test_counts_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        suppress({"tot": 5, "a": 1}, sums=[("tot", ["a"])])
    with pytest.raises(KeyError):
        suppress({"tot": 5}, sums=[("tot", ["a"])])


# --- property-based: any table, any counts --------------------------------------------------

COUNT = st.integers(min_value=0, max_value=14)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(parts=st.lists(COUNT, min_size=1, max_size=6))
def test_a_total_and_its_parts(parts):
    counts = {"total": sum(parts), **{f"p{i}": v for i, v in enumerate(parts)}}
    sums = [("total", [f"p{i}" for i in range(len(parts))])]
    assert_protected(counts, sums, suppress(counts, sums=sums))


@PROPERTY
@given(supported=st.lists(COUNT, min_size=1, max_size=4), unsupported=COUNT)
def test_a_chain_of_sums(supported, unsupported):
    """Residents = supported + not supported on the mix page; supported = the clients of each
    care organisation on the hours page. One viewer sees both pages."""
    orgs = {f"org{i}": v for i, v in enumerate(supported)}
    counts = {
        "residents": sum(supported) + unsupported,
        "supported": sum(supported),
        "unsupported": unsupported,
        **orgs,
    }
    sums = [("residents", ["supported", "unsupported"]), ("supported", list(orgs))]
    assert_protected(counts, sums, suppress(counts, sums=sums))


@PROPERTY
@given(grid=st.lists(st.lists(COUNT, min_size=2, max_size=3), min_size=2, max_size=2))
def test_a_grid_with_row_and_column_totals(grid):
    width = min(len(row) for row in grid)
    grid = [row[:width] for row in grid]
    counts, sums = {}, []
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            counts[(r, c)] = value
        counts[(r, "t")] = sum(row)
        sums.append(((r, "t"), [(r, c) for c in range(width)]))
    for c in range(width):
        counts[("t", c)] = sum(row[c] for row in grid)
        sums.append((("t", c), [(r, c) for r in range(len(grid))]))
    counts[("t", "t")] = sum(map(sum, grid))
    sums.append((("t", "t"), [(r, "t") for r in range(len(grid))]))
    sums.append((("t", "t"), [("t", c) for c in range(width)]))
    assert_protected(counts, sums, suppress(counts, sums=sums))


def test_the_solver_finds_what_subtraction_finds():
    """The attacker itself: with only primary suppression it recovers the hidden part."""
    counts = {"res": 50, "sup": 3, "uns": 47}
    sums = [("res", ["sup", "uns"])]
    assert attacker_values(counts, sums, suppress(counts, sums=[]), "sup") == {3}
    assert math.isfinite(_domains(counts, suppress(counts, sums=sums))["uns"][1])
