"""Small-count suppression of the core's figures for aggregate viewers (gemeente, stuurgroep).

The rule itself lives once, in gemengdwonen.suppression (primary "< 5", complementary "x", the
exact check); this module says which counts of the core are shown together and add up, so that
every page, chart and export built on them hides the same cells."""

from gemengdwonen.suppression import Suppressed, suppress
from gemengdwonen.suppression import is_small as _is_small

MIX_SUMS = [("residents", ["supported", "unsupported"])]


def is_small(*counts: int) -> bool:
    return any(_is_small(count) for count in counts)


def masked_count(count: int) -> str:
    """A count shown on its own (no total or parts beside it): primary suppression only."""
    return suppress({"count": count}).label("count")


def part_of_cells(part: int, whole: int) -> Suppressed:
    """A part of a whole shown with its share ("17 van 20 bewoners", 85 %): what is left (20 −
    17) is a count too, and the share gives it away, so the share is shown only when neither
    the part nor the rest is hidden (`any_hidden("part", "rest")`), and a small rest hides the
    part ("x van 20"). The whole is known from other pages: never the second hidden cell."""
    return suppress(
        {"whole": whole, "part": part, "rest": max(whole - part, 0)},
        sums=[("whole", ["part", "rest"])] if part <= whole else [],
        shown_elsewhere=["whole"],
    )


def mix_cells(figures, *, org_clients: dict | None = None) -> Suppressed:
    """The begeleid / niet-begeleid split with its total, as an aggregate viewer sees it. With
    `org_clients` ({key: clients}) the clients per care organisation too: the hours page shows
    them beside the same begeleid total (De Kade: 20 = 9 + 9 + "< 5")."""
    counts = {
        "residents": figures.supported + figures.unsupported,
        "supported": figures.supported,
        "unsupported": figures.unsupported,
    }
    sums = list(MIX_SUMS)
    if org_clients:
        orgs = {("org", key): clients for key, clients in org_clients.items()}
        counts.update(orgs)
        rest = figures.supported - sum(orgs.values())
        if rest:
            # Supported residents the hours page does not list by organisation (or a
            # different count of them): a cell of its own, never shown, so the sum holds.
            counts[("org", None, "rest")] = rest if rest > 0 else 0
        if rest >= 0:
            sums.append(("supported", [key for key in counts if key[0] == "org"]))
    return suppress(counts, sums=sums)


def participation_cells(figures) -> Suppressed:
    """The participation grid (all / supported / not supported × living there, contributing,
    not contributing) with its totals: 32 living there and 28 contributing must not give away
    the 4 who do not."""
    groups = {"all": figures.overall, "sup": figures.supported, "uns": figures.unsupported}
    counts = {}
    for name, group in groups.items():
        counts[(name, "residents")] = group.residents
        counts[(name, "contributing")] = group.contributing
        counts[(name, "not")] = group.residents - group.contributing
    sums = [((name, "residents"), [(name, "contributing"), (name, "not")]) for name in groups]
    for column in ("residents", "contributing", "not"):
        if counts[("all", column)] == counts[("sup", column)] + counts[("uns", column)]:
            sums.append((("all", column), [("sup", column), ("uns", column)]))
    # Who lives there (by support) is on the community page as the mix: hide others instead.
    residents = [(name, "residents") for name in groups]
    return suppress(counts, sums=sums, shown_elsewhere=residents)
