"""Finding helpers: the numbers a message prints against a limit never hide which side they are."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assetkit.findings import number_against


@pytest.mark.parametrize(("value", "limit", "decimals", "shown"), [
    (15.65, 16, 1, "15.7"),
    (14.46, 16, 1, "14.5"),
    (13.0, 16, 1, "13"),          # trailing zeros dropped
    (24.5, 28, 1, "24.5"),
    (15.6, 16, 0, "15.6"),        # whole units asked, but 16 would hide the shortfall
    (14.46, 16, 0, "14"),
    (11.96, 12, 1, "11.96"),      # one place is not enough: 12.0
    (15.99999, 16, 1, "15.9999"),  # cut towards its side after 3 more places
    (300.4, 300, 0, "300.4"),     # over a maximum, the same
    (16.0, 16, 1, "16"),
    (0.6496, 0.65, 3, "0.6496"),
    (0.612, 0.65, 3, "0.612"),
    (5.04, 5, 1, "5.04"),
])
def test_number_against_a_limit(value, limit, decimals, shown):
    assert number_against(value, limit, decimals) == shown


@given(st.floats(0.01, 1000), st.integers(1, 1000), st.integers(0, 2))
def test_the_printed_number_stays_on_its_side_of_the_limit(value, limit, decimals):
    printed = float(number_against(value, limit, decimals))
    if value < limit:
        assert printed < limit
    elif value > limit:
        assert printed > limit
