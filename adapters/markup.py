"""Chat platforms' inline markup, removed from what users type before the core reads it.

Slack and Discord share the angle-bracket forms: mentions (``<@U0LAN0Z89>``, ``<@!1234>``,
``<@&role>``), channels (``<#C024BE7LR|general>``), specials (``<!here>``), custom emoji
(``<:party:1234>``, ``<a:wave:1234>``) and bare links (``<https://...>``); Slack also writes a
labelled link as ``<https://...|label>``, which keeps its label. Everything else (Unicode,
punctuation, formatting marks) is the core's clean-up.
"""

from __future__ import annotations

import re

_LABELLED_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]*)>")
_ANGLE_MARKUP = re.compile(r"<[@#!][^>]*>|<a?:\w+:\d+>|<https?://[^>]*>")


def strip_markup(text: str) -> str:
    """`text` without platform markup: labelled links become their label, the rest a space."""
    return _ANGLE_MARKUP.sub(" ", _LABELLED_LINK.sub(r"\2", text))
