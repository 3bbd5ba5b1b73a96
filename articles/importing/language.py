"""An article's language (ISO 639-1) from its cleaned text, or "" when it cannot be told.

Identification is py3langid's (the maintained fork of langid.py, from trafilatura's author,
whose extractor reads our HTML): a naive Bayes model over byte n-grams that ships inside
its wheel, so nothing is downloaded at run time. A hand list of function words cannot tell
Azerbaijani from Turkish or Persian from Arabic. We chose it over lingua-language-detector
for three measured reasons: it is about three times faster on the same sample (≈0.2 ms for
our 600 characters against ≈0.65 ms, on one core), its wheel is 5 MB against 96 MB, and it
knows Serbian in Latin script, which lingua restricted to our languages calls Turkish.

Only the first ``SAMPLE_CHARS`` characters are read: a paragraph settles it, and the cost
grows with the sample. Detection adds about 0.25 ms an article: ``benchmark import`` of
10,000 articles into PostgreSQL took 36.1 s instead of 33.3 s. The model is restricted to
``LANGUAGES``: the languages the desk meets, with a few large neighbours so that, say, a
Portuguese article is not called Spanish. Croatian and Bosnian are left out on purpose: the
full model takes Serbian in Latin script for them. Text with fewer than ``MIN_LETTERS``
letters, or that the model is unsure of, is left blank rather than guessed.
"""

from __future__ import annotations

from functools import cache

# py3langid ships no type hints; the two names used here are its documented API.
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# The languages the desk meets (the South Caucasus press and those who report on it)...
DESK_LANGUAGES = (
    "en", "ru", "tr", "az", "hy", "ka", "uk", "fa", "ar", "pl", "sr", "sv", "hu", "it",
    "fr", "de", "es",
)  # fmt: skip
# ...and large neighbours, so that their articles are named rather than mistaken for ours.
NEIGHBOUR_LANGUAGES = (
    "pt", "nl", "ro", "cs", "sk", "el", "he", "bg", "be", "kk", "uz", "fi", "da", "no",
    "zh", "ja", "ko", "hi", "ur",
)  # fmt: skip
LANGUAGES: tuple[str, ...] = DESK_LANGUAGES + NEIGHBOUR_LANGUAGES

SAMPLE_CHARS = 600
MIN_LETTERS = 20
# The model's probability (normalised over LANGUAGES) below which we say nothing: a line of
# figures or a lone place name scores well under it, a sentence of real text far above.
MIN_CONFIDENCE = 0.5


@cache
def _identifier() -> LanguageIdentifier:
    # Loading the model takes about half a second: once per process, on first use.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or "" when unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return ""
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else ""
