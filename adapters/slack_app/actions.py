"""Ids of rolebot's interactive elements, namespaced so new kinds of button slot in beside them.

Every action_id is ``rolebot:<kind>:<detail>``; bolt routes each kind by its pattern.
"""

from __future__ import annotations

import re

NAMESPACE = "rolebot"
SUGGEST = "suggest"
# A suggestion the core marks in place (the tour's Back, Next and Stop): its answer replaces
# the message the button is on.
MOVE = "move"
SUGGESTIONS_BLOCK_ID = f"{NAMESPACE}:suggestions"
VOTE = "vote"  # feedback buttons: ``rolebot:vote:<feedback code>``, the answer id as the value
VOTES_BLOCK_ID = f"{NAMESPACE}:votes"


def action_id(kind: str, detail: str | int) -> str:
    """The action_id of one element, e.g. ``rolebot:suggest:2``."""
    return f"{NAMESPACE}:{kind}:{detail}"


def pattern(kind: str) -> re.Pattern[str]:
    """Matches every action_id of `kind`, for registering one listener per kind."""
    return re.compile(rf"^{NAMESPACE}:{re.escape(kind)}:[^:]+$")
