"""Property-based tests of the core forms (issue 5, "Hostile input"): whatever text or number a
browser sends, `is_valid()` answers True or False (never an exception), and a valid form's
cleaned values keep the rules: hours 0–60, at least one room, no birth date in the future."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities.constants import MoveOutReason
from communities.forms import MoveOutForm, ResidentForm, SupportStartForm, UnitForm, today

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# What a browser can send in a form field: any text (surrogates cannot be encoded), plus the
# shapes that look like numbers and dates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
NUMBERISH = st.one_of(
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from(["1e309", "-0", "7,5", "1_000", " 8 ", "٣", "NaN", "-Infinity"]),
)
DATEISH = st.one_of(
    TEXT,
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.strftime("%d-%m-%Y")),
    st.sampled_from(["31-02-2026", "morgen", "0000-00-00", "2026-13-01", "9999-12-31"]),
)


@SETTINGS
@given(first=TEXT, last=TEXT, born=DATEISH, email=TEXT, phone=TEXT)
def test_resident_form(world, first, last, born, email, phone):
    form = ResidentForm(
        data={
            "first_name": first,
            "last_name": last,
            "date_of_birth": born,
            "email": email,
            "phone": phone,
        },
        community=world.community,
    )
    valid = form.is_valid()
    assert isinstance(valid, bool)
    if valid:
        data = form.cleaned_data
        assert data["first_name"].strip() and data["last_name"].strip()
        assert "\x00" not in data["first_name"] + data["last_name"] + data["phone"]
        born_on = data["date_of_birth"]
        assert born_on is None or datetime.date(1900, 1, 1) <= born_on <= today()


@SETTINGS
@given(number=TEXT, rooms=NUMBERISH, size=NUMBERISH)
def test_unit_form(world, number, rooms, size):
    form = UnitForm(
        data={
            "section": str(world.units[0].section_id),
            "number": number,
            "rooms": rooms,
            "size_m2": size,
            "price_class": "sociale_huur",
        },
        community=world.community,
    )
    valid = form.is_valid()
    assert isinstance(valid, bool)
    if valid:
        data = form.cleaned_data
        assert 1 <= data["rooms"] <= 20
        assert data["size_m2"] is None or 10 <= data["size_m2"] <= 500
        assert data["number"].strip()


@SETTINGS
@given(on=DATEISH, reason=st.one_of(TEXT, st.sampled_from(MoveOutReason.values)))
def test_move_out_form(on, reason):
    form = MoveOutForm(data={"on": on, "reason": reason})
    valid = form.is_valid()
    assert isinstance(valid, bool)
    if valid:
        assert isinstance(form.cleaned_data["on"], datetime.date)
        assert form.cleaned_data["reason"] in MoveOutReason.values


@SETTINGS
@given(on=DATEISH, hours=NUMBERISH)
def test_support_start_form(on, hours):
    form = SupportStartForm(data={"on": on, "hours_per_week": hours})
    valid = form.is_valid()
    assert isinstance(valid, bool)
    if valid:
        value = form.cleaned_data["hours_per_week"]
        assert isinstance(value, Decimal) and value.is_finite()
        assert Decimal(0) <= value <= Decimal(60)
        assert isinstance(form.cleaned_data["on"], datetime.date)
