"""Career moves: which role a text moves from and which it moves to.

"is switching from SWE to data engineering a good move?" and "how does a data engineer become
an ML engineer?" share most of their words and both name data engineering, yet they ask about
opposite moves. Read with the roles' positions, the words just before a role say which end of
the move it is: "into data engineering", "become an MLE" and "to MLE" point at where the move
goes, "from DS" at where it starts. An answer's own phrasings, read the same way, say which
move it answers, so the ranker can prefer the answer that goes where the question goes. Trades
outside the data roles (software engineering, product management) are ends of a move too: an
answer for backend developers moving into ML starts elsewhere than a data scientist's move.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.kb.records import EntityKind
from bot.understanding.lexicon import Reading

# Words that, just before a role, make it where the move goes ("get into MLE", "become a DS").
TOWARDS = frozenset("into become becoming becomes became towards toward".split())
# "to" and "from" say it only in a text about moving ("go straight to ML engineer", "switching
# from DS"), or between two roles ("DS to MLE"): elsewhere "talk to the MLEs" or "different
# from a DS" names no move.
TO = "to"
FROM = "from"
MOVING = frozenset(
    (
        "move moving moved switch switching switched transition transitioning transitioned "
        "pivot pivoting pivoted change changing career go going get getting jump jumping "
        "route path retrain retraining reskill coming came"
    ).split()
)
# In a text about moving, words that just before a role say it is the asker's own, where the
# move starts ("I'm a data engineer ... is MLE a realistic next step?", "2 yrs as an analyst").
IDENTITY = frozenset("im am as doing currently".split())
# ...and the word after it in chat's "analyst here, how do I level up into data science".
HERE = "here"
# Verbs that, just after a role, make it the one that moves ("can a data analyst move into
# DE", "how does a DE become an MLE"); nouns such as "career" or "path" do not ("where does a
# data engineer career lead").
MOVES_ON = frozenset(
    (
        "move moving moves moved switch switching switches switched transition transitioning "
        "pivot pivoting go going goes jump jumping get getting become becoming becomes"
    ).split()
)
# The only words "to" may stand apart from its role by: "to an MLE", not "to do DS".
BETWEEN_TO = frozenset("a an the straight directly either full proper".split())
# Trades outside the data roles that careers move between: an answer about leaving software
# engineering for ML is not one about leaving data science ("3 years as a data scientist...
# what do I need to switch over to ML engineering?").
SOFTWARE = "software-engineer"
PRODUCT = "product-manager"
_SOFTWARE_FIELDS = "software backend frontend web mobile app fullstack".split()
_SOFTWARE_WORK = "engineer engineers engineering developer developers development dev devs".split()
TRADES: dict[tuple[str, ...], str] = {
    **{(field, work): SOFTWARE for field in _SOFTWARE_FIELDS for work in _SOFTWARE_WORK},
    **{("product", work): PRODUCT for work in ("manager", "managers", "management")},
    **{
        (word,): SOFTWARE
        for word in "developer developers programmer programmers coder coders".split()
    },
    **{(word,): PRODUCT for word in ("pm", "pms")},
}
TRADE_STARTS = frozenset(words[0] for words in TRADES)
WINDOW = 4  # words a cue may stand before the role it points at ("into either backend or MLE")
# An answer moves towards a role when at least this share of its phrasings that name a move
# say so, and at least MIN_PHRASINGS of them do: one phrasing mentioning a move is no move.
ANSWER_SHARE = 0.5
MIN_PHRASINGS = 2


@dataclass(frozen=True, slots=True)
class Move:
    """The roles a text moves from and to (either may be empty)."""

    origin: frozenset[str] = frozenset()
    destination: frozenset[str] = frozenset()


def read_move(reading: Reading) -> Move:
    """The move a text names: each role (or trade) is where the move goes or starts when the
    nearest cue word within WINDOW words before it (and after the previous entity) says so."""
    moving = bool(MOVING.intersection(reading.words))
    origin: set[str] = set()
    destination: set[str] = set()
    own: set[str] = set()
    previous: Place | None = None
    for place in _places(reading):
        start = max(previous.end if previous else 0, place.start - WINDOW)
        before = reading.words[start : place.start]
        if place.role and previous is not None and previous.role and before == (TO,):
            origin.add(previous.role)
            destination.add(place.role)
        elif place.role:
            _cued(before, moving, place.role, origin, destination)
            # "can a data analyst move into...", "how does a DE become an MLE": the role
            # that moves is where the move starts.
            after = reading.words[place.end : place.end + 1]
            if (
                IDENTITY.intersection(before[-2:])
                or MOVES_ON.intersection(after)
                or after == (HERE,)
            ):
                own.add(place.role)
        previous = place
    if moving or destination:
        origin |= own - destination
    return Move(frozenset(origin), frozenset(destination))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a text names an entity: word positions [start, end), and the role or trade it
    is (empty for a stage or a tool)."""

    start: int
    end: int
    role: str


def _places(reading: Reading) -> list[Place]:
    """The entities a text names and the trades outside the roles ("backend dev", "PM"), in
    order."""
    places = [
        Place(s.start, s.end, s.ref.id if s.ref.kind is EntityKind.ROLE else "")
        for s in reading.spans
    ]
    if TRADE_STARTS.isdisjoint(reading.words):  # most texts name no trade
        return places
    named = reading.named_positions
    words = reading.words
    i = 0
    while i < len(words):
        length = 0 if i in named else _trade_length(words, i)
        if length:
            places.append(Place(i, i + length, TRADES[words[i : i + length]]))
        i += length or 1
    return sorted(places, key=lambda place: place.start)


def _trade_length(words: tuple[str, ...], i: int) -> int:
    """How many words from `i` name a trade (0: none does), the longer name first."""
    return next((n for n in (2, 1) if i + n <= len(words) and words[i : i + n] in TRADES), 0)


def _cued(
    before: tuple[str, ...], moving: bool, role: str, origin: set[str], destination: set[str]
) -> None:
    """Adds `role` to where a move goes or starts, as the nearest cue among `before` says."""
    for distance, word in enumerate(reversed(before)):
        if word in TOWARDS:
            destination.add(role)
            return
        if moving and word == TO and all(w in BETWEEN_TO for w in before[-distance:] if distance):
            destination.add(role)
            return
        if moving and word == FROM:
            origin.add(role)
            return


def answer_move(moves: Iterable[Move]) -> Move:
    """The move an answer is about, from the moves its phrasings name: the roles most of
    those phrasings go to (or start from)."""
    named = [m for m in moves if m.origin or m.destination]
    if len(named) < MIN_PHRASINGS:
        return Move()
    origins = Counter(role for m in named for role in m.origin)
    destinations = Counter(role for m in named for role in m.destination)

    def usual(counts: Counter[str]) -> frozenset[str]:
        least = max(MIN_PHRASINGS, ANSWER_SHARE * len(named))
        return frozenset(role for role, count in counts.items() if count >= least)

    return Move(usual(origins), usual(destinations))


def move_features(asked: Move, answer: Move) -> tuple[float, float]:
    """Whether an answer goes where a question's move goes (1, 0), goes elsewhere, starts
    elsewhere or goes the other way (0, 1), or neither can be told (0, 0)."""
    differs = bool(
        (asked.destination and answer.destination and not asked.destination & answer.destination)
        or (asked.origin and answer.origin and not asked.origin & answer.origin)
        or _reversed(asked, answer)
    )
    agrees = bool(asked.destination & answer.destination) and not differs
    return float(agrees), float(differs)


def goes_back(asked: Move, answer: Move) -> bool:
    """Whether an answer's move is the question's the other way round: it starts where the
    question goes and goes where the question starts ("how does a data engineer become an ML
    engineer?" against "can an ML engineer switch to data engineering?")."""
    return bool(asked.origin & answer.destination and asked.destination & answer.origin)


def _reversed(asked: Move, answer: Move) -> bool:
    """The question goes where the answer starts, or starts where it goes ("from backend to
    data engineering" against "out of data engineering into software"): the answer's other
    end may be no role the knowledge describes, so only the shared end can tell."""
    into_its_origin = (
        asked.destination & answer.origin and not asked.destination & answer.destination
    )
    out_of_its_destination = asked.origin & answer.destination and not asked.origin & answer.origin
    return bool(into_its_origin or out_of_its_destination)
