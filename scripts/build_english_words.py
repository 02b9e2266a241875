"""Write `bot/understanding/data/english_words.txt`: common English words spelling correction
leaves alone.

    python scripts/build_english_words.py   # needs wordfreq (a build-time tool, never run time)

Without it "how much does a plumber earn" reads "plumber" as "number" (two edits) and gets a
pay answer. The list is wordfreq's English words of at least MIN_LENGTH letters that occur at
least ZIPF_FLOOR on its Zipf scale (about once in ten million words; 3.0 keeps "plumber"
and "electrician" and leaves out frequent misspellings such as "recieve", 2.75). A word
written without its apostrophe ("shouldnt", "whos") is left out when the contraction is the
more common spelling: those are typos rolebot should still read as "should" and "who".
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "bot" / "understanding" / "data" / "english_words.txt"
ZIPF_FLOOR = 3.0
MIN_LENGTH = 4  # the lexicon never corrects shorter words anyway
CONTRACTIONS = (
    ("nt", "n't"),
    ("s", "'s"),
    ("re", "'re"),
    ("ve", "'ve"),
    ("ll", "'ll"),
    ("d", "'d"),
    ("m", "'m"),
)


def _apostrophe_dropped(word: str) -> bool:
    """Whether `word` is more often written as a contraction ("dont" for "don't")."""
    own = zipf_frequency(word, "en")
    return any(
        word.endswith(end) and zipf_frequency(word[: -len(end)] + full, "en") > own
        for end, full in CONTRACTIONS
    )


def words() -> list[str]:
    """The list, sorted."""
    found = set()
    for word in iter_wordlist("en"):
        if zipf_frequency(word, "en") < ZIPF_FLOOR:
            break  # the list is most frequent first
        real = word.isascii() and word.isalpha() and len(word) >= MIN_LENGTH
        if real and not _apostrophe_dropped(word):
            found.add(word)
    return sorted(found)


def main() -> None:
    """Write the file."""
    listed = words()
    header = "# Common English words never spelling-corrected (scripts/build_english_words.py).\n"
    OUT.write_text(header + "\n".join(listed) + "\n", encoding="utf-8")
    print(f"{len(listed)} words -> {OUT}")


if __name__ == "__main__":
    main()
