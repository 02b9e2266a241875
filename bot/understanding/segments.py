"""Reading a long chat message: drop what carries no question, split the rest into questions.

People pad what they ask ("Hi all! Quick one: ... thanks!!"), tell a story first, or ask two
things at once. Matching the whole message dilutes every score; matching each question part
on its own does not. The parts come back in the order they were asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.text import WHO_WORDS

MIN_PART_WORDS = 2  # "thanks!" alone is padding, not a question
MAX_PARTS = 4  # a message asking more than this is answered from its first questions
MAX_TOPIC_WORDS = 6  # "DE or DS - which should I choose?": a short lead-in names the topic
MAX_REFERRING_WORDS = 4  # ...of a short question after it, which says no more than "which one"
MAX_CHOICE_WORDS = 7  # "the data scientists or the analysts?" after a "who" question

_QUOTED_LINE = re.compile(r"^\s*(>|&gt;).*$", re.MULTILINE)
# Emoji end a thought in chat as a full stop would ("we lost our MLE 😩 who deploys now?").
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_SENTENCE_END = re.compile(
    rf"(?<=[.!?;])\s+|\n+|(?<=\?)(?=\S)|\.{{3,}}|…|\s+-{{1,2}}\s+|:\s+(?=\w)|\s*[{_EMOJI}]+\s*"
)
# Leading or trailing words that only greet, thank, apologise or announce a question.
_PADDING = re.compile(
    r"""^(?:
        (?:hi|hey|hello|hiya|heya|howdy|yo|morning|good\s+(?:morning|afternoon|evening)|greetings)
            (?:\s+(?:all|everyone|everybody|folks|team|guys|there|friends|people|y'?all))?
      | (?:many\s+)?thanks?(?:\s+you)?(?:\s+(?:so\s+much|a\s+lot|in\s+advance|all|everyone))*
      | thx|ty|tia|cheers|much\s+appreciated|appreciate\s+(?:it|any\s+help)|any\s+help\s+appreciated
      | sorry(?:\s+if\s+this\s+is\s+(?:obvious|a\s+(?:dumb|stupid|silly|basic)\s+question))?
      | apologies(?:\s+if\s+this\s+is\s+obvious)?
      | (?:(?:quick|random|dumb|stupid|silly|noob|newbie|basic|simple|weird|honest|naive)\s+)+
            (?:one|question|q|sanity\s+check|check)
      | (?:sanity\s+check|follow[\s-]?up|new\s+joiner\s+aside|side\s+note|context|background
          |bit\s+of\s+(?:background|context)|asking\s+for\s+a\s+friend|if\s+obvious)
      | (?:i\s+)?(?:have\s+)?a\s+(?:quick\s+)?question
      | question\s+for\s+(?:the\s+)?(?:group|team|channel|you\s+all)
      | hope\s+(?:you(?:'re|\s+are)\s+(?:all\s+)?well|this\s+is\s+the\s+right\s+channel)
      | not\s+sure\s+if\s+this\s+is\s+the\s+right\s+(?:channel|place)
      | (?:ok(?:ay)?|so|well|um+|uh+|lol|haha|btw|fyi|also|and|plus|anyway|but)
    )\b[\s,.!:;-]*""",
    re.IGNORECASE | re.VERBOSE,
)
_QUESTION_OPENERS = frozenset(
    """who whos whose whom what whats which how hows why when where is are am was were do does did
    can could should would will shall any anyone anybody tips advice difference differences vs
    versus compare explain tell""".split()
)
# ", and how do they ..." starts a second question inside one sentence.
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:and|also|plus|but)\s+(?=(?:who|what|which|how|why|when|where|is|are|do|does|"
    r"can|should)\b)",
    re.IGNORECASE,
)
# A message that asks rolebot to do something ("write a SQL query ...", "can you approve my
# PR") is a request for work, not a question about roles, whatever words it shares with one.
_TASK_VERBS = frozenset(
    """write rewrite draft compose fix debug approve merge review reset book order buy send email
    schedule remind cancel create generate translate play sing draw lend give make run install
    deploy build refactor summarise summarize calculate compute convert""".split()
)
# Help with using a piece of software ("which excel shortcut pastes values only") is IT
# support, and its name or logo trivia, not a question about roles, whichever tool it names.
_HOW_TO_WORDS = frozenset(
    """shortcut shortcuts hotkey hotkeys keybinding keybindings keyboard formula formulas macro
    macros cell cells paste pastes pasting font fonts password passwords licence license wifi
    printer plugin plugins logo logos mascot pronounce pronounced pronunciation""".split()
)
# "how do I plot two y axes in matplotlib" and "the syntax for a left join in bigquery" ask how
# to work a tool, as the help above does; no labelled question about roles asks "how do I" with
# one of these verbs ("how do I join the data team" does, so "join" is not one of them).
_USING_VERBS = frozenset(
    """plot install uninstall upgrade reshape parse debug configure import export pivot compile
    centre center""".split()
)
_HOW_DO = frozenset(
    {("how", "to"), *(("how", verb) for verb in "do can could would should".split())}
)
_ASKING_YOU = (("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"), ("pls",))
# A lead-in that only says where a question comes from ("system design interview: ...",
# "interview q they always ask MLEs: ...") is context: the question is what follows, not
# how interviews go.
_FRAMING = re.compile(
    r"""^\s*(?:[\w-]+\s+){0,2}interviews?
        (?:\s+(?:q|qs|question|questions))?
        (?:\s+(?:i\s+got|i\s+was\s+asked|they\s+(?:always\s+)?ask(?:\s+\w+)?))?
        \s*[:!.-]*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A thank-you is a message that thanks ("cheers", "appreciate it") or says the answer landed
# ("super helpful", "that cleared it up"), whose every sentence does one of those or praises or
# says what happens next ("I'll share it with the team"), however long, as long as nothing in
# it asks, requests or says the answer missed ("thanks, but...").
_THANKING = frozenset("thanks thank thx ty tysm tyvm cheers appreciate appreciated kudos".split())
# "useful tools for an analyst" asks: alone, these words only say so in phrases like these.
_LANDED_PHRASE = re.compile(
    r"""\b(?:(?:that|this|it|which|you)(?:'?s|'?re|\s+was|\s+is|\s+were|\s+are)?
            (?:\s+(?:really|so|super|very|most|incredibly|extremely|been))*
            \s+(?:helpful|useful|clear|perfect|a\s+lifesaver|a\s+legend|a\s+star)
        | super\s+(?:helpful|useful)
        | (?:makes|made)\s+(?:total\s+)?sense(?:\s+now)?(?=\s*[,.!]|\s*$)
        | (?:clears?|cleared)\s+(?:it|that|this|things|everything)\s+up
        | exactly\s+what\s+i\s+(?:needed|wanted|was\s+looking\s+for))\b""",
    re.IGNORECASE | re.VERBOSE,
)
_LANDED = frozenset(
    """helpful useful helped helps clear clears cleared clarifies sense perfect exactly needed
    lifesaver legend star noted understood gotcha share sharing bookmark bookmarked""".split()
)
_PRAISE = frozenset("great awesome brilliant excellent amazing fantastic cool nice good".split())
_MISSED = frozenset("but however not dont doesnt didnt isnt wasnt still confused wrong".split())
_LEADING_FILLERS = frozenset("ok okay so now and also then next well oh right".split())
MAX_THANKS_WORDS = 40  # past this a message is telling more than thanks
_THANKS_FOR = re.compile(r"^\s*(?:many\s+)?thanks?\s+(?:you\s+)?(?:so\s+much\s+)?for\b", re.I)
_EMOJI_RUN = re.compile(f"[{_EMOJI}]+")
# "interviewer asked me what a feature store is": a question told, not asked, is still one.
_TOLD_QUESTION = re.compile(
    r"""\b(?:asked|asking|asks|ask|wondering|wonder|curious|know|unsure|sure|explain)
        \s+(?:(?:me|us|him|her|them|you|myself)\s+)?
        (?=(?:who|whose|what|which|how|why|when|where|whether)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"['\u2019]")


@dataclass(frozen=True, slots=True)
class Segments:
    """A message as questions: `core` is the message without padding, `parts` each question."""

    core: str
    parts: tuple[str, ...]


def _strip_padding(sentence: str) -> str:
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _PADDING.sub("", sentence.strip())
    return sentence.strip(" ,.;:-")


def _words(text: str) -> list[str]:
    return _WORD.findall(_APOSTROPHE.sub("", text.casefold()))


def _asks(sentence: str) -> bool:
    words = _words(sentence)
    return sentence.rstrip().endswith("?") or bool(words and words[0] in _QUESTION_OPENERS)


def without_framing(text: str) -> str:
    """The message without a lead-in that only says where its question comes from."""
    for separator in (":", " - "):
        head, found, tail = text.partition(separator)
        if found and _FRAMING.match(head):
            return tail.strip()
    return text


def split_message(text: str) -> Segments:
    """The message without padding, and the question parts in it (at least one when any
    words are left)."""
    text = _QUOTED_LINE.sub(" ", text)
    sentences = [
        _strip_padding(s)
        for s in _SENTENCE_END.split(text)
        if not (_THANKS_FOR.match(s) and not _asks(s))  # "thanks for the tour yesterday!"
        and not _FRAMING.match(s)
    ]
    sentences = [s for s in sentences if len(_words(s)) >= MIN_PART_WORDS]
    core = " ".join(sentences)
    clauses = [c.strip() for s in sentences for c in _CLAUSE_BREAK.split(_told(s)) if c.strip()]
    questions: list[str] = []
    for number, clause in enumerate(clauses):
        if not _asks(clause):
            continue
        if questions and _offers_choices(clause) and _asks_who(questions[-1]):
            continue  # "who owns the dashboards? the DS or the analysts?": the choices it offers
        clause = _without_choices(clause)
        before = clauses[number - 1] if number else ""
        if (
            before
            and not _asks(before)
            and len(_words(before)) <= MAX_TOPIC_WORDS
            and len(_words(clause)) <= MAX_REFERRING_WORDS
        ):
            # "MLOps engineer vs ML engineer: what's the difference?" asks about its lead-in.
            clause = f"{before} {clause}"
        questions.append(clause)
    parts = questions or ([core] if core else [])
    return Segments(core, tuple(dict.fromkeys(parts))[:MAX_PARTS])


def _told(sentence: str) -> str:
    """A sentence that asks nothing itself but tells a question ("my manager asked me who
    owns the dashboards"), from the question on; any other sentence as it is."""
    if _asks(sentence):
        return sentence
    found = _TOLD_QUESTION.search(sentence)
    return sentence[found.end() :] if found else sentence


def only_thanks(text: str) -> bool:
    """Whether the message only thanks (and perhaps says the answer helped), asking nothing."""
    words = _words(text)
    if "?" in text or not words or len(words) > MAX_THANKS_WORDS or _MISSED.intersection(words):
        return False
    if not (_THANKING.intersection(words) or _LANDED_PHRASE.search(_plain(text))):
        return False
    for sentence in _SENTENCE_END.split(_QUOTED_LINE.sub(" ", text)):
        said = _words(sentence)
        if said and not (_THANKING | _LANDED | _PRAISE).intersection(said):
            return False  # "thanks. tools for data scientists" goes on to ask something
        for clause in sentence.split(","):
            first = [w for w in _words(clause) if w not in _LEADING_FILLERS][:1]
            if first and (first[0] in _QUESTION_OPENERS or first[0] in _TASK_VERBS):
                return False  # "great, now what does an MLE do"
    return True


def _plain(text: str) -> str:
    """The text with one kind of apostrophe and without emoji ("makes sense 👍" ends there)."""
    return _EMOJI_RUN.sub(" ", _APOSTROPHE.sub("'", text)).strip()


def _asks_who(clause: str) -> bool:
    return bool(WHO_WORDS.intersection(_words(clause)[:2]))


def _offers_choices(clause: str) -> bool:
    """Whether a clause only lists who might be meant ("the DE or the DS?")."""
    words = _words(clause)
    return "or" in words and len(words) <= MAX_CHOICE_WORDS and words[0] not in _QUESTION_OPENERS


def _without_choices(question: str) -> str:
    """A "who" question without the choices it ends on: "who's responsible for duplicates,
    the DE or the DS?" asks who owns the data's quality, not how DE and DS compare."""
    head, comma, tail = question.rpartition(",")
    if comma and _asks_who(head) and _offers_choices(tail):
        return head.strip()
    return question


def asks_for_a_task(text: str) -> bool:
    """Whether the message asks rolebot to do a task ("write me a query", "can you approve my
    PR?") or for help using software ("which excel shortcut..."), rather than about roles."""
    words = [w for w in _words(text) if w not in ("please", "pls", "me")]
    if _HOW_TO_WORDS.intersection(words) or _how_to_use(words):
        return True
    for opener in _ASKING_YOU:
        if tuple(words[: len(opener)]) == opener:
            words = words[len(opener) :]
            break
    return bool(words) and words[0] in _TASK_VERBS


def asks_how_to_use(text: str) -> bool:
    """Whether the text asks how to do something with software ("how do I plot two y axes in
    matplotlib", "how to install tensorflow"): help using a tool, not a question about who uses
    it, as does asking for its syntax. The verb comes right after "how to", or after "how do I"
    (we, you)."""
    return _how_to_use(_words(text))


def _how_to_use(words: list[str]) -> bool:
    if "syntax" in words:
        return True
    # "how to plot": the verb comes next; "how do I plot": one word (I, we, you) later.
    return any(
        (words[i], words[i + 1]) in _HOW_DO and words[verb] in _USING_VERBS
        for i in range(len(words) - 2)
        if (verb := i + 2 if words[i + 1] == "to" else i + 3) < len(words)
    )
