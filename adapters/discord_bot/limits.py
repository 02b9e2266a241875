"""Discord's limits, each with its source (discord/discord-api-docs@c98d64bc).

``tests/fixtures/discord/limits.json`` holds the same values with their sources; a test keeps the
two in step.
"""

from __future__ import annotations

CONTENT_LIMIT = 2000  # developers/resources/message.mdx, Create Message: content
EMBED_TITLE_LIMIT = 256  # message.mdx, Embed Limits
EMBED_DESCRIPTION_LIMIT = 4096  # message.mdx, Embed Limits
EMBED_FIELDS_LIMIT = 25  # message.mdx, Embed Limits
EMBED_FIELD_NAME_LIMIT = 256  # message.mdx, Embed Limits
EMBED_FIELD_VALUE_LIMIT = 1024  # message.mdx, Embed Limits
EMBED_FOOTER_LIMIT = 2048  # message.mdx, Embed Limits
EMBED_TOTAL_LIMIT = 6000  # message.mdx, Embed Limits: across all the embeds of one message
EMBEDS_PER_MESSAGE = 10  # message.mdx, Create Message: embeds
BUTTON_LABEL_LIMIT = 80  # developers/components/reference.mdx, Button Structure
CUSTOM_ID_LIMIT = 100  # components/reference.mdx, Custom ID
BUTTONS_PER_MESSAGE = 25  # components/reference.mdx: 5 action rows of 5 buttons
BUTTONS_PER_ROW = 5  # components/reference.mdx, Action Row: up to 5 buttons
SELECT_OPTIONS_LIMIT = 25  # components/reference.mdx, String Select: options
SELECT_OPTION_LABEL_LIMIT = 100  # components/reference.mdx, Select Option Structure: label
AUTOCOMPLETE_CHOICES_LIMIT = 25  # interactions/receiving-and-responding.mdx, Autocomplete
CHOICE_NAME_LIMIT = 100  # interactions/application-commands.mdx, Application Command Option Choice
RESPONSE_DEADLINE_SECONDS = 3.0  # receiving-and-responding.mdx: first response within 3 s


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, marked with an ellipsis where it was cut.

    Only for short labels (titles, button labels, footers); long text is split, never cut.
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
