"""Platform markup is the adapters' to remove; the core only sees what the person wrote."""

from __future__ import annotations

import pytest

from adapters.markup import strip_markup

MARKUP = {
    "slack-mention": ("<@U0LAN0Z89> who owns deployment?", "  who owns deployment?"),
    "slack-mention-with-name": ("<@U0LAN0Z89|rolebot> hi", "  hi"),
    "slack-channel": ("ask in <#C024BE7LR|general>", "ask in  "),
    "slack-special": ("<!here> anyone?", "  anyone?"),
    "slack-labelled-link": ("see <https://example.com|the docs>", "see the docs"),
    "bare-link": ("see <https://example.com>", "see  "),
    "discord-mention": ("<@!123456789012345678> hi", "  hi"),
    "discord-role": ("<@&987654321> hi", "  hi"),
    "discord-emoji": ("nice <:party:123456> <a:wave:654321>", "nice    "),
    "plain-angles": ("a <b> and x < y > z", "a <b> and x < y > z"),
}


@pytest.mark.parametrize(("typed", "left"), list(MARKUP.values()), ids=list(MARKUP))
def test_platform_markup_is_removed_and_the_rest_kept(typed: str, left: str) -> None:
    assert strip_markup(typed) == left
