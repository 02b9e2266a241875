"""Every reply to the question set at a generated size, one line each, to compare before/after.

Not a test: a speed change that must not change answers at 100k phrasings is checked by running
this on both sides and diffing the outputs (`--size 100000 > before.txt`, then after).
"""

from __future__ import annotations

import argparse

from bench.answer_latency import generated_base
from bot import Bot
from bot.curation.evaluation import load_question_set
from bot.kb import loader
from bot.message import ConversationKey, Message


def main() -> None:
    """Print each question's reply (kind, title, body, suggestions) at `--size` phrasings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000, help="generated phrasings")
    args = parser.parse_args()
    base = loader.load()
    if args.size:
        base = generated_base(base, args.size)
    bot = Bot(base)
    for number, conversation in enumerate(load_question_set().all_turns()):
        key = ConversationKey("identity", thread=str(number))
        for turn in conversation:
            reply = bot.respond(Message(turn.q, key)).reply
            print(repr((turn.q, reply.kind.value, reply.title, reply.body, reply.suggestions)))


if __name__ == "__main__":
    main()
