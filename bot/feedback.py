"""Feedback on a reply: the one type that goes from a button click to the store.

Adapters read a click as a `Feedback`, hand it to the core's `record_feedback`, and the store
keeps its value; nothing converts it on the way.
"""

from __future__ import annotations

from enum import Enum


class Feedback(Enum):
    """One feedback choice; the value is its stable code in action ids, custom_ids and the store."""

    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"
    NONE_OF_THESE = "none_of_these"  # no candidate of a clarification fitted: a miss

    @classmethod
    def from_code(cls, code: str) -> Feedback | None:
        """The choice a button code names, or None for a code rolebot never made."""
        try:
            return cls(code)
        except ValueError:
            return None
