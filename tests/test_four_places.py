"""`four_places` is `round(value, 4)`, float for float, on its fast path and off it."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from bot.understanding.retrieval import four_places


def _same(one: float, two: float) -> bool:
    return math.copysign(1.0, one) == math.copysign(1.0, two) and (
        one == two or (math.isnan(one) and math.isnan(two))
    )


@given(st.floats(allow_nan=True, allow_infinity=True))
@example(0.0)
@example(-0.0)
@example(-1e-9)
@example(0.00005)
@example(0.00015)
@example(0.12345)
@example(2.675)
@example(1e300)
def test_any_float_rounds_as_round_does(value: float) -> None:
    assert _same(four_places(value), round(value, 4))


@given(st.integers(-(10**8), 10**8), st.integers(-3, 3))
def test_values_at_and_beside_a_tie_round_as_round_does(scaled: int, ulps: int) -> None:
    """Decimal ties (x.xxxx5) and the floats a few units in the last place either side of
    them, where the scaled float alone could round the wrong way."""
    value = (scaled + 0.5) / 10_000
    for _ in range(abs(ulps)):
        value = math.nextafter(value, math.copysign(math.inf, ulps))
    assert _same(four_places(value), round(value, 4))


@given(st.floats(0.0, 1.5))
def test_scores_round_as_round_does(value: float) -> None:
    assert _same(four_places(value), round(value, 4))
