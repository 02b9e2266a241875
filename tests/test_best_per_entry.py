"""Choosing a shortlist's best entries rounds only the scores that can still be among them,
and chooses exactly what rounding every score would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding.retrieval import SCORE_DIGITS, best_per_entry


def _every_score_rounded(
    entries: list[int], scores: list[float], digits: int, limit: int
) -> list[tuple[int, float, int]]:
    """Each entry's kept score rounded as it is met, then a stable sort by rounded score."""
    best: dict[int, tuple[float, int]] = {}
    for position, (entry, score) in enumerate(zip(entries, scores, strict=True)):
        if entry not in best or score > best[entry][0]:
            best[entry] = (round(score, digits), position)
    ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)[:limit]
    return [(entry, score, position) for entry, (score, position) in ranked]


# Scores a rounding step apart, half a step apart (where rounding ties them or not) and a
# hair either side of those: the places where rounding and order can disagree.
STEP = 10.0**-SCORE_DIGITS
NEAR = st.builds(
    lambda k, half, nudge: k * STEP + half * STEP / 2 + nudge,
    st.integers(0, 30),
    st.integers(0, 1),
    st.sampled_from([0.0, 1e-12, -1e-12, STEP / 4, -STEP / 4]),
)
SHORTLISTS = st.integers(0, 45).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(0, 12), min_size=size, max_size=size),
        st.lists(st.one_of(NEAR, st.floats(0, 1)), min_size=size, max_size=size),
    )
)


@settings(max_examples=2_000)
@given(SHORTLISTS, st.integers(0, 12))
def test_equals_rounding_every_score(shortlist: tuple[list[int], list[float]], limit: int) -> None:
    entries, scores = shortlist
    assert best_per_entry(entries, scores, SCORE_DIGITS, limit) == _every_score_rounded(
        entries, scores, SCORE_DIGITS, limit
    )


def test_ties_after_rounding_go_to_the_entry_met_first() -> None:
    """Entry 3 scores highest before rounding but ties entry 1 after it, and 1 came first."""
    entries = [1, 2, 3]
    scores = [0.50001, 0.2, 0.50004]
    assert best_per_entry(entries, scores, SCORE_DIGITS, 2) == [(1, 0.5, 0), (3, 0.5, 2)]
    assert best_per_entry(entries, scores, SCORE_DIGITS, 1) == [(1, 0.5, 0)]
