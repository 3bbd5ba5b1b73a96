"""Fixtures of the extractor's tests: a module scoring public sets names them in ``SETS``
(language codes of ``tests/eval/xx_gold.jsonl``); its tests then take ``language``, one
set at a time, and ``reports``, every set scored once for the module."""

from __future__ import annotations

import pytest

from articles.extraction.evaluation import EvaluationReport, evaluate

from .public_sets import language_rows


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    sets = getattr(metafunc.module, "SETS", None)
    if sets and "language" in metafunc.fixturenames:
        metafunc.parametrize("language", sets, scope="module")


@pytest.fixture(scope="module")
def reports(request: pytest.FixtureRequest) -> dict[str, EvaluationReport]:
    return {code: evaluate(language_rows(code)) for code in request.module.SETS}
