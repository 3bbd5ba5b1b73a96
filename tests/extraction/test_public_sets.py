"""What holds for every public annotated set in tests/eval, whatever its language."""

from __future__ import annotations

from .public_sets import EVAL_DIR, language_rows

SETS = tuple(
    sorted(path.name.removesuffix("_gold.jsonl") for path in EVAL_DIR.glob("*_gold.jsonl"))
)


def test_the_sets_are_there():
    assert {"en", "ru", "tr", "ar", "hy"} <= set(SETS)


def test_every_gold_figure_stands_in_its_sentence(language: str):
    for row in language_rows(language):
        for figure in row["figures"]:
            assert figure["text"] in row["sentence"], row["id"]


def test_every_row_has_its_own_id(language: str):
    ids = [row["id"] for row in language_rows(language)]
    assert len(ids) == len(set(ids))
