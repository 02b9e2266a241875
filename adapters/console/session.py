"""A console conversation: turns typed lines into messages and keeps the last suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.console.core import ConversationKey, Core, Message, MessageKind, Reply

CONSOLE_KEY = ConversationKey(platform="console", channel="terminal")
COMMAND_PREFIX = "/"


def to_message(line: str, key: ConversationKey = CONSOLE_KEY) -> Message:
    """A console line as a message: ``/compare ds mle`` is a command, anything else a question."""
    stripped = line.strip()
    if stripped.startswith(COMMAND_PREFIX):
        return Message(stripped[len(COMMAND_PREFIX) :], key, MessageKind.COMMAND)
    return Message(stripped, key)


@dataclass
class ConsoleSession:
    """One conversation; typing a suggestion's number asks that suggestion."""

    core: Core
    key: ConversationKey = CONSOLE_KEY
    last: Reply | None = field(default=None)

    def turn(self, line: str) -> Reply:
        """Answer one typed line."""
        choice = line.strip()
        message = to_message(line, self.key)
        if self.last is not None and choice.isdigit():
            index = int(choice) - 1
            if 0 <= index < len(self.last.suggestions):
                # A picked suggestion goes back as a command, as a click does on Slack/Discord.
                query = self.last.suggestions[index].query
                message = Message(query, self.key, MessageKind.COMMAND)
        self.last = self.core.respond(message).reply
        return self.last
